import { DATABASE_KINDS, eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port.ts';
import { createTestKernel, type TestKernel } from '../src/test-kit/test-kernel.ts';
import { fixturePlugin } from './support/fixtures.ts';
import { errorLogCapture } from './support/logged-errors.ts';

interface Summary {
  readonly count: number;
  readonly total: number;
  readonly source: 'primary' | 'replica';
  readonly lagSeconds: number | null;
}

const entries = async (kit: TestKernel) =>
  Number(
    (await kit.kernel.db.query<{ n: string }>('select count(*) as n from ledger.entries where tenant_id = $1', [kit.tenant.id]))[0]!.n,
  );

describe.each(DATABASE_KINDS)('without REPORTING_DATABASE_URL (%s)', (db) => {
  let kit: TestKernel;
  const { logger, logged } = errorLogCapture();
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('ledger')], db, logger });
  });
  afterAll(async () => kit?.close());

  it("a readFrom: 'reporting' route reads the primary, at once, and says so: lag 0", async () => {
    expect((await kit.request('POST', '/api/v1/ledger/entries', { body: { amount: 120 } })).status).toBe(201);
    const response = await kit.request<Summary>('GET', '/api/v1/ledger/summary');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ count: 1, total: 120, source: 'primary', lagSeconds: 0 });
  });

  it('its transaction is read-only on the primary too: a write fails with the read-only problem and changes nothing', async () => {
    logged.length = 0;
    const response = await kit.request<{ code: string }>('GET', '/api/v1/ledger/summary/and-a-write');
    expect(response.status).toBe(500);
    expect(response.body.code).toBe('internal');
    expect(logged.join('\n')).toContain(
      "ledger GET /summary/and-a-write tried to change data: a GET route's handler runs in a read-only transaction.",
    );
    expect(await entries(kit)).toBe(1);
  });

  it('/readyz has no reporting database to check', async () => {
    const ready = await kit.request<{ status: string; checks: Array<{ name: string }> }>('GET', '/readyz');
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks.map((check) => check.name)).not.toContain('reporting-database');
  });

  it('the OpenAPI document describes the route as before (readFrom is not part of the API)', async () => {
    const document = await kit.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/docs/json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths['/api/v1/ledger/summary'] ?? {})).toEqual(['get']);
    expect(JSON.stringify(document.body.paths['/api/v1/ledger/summary'])).not.toMatch(/readFrom|reporting/);
  });
});

describe("a readFrom: 'reporting' route on the primary reads one snapshot (postgres)", () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('ledger')], db: 'postgres' });
  });
  afterAll(async () => kit?.close());

  it('a write committed while it runs is not in it; the next report sees it', async () => {
    const activePause = () =>
      kit.kernel.db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where query like '%ledger pause%' and state = 'active' and pid <> pg_backend_pid()`,
      );
    let answered = false;
    const report = kit.request<{ first: number; second: number; source: string }>(
      'GET',
      '/api/v1/ledger/summary/in-one-snapshot?pauseSeconds=2',
    );
    void report.then(() => (answered = true));
    expect((await eventually(activePause, ([row]) => row?.n === 1))[0]?.n).toBe(1);
    expect((await kit.request('POST', '/api/v1/ledger/entries', { body: { amount: 3 } })).status).toBe(201);
    expect(answered).toBe(false);
    expect((await report).body).toEqual({ first: 0, second: 0, source: 'primary', lagSeconds: 0 });
    expect((await kit.request<Summary>('GET', '/api/v1/ledger/summary')).body).toEqual({
      count: 1,
      total: 3,
      source: 'primary',
      lagSeconds: 0,
    });
  });
});

// A replica that does not answer — down at start, or never there — costs the kernel nothing but its reports.
describe('REPORTING_DATABASE_URL naming a server that does not answer (postgres)', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    const nobodyListens = await freePort();
    kit = await createTestKernel({
      plugins: [fixturePlugin('ledger')],
      db: 'postgres',
      env: { REPORTING_DATABASE_URL: `postgres://postgres@127.0.0.1:${nobodyListens}/postgres` },
    });
  });
  afterAll(async () => kit?.close());

  it('the kernel starts; reports answer 503 reporting.unavailable with Retry-After; writes and primary reads go on', async () => {
    const report = await kit.request<{ code: string; status: number }>('GET', '/api/v1/ledger/summary');
    expect(report.status).toBe(503);
    expect(report.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(report.headers['retry-after']).toBe('5');
    expect(report.body).toMatchObject({ code: 'reporting.unavailable', status: 503 });

    expect((await kit.request('POST', '/api/v1/ledger/entries', { body: { amount: 9 } })).status).toBe(201);
    const onThePrimary = await kit.request<Summary>('GET', '/api/v1/ledger/summary/primary');
    expect(onThePrimary.body).toEqual({ count: 1, total: 9, source: 'primary', lagSeconds: 0 });
  });

  it('/readyz stays 200, degraded, naming the reporting database', async () => {
    const ready = await kit.request<{ status: string; checks: Array<{ name: string; ok: boolean; required?: boolean }> }>('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.checks).toContainEqual(expect.objectContaining({ name: 'reporting-database', ok: false, required: false }));
  });
});
