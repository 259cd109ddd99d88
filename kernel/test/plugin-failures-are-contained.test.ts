import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';
import { errorLogCapture } from './support/logged-errors.ts';

describe('a misbehaving plugin', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('faulty'), fixturePlugin('notes')], env: { HANDLER_TIMEOUT_MS: '300' } });
  });
  afterAll(async () => kit?.close());

  it('a throwing route answers 500 problem+json without its internals, and the kernel keeps serving', async () => {
    const response = await kit.request<{ code: string; detail: string; requestId: string }>('GET', '/api/v1/faulty/throws');
    expect(response.status).toBe(500);
    expect(response.body.code).toBe('internal');
    expect(response.body.detail).not.toContain('boom');
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
    expect((await kit.request('GET', '/api/v1/notes/notes')).status).toBe(200);
  });

  it('a hanging route is cut off at the time limit with 503', async () => {
    const response = await kit.request<{ code: string }>('GET', '/api/v1/faulty/hangs');
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('plugins.handler_timeout');
    expect((await kit.request('GET', '/api/v1/notes/notes')).status).toBe(200);
  });

  it('a handler that wakes after its time limit cannot write: its transaction is over', async () => {
    const response = await kit.request<{ code: string }>('POST', '/api/v1/faulty/sleeps-then-writes', { body: {} });
    expect(response.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await kit.kernel.db.query("select * from faulty.marks where mark = 'late'")).toEqual([]);
  });

  it('a route that writes and then throws leaves nothing behind', async () => {
    const response = await kit.request('POST', '/api/v1/faulty/writes-then-throws', { body: {} });
    expect(response.status).toBe(500);
    const rows = await kit.kernel.db.query("select * from faulty.marks where mark = 'partial'");
    expect(rows).toEqual([]);
  });
});

describe.each(DATABASE_KINDS)('a GET route that writes, on %s', (db) => {
  let kit: TestKernel;
  const { logger, logged } = errorLogCapture();
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('faulty')], db, logger });
  });
  afterAll(async () => kit?.close());

  it('answers 500, keeps nothing, and the log tells the plugin author to move the change to a write route', async () => {
    const response = await kit.request<{ code: string; detail: string }>('GET', '/api/v1/faulty/writes-on-a-read');
    expect(response.status).toBe(500);
    expect(response.body.code).toBe('internal');
    expect(await kit.kernel.db.query("select * from faulty.marks where mark = 'read'")).toEqual([]);
    expect(logged.join('\n')).toContain(
      "faulty GET /writes-on-a-read tried to change data: a GET route's handler runs in a read-only transaction. Move the change to a POST, PUT, PATCH or DELETE route.",
    );
  });
});

describe('a plugin route caught in a deadlock (PostgreSQL)', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('faulty')], db: 'postgres' });
  });
  afterAll(async () => kit?.close());

  it('the request PostgreSQL rolls back answers 503 database.retry with retry-after, not 500; the other succeeds', async () => {
    const answers = await Promise.all([
      kit.request<{ code?: string }>('POST', '/api/v1/faulty/locks/71/72', { body: {} }),
      kit.request<{ code?: string }>('POST', '/api/v1/faulty/locks/72/71', { body: {} }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 503]);
    const refused = answers.find((a) => a.status === 503)!;
    expect(refused.body.code).toBe('database.retry');
    expect(refused.headers['retry-after']).toBe('1');
  });
});
