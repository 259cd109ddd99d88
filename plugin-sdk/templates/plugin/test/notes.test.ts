import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));

describe.each(['pglite', 'postgres'] as const)('__DISPLAY__ on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [pluginDir], db });
  });
  afterAll(async () => kit?.close());

  it('adds a note and lists it', async () => {
    const created = await kit.request<{ id: string; body: string }>('POST', '/api/v1/__ID__/notes', { body: { body: 'First note' } });
    expect(created.status).toBe(201);
    expect(created.body.body).toBe('First note');
    const listed = await kit.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/__ID__/notes');
    expect(listed.body.items.map((note) => note.id)).toEqual([created.body.id]);
  });

  it('refuses an empty note and writes nothing', async () => {
    const before = await kit.request<{ items: unknown[] }>('GET', '/api/v1/__ID__/notes');
    const refused = await kit.request<{ code: string }>('POST', '/api/v1/__ID__/notes', { body: { body: '' } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('request.invalid');
    const after = await kit.request<{ items: unknown[] }>('GET', '/api/v1/__ID__/notes');
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('answers with the tenant’s greeting setting', async () => {
    const response = await kit.request<{ greeting: string }>('GET', '/api/v1/__ID__/greeting');
    expect(response.body.greeting).toBe('Hello from __DISPLAY__');
  });
});
