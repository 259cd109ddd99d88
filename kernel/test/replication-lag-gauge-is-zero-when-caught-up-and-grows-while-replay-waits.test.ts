import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugin } from './support/fixtures.ts';
import { scrape } from './support/metrics-scrape.ts';
import { startStreamingReplica, type StreamingReplica } from './support/streaming-replica.ts';

const lagOf = async (kit: TestKernel) => (await scrape(kit)).value('kits_reporting_replication_lag_seconds');

// A real hot standby streaming from a primary started here: the gauge reads the standby's replay.
describe('kits_reporting_replication_lag_seconds on a streaming replica', () => {
  let servers: StreamingReplica | undefined;
  let kit: TestKernel;

  beforeAll(async () => {
    servers = await startStreamingReplica();
    kit = await createTestKernel({
      plugins: [fixturePlugin('ledger')],
      env: { DATABASE_URL: servers.primaryUrl, REPORTING_DATABASE_URL: servers.replicaUrl },
    });
  }, 180_000);
  afterAll(async () => {
    await kit?.close();
    await servers?.destroy();
  }, 60_000);

  const write = async (amount: number) => {
    const response = await kit.request('POST', '/api/v1/ledger/entries', { body: { amount } });
    expect(response.status).toBe(201);
  };

  it('reads 0 once the replica has replayed what it received, however long the primary stays idle', async () => {
    await write(10);
    expect(
      await eventually(
        () => lagOf(kit),
        (lag) => lag === 0,
      ),
    ).toBe(0);
    // The last replayed commit grows old while nothing is written: that is not lag.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await lagOf(kit)).toBe(0);
  });

  it('grows while replay is paused with WAL waiting, and is 0 again once replay resumes', async () => {
    await servers!.onReplica('select pg_wal_replay_pause()');
    try {
      await eventually(
        () => servers!.onReplica<{ state: string }>('select pg_get_wal_replay_pause_state() as state'),
        ([row]) => row?.state === 'paused',
      );
      await write(20);
      const behind = (await eventually(
        () => lagOf(kit),
        (lag) => (lag ?? 0) > 0,
      ))!;
      expect(behind).toBeGreaterThan(0);
      const later = await eventually(
        () => lagOf(kit),
        (lag) => (lag ?? 0) > behind + 0.5,
      );
      expect(later).toBeGreaterThan(behind);
    } finally {
      await servers!.onReplica('select pg_wal_replay_resume()');
    }
    expect(
      await eventually(
        () => lagOf(kit),
        (lag) => lag === 0,
      ),
    ).toBe(0);
  });

  it('has no sample while the replica is down, and reads again once it is back', async () => {
    await servers!.stopReplica();
    try {
      const metrics = await scrape(kit);
      expect(metrics.value('kits_reporting_replication_lag_seconds')).toBeUndefined();
      expect(metrics.value('kits_outbox_pending_events')).toBeGreaterThanOrEqual(0);
    } finally {
      await servers!.startReplica();
    }
    expect(
      await eventually(
        () => lagOf(kit),
        (lag) => lag === 0,
        20_000,
      ),
    ).toBe(0);
  });
});
