import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin } from '../../testing/first-party-plugins.ts';
import { createTestKernel, type TestKernel } from '../src/test-kit/test-kernel.ts';
import { startStreamingReplica, type StreamingReplica } from './support/streaming-replica.ts';

interface Meta {
  readonly source: 'primary' | 'replica';
  readonly lagSeconds: number | null;
}

// The reports plugin's routes declare `readFrom: 'reporting'`: with a replica they read it, and
// every answer's meta says so, with the replica's lag.
describe('the reports plugin on a streaming replica', () => {
  let servers: StreamingReplica | undefined;
  let kit: TestKernel;

  beforeAll(async () => {
    servers = await startStreamingReplica();
    kit = await createTestKernel({
      plugins: [firstPartyPlugin('core-inventory'), firstPartyPlugin('reports')],
      env: { DATABASE_URL: servers.primaryUrl, REPORTING_DATABASE_URL: servers.replicaUrl },
    });
  }, 180_000);
  afterAll(async () => {
    await kit?.close();
    await servers?.destroy();
  }, 60_000);

  const dashboard = () => kit.request<{ meta: Meta }>('GET', '/api/v1/reports/dashboard');

  it('the dashboard, sales and inventory health answer from the replica, caught up: lag 0', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const url of [
      '/api/v1/reports/dashboard',
      `/api/v1/reports/sales?from=${today}&to=${today}`,
      '/api/v1/reports/inventory-health',
    ]) {
      const response = await eventually(
        () => kit.request<{ meta: Meta }>('GET', url),
        (answer) => answer.status === 200 && answer.body.meta.lagSeconds === 0,
      );
      expect(response.status).toBe(200);
      expect(response.body.meta).toMatchObject({ source: 'replica', lagSeconds: 0 });
    }
  });

  it("with the replica's replay paused behind a write, the dashboard says how far behind it is", async () => {
    await servers!.onReplica('select pg_wal_replay_pause()');
    try {
      const added = await kit.request('POST', '/api/v1/tenants/current/locations', { body: { name: 'Harbour Kiosk', kind: 'store' } });
      expect(added.status).toBe(201);
      const behind = await eventually(dashboard, (answer) => (answer.body.meta.lagSeconds ?? 0) > 0);
      expect(behind.status).toBe(200);
      expect(behind.body.meta.source).toBe('replica');
      expect(behind.body.meta.lagSeconds).toBeGreaterThan(0);
    } finally {
      await servers!.onReplica('select pg_wal_replay_resume()');
    }
    const caughtUp = await eventually(dashboard, (answer) => answer.body.meta.lagSeconds === 0);
    expect(caughtUp.body.meta).toMatchObject({ source: 'replica', lagSeconds: 0 });
  });
});
