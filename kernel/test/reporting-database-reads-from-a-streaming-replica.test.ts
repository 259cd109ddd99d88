import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKernel, type TestKernel } from '../src/test-kit/test-kernel.ts';
import { fixturePlugin } from './support/fixtures.ts';
import { errorLogCapture } from './support/logged-errors.ts';
import { startStreamingReplica, type StreamingReplica } from './support/streaming-replica.ts';

interface Summary {
  readonly count: number;
  readonly total: number;
  readonly source: 'primary' | 'replica';
  readonly lagSeconds: number | null;
}

const entriesOnThePrimary = async (kit: TestKernel, tenantId: string) =>
  Number((await kit.kernel.db.query<{ n: string }>('select count(*) as n from ledger.entries where tenant_id = $1', [tenantId]))[0]!.n);

// A real hot standby streaming from a primary started here (initdb, pg_basebackup -R -X stream):
// the kernel writes to DATABASE_URL and reads `readFrom: 'reporting'` routes from REPORTING_DATABASE_URL.
describe('REPORTING_DATABASE_URL: reports read a streaming replica', () => {
  let servers: StreamingReplica | undefined;
  let kit: TestKernel;
  const { logger, logged } = errorLogCapture();

  beforeAll(async () => {
    servers = await startStreamingReplica();
    kit = await createTestKernel({
      plugins: [fixturePlugin('ledger')],
      env: { DATABASE_URL: servers.primaryUrl, REPORTING_DATABASE_URL: servers.replicaUrl },
      logger,
    });
  }, 180_000);
  afterAll(async () => {
    await kit?.close();
    await servers?.destroy();
  }, 60_000);

  const summary = () => kit.request<Summary>('GET', '/api/v1/ledger/summary');
  const write = async (amount: number) => {
    const response = await kit.request('POST', '/api/v1/ledger/entries', { body: { amount } });
    expect(response.status).toBe(201);
  };

  it('a write on the primary shows on the replica once replayed; the route says it read the replica, caught up', async () => {
    const before = await summary();
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ count: 0, total: 0, source: 'replica' });

    await write(250);
    const after = await eventually(summary, (response) => response.body.count === 1);
    expect(after.body).toMatchObject({ count: 1, total: 250, source: 'replica' });
    expect(typeof after.body.lagSeconds).toBe('number');
    expect(after.body.lagSeconds).toBeGreaterThanOrEqual(0);
    // With nothing more to replay, an idle primary is no lag.
    const idle = await eventually(summary, (response) => response.body.lagSeconds === 0);
    expect(idle.body).toMatchObject({ count: 1, total: 250, source: 'replica', lagSeconds: 0 });
  });

  it('the same route without readFrom reads the primary, lag 0', async () => {
    const response = await kit.request<Summary>('GET', '/api/v1/ledger/summary/primary');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ count: 1, total: 250, source: 'primary', lagSeconds: 0 });
  });

  it('replay paused: the replica shows the old state with a growing lag; resumed: caught up, lag 0', async () => {
    await servers!.onReplica('select pg_wal_replay_pause()');
    try {
      await eventually(
        () => servers!.onReplica<{ state: string }>('select pg_get_wal_replay_pause_state() as state'),
        ([row]) => row?.state === 'paused',
      );
      await write(100);
      expect(await entriesOnThePrimary(kit, kit.tenant.id)).toBe(2);

      // The WAL arrives but is not replayed: the lag counts from the last replayed commit.
      const behind = await eventually(summary, (response) => (response.body.lagSeconds ?? 0) > 0);
      expect(behind.body).toMatchObject({ count: 1, total: 250, source: 'replica' });
      expect(behind.body.lagSeconds).toBeGreaterThan(0);
      const later = await eventually(summary, (response) => (response.body.lagSeconds ?? 0) > behind.body.lagSeconds!);
      expect(later.body).toMatchObject({ count: 1, total: 250, source: 'replica' });
      expect(later.body.lagSeconds).toBeGreaterThan(behind.body.lagSeconds!);
    } finally {
      await servers!.onReplica('select pg_wal_replay_resume()');
    }
    const caughtUp = await eventually(summary, (response) => response.body.count === 2 && response.body.lagSeconds === 0);
    expect(caughtUp.body).toEqual({ count: 2, total: 350, source: 'replica', lagSeconds: 0 });
  });

  it('a report reads one snapshot, dated by its lag: what the replica replays while it runs is not in it', async () => {
    const activePause = () =>
      servers!.onReplica<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where query like '%ledger pause%' and state = 'active' and pid <> pg_backend_pid()`,
      );
    let answered = false;
    let report: Promise<{ status: number; body: Summary & { first: number; second: number } }>;
    await servers!.onReplica('select pg_wal_replay_pause()');
    try {
      await eventually(
        () => servers!.onReplica<{ state: string }>('select pg_get_wal_replay_pause_state() as state'),
        ([row]) => row?.state === 'paused',
      );
      await write(5);
      report = kit.request<Summary & { first: number; second: number }>('GET', '/api/v1/ledger/summary/in-one-snapshot?pauseSeconds=3');
      void report.then(() => (answered = true));
      // The report has counted once and is pausing.
      expect((await eventually(activePause, ([row]) => row?.n === 1))[0]?.n).toBe(1);
    } finally {
      await servers!.onReplica('select pg_wal_replay_resume()');
    }
    const caughtUp = await eventually(
      () => servers!.onReplica<{ done: boolean }>('select pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as done'),
      ([row]) => row?.done === true,
    );
    expect(caughtUp[0]?.done).toBe(true);
    // The write was replayed while the report was still running.
    expect(answered).toBe(false);
    const response = await report!;
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ first: 2, second: 2, source: 'replica' });
    expect(response.body.lagSeconds).toBeGreaterThan(0);
    expect((await eventually(summary, (next) => next.body.count === 3)).body).toMatchObject({ count: 3, total: 355, source: 'replica' });
  });

  it('the replica keeps tenants apart as the primary does (row-level security, the tenant setting)', async () => {
    const other = await kit.createTenant();
    const written = await kit.request('POST', '/api/v1/ledger/entries', { token: other.admin.token, body: { amount: 7 } });
    expect(written.status).toBe(201);
    const theirs = await eventually(
      () => kit.request<Summary>('GET', '/api/v1/ledger/summary', { token: other.admin.token }),
      (response) => response.body.count === 1,
    );
    expect(theirs.body).toMatchObject({ count: 1, total: 7, source: 'replica' });
    expect((await summary()).body).toMatchObject({ count: 3, total: 355, source: 'replica' });
  });

  it('a write in a route that reads from the reporting database fails with the read-only problem, and nothing is written', async () => {
    logged.length = 0;
    const response = await kit.request<{ code: string }>('GET', '/api/v1/ledger/summary/and-a-write');
    expect(response.status).toBe(500);
    expect(response.body.code).toBe('internal');
    expect(logged.join('\n')).toContain(
      "ledger GET /summary/and-a-write tried to change data: a GET route's handler runs in a read-only transaction. Move the change to a POST, PUT, PATCH or DELETE route.",
    );
    expect(await entriesOnThePrimary(kit, kit.tenant.id)).toBe(3);
  });

  it('the replica away: reports answer 503 reporting.unavailable, /readyz is degraded, sales go on; back, reports are too', async () => {
    await servers!.stopReplica();
    try {
      const report = await kit.request<{ code: string; detail: string }>('GET', '/api/v1/ledger/summary');
      expect(report.status).toBe(503);
      expect(report.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(report.headers['retry-after']).toBe('5');
      expect(report.body.code).toBe('reporting.unavailable');
      expect(report.body.detail).toMatch(/reporting database/);

      const ready = await kit.request<{ status: string; checks: Array<{ name: string; ok: boolean }> }>('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.checks).toContainEqual(expect.objectContaining({ name: 'reporting-database', ok: false }));
      expect(ready.body.checks).toContainEqual(expect.objectContaining({ name: 'database', ok: true }));

      await write(40);
      expect(await entriesOnThePrimary(kit, kit.tenant.id)).toBe(4);
      const onThePrimary = await kit.request<Summary>('GET', '/api/v1/ledger/summary/primary');
      expect(onThePrimary.body).toEqual({ count: 4, total: 395, source: 'primary', lagSeconds: 0 });
    } finally {
      await servers!.startReplica();
    }
    const back = await eventually(summary, (response) => response.status === 200 && response.body.count === 4, 30_000);
    expect(back.body).toMatchObject({ count: 4, total: 395, source: 'replica' });
    const ready = await kit.request<{ status: string }>('GET', '/readyz');
    expect(ready.body.status).toBe('ready');
  }, 60_000);
});
