import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import {
  checkSales,
  figureRows,
  openLoadShop,
  openTerminals,
  runTerminals,
  type LoadShop,
  type LoadStats,
  type SalesCheck,
} from '@kits/bench/sales-load';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKernelCluster, type KernelCluster } from './support/kernel-cluster.ts';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.ts';
import { startPrivateRabbitMq, type PrivateRabbitMq } from './support/private-rabbitmq.ts';
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.ts';
import { allReadySince, readiness, watchReadiness, type ReadinessSample } from './support/readiness.ts';
import { recordResults } from './support/record-results.ts';

const TERMINALS = 12;
const BEFORE_MS = 5_000;
const AFTER_MS = 10_000;

interface Service {
  stop(): Promise<void>;
  start(): Promise<void>;
}

interface OutageRun {
  readonly shop: LoadShop;
  readonly stats: LoadStats;
  readonly check: SalesCheck;
  readonly downAt: number;
  readonly backAt: number;
  readonly samples: readonly ReadinessSample[];
  readonly elapsedSeconds: number;
}

// The kernel's services go away one at a time while terminals sell — online checkouts with
// Idempotency-Keys, offline batches — over two kernel processes. Each service is a private
// instance the test starts and stops itself (its own port and data folder), never the shared ones.
describe('outages of RabbitMQ, Redis and PostgreSQL under load', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let rabbit: PrivateRabbitMq;
  let cluster: KernelCluster;
  let pids: number[];
  beforeAll(async () => {
    [postgres, redis, rabbit] = await Promise.all([startPrivatePostgres(), startPrivateRedis(), startPrivateRabbitMq()]);
    cluster = await startKernelCluster(2, { databaseUrl: postgres.url, redisUrl: redis.url, amqpUrl: rabbit.url });
    pids = cluster.kernels.map((kernel) => kernel!.child.pid!);
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    await Promise.all([postgres?.destroy(), redis?.destroy(), rabbit?.destroy()]);
  }, 120_000);

  /**
   * A fresh shop and terminals; sells for 5 s, stops `service` for `downMs` (running `during` in
   * the middle of it and `justBeforeReturn` at its end), starts it again, runs `after`, sells 10 s
   * more, then waits for every answer and checks the shop's data.
   */
  async function underLoad(
    service: Service,
    downMs: number,
    probes: {
      during?: (shop: LoadShop, accepted: Set<string>) => Promise<void>;
      justBeforeReturn?: (shop: LoadShop) => Promise<void>;
      after?: (shop: LoadShop) => Promise<void>;
    } = {},
  ): Promise<OutageRun> {
    const shop = await openLoadShop(cluster.urls()[0]!, cluster.operator, {
      variants: 40,
      stockOf: (i) => (i < 10 ? 5 : 1000),
      extraPlugins: ['eventlog'],
    });
    // Sales the probes themselves made (and were told were accepted), besides the terminals'.
    const probed = new Set<string>();
    const terminals = await openTerminals(shop, cluster.urls(), TERMINALS);
    const watch = watchReadiness(cluster.urls);
    let selling = true;
    const started = Date.now();
    const load = runTerminals(terminals, { kernels: cluster.urls, variants: shop.variants, selling: () => selling, drainMs: 150_000 });
    try {
      await sleep(BEFORE_MS);
      const downAt = Date.now();
      await service.stop();
      await sleep(downMs / 2);
      await probes.during?.(shop, probed);
      await sleep(Math.max(0, downAt + downMs - Date.now()));
      await probes.justBeforeReturn?.(shop);
      await service.start();
      const backAt = Date.now();
      await probes.after?.(shop);
      await sleep(Math.max(0, backAt + AFTER_MS - Date.now()));
      selling = false;
      const stats = await load;
      const elapsedSeconds = (Date.now() - started) / 1000;
      const samples = await watch.stop();
      for (const saleId of probed) stats.accepted.add(saleId);
      const check = await checkSales(postgres.url, stats, { deliveryWaitMs: 120_000, tenantSlug: shop.slug });
      return { shop, stats, check, downAt, backAt, samples, elapsedSeconds };
    } finally {
      selling = false;
      await load.catch(() => undefined);
      await watch.stop();
    }
  }

  /** Online sales a terminal was told were accepted between two instants. */
  const acceptedBetween = (stats: LoadStats, from: number, to: number) =>
    stats.outcomes.filter((o) => o.kind === 'online' && /^20[01]/.test(o.answer) && o.at >= from && o.at <= to).length;

  const sql = async <Row extends Record<string, unknown>>(text: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      return (await client.query<Row>(text, params)).rows;
    } finally {
      await client.end();
    }
  };

  const tillOf = async (shop: LoadShop, url: string) => {
    const answer = await fetch(`${url}/api/v1/auth/pin-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: shop.slug, deviceId: await deviceOf(shop, 0), email: `cashier0@${shop.slug}.test`, pin: '2468' }),
    });
    return { status: answer.status, token: ((await answer.json()) as { accessToken?: string }).accessToken };
  };
  const deviceOf = async (shop: LoadShop, index: number) =>
    String(
      (
        await sql<{ device_id: string }>(
          'select d.device_id from kernel.devices d join kernel.tenants t using (tenant_id) where t.slug = $1 and d.name = $2',
          [shop.slug, `Till ${index}`],
        )
      )[0]!.device_id,
    );
  const checkout = async (url: string, token: string, key: string, body: unknown) => {
    const response = await fetch(`${url}/api/v1/core-sales/sales`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };

  const record = (service: string, downMs: number, run: OutageRun, recovery: Array<[string, string]>) =>
    recordResults(`Outage: ${service} stopped for ${downMs / 1000} s under load (2 kernels)`, [
      `2 kernel processes on a private PostgreSQL, Redis and RabbitMQ node; ${TERMINALS} terminals (half online checkouts with an Idempotency-Key, half offline`,
      `batches) sold for ${BEFORE_MS / 1000} s, then ${service} was stopped for ${downMs / 1000} s and started again, then ${AFTER_MS / 1000} s more, then until every request had its final answer.`,
      ``,
      `| figure | value |`,
      `|---|---:|`,
      ...recovery.map(([what, value]) => `| ${what} | ${value} |`),
      `| online sales accepted while ${service} was away | ${acceptedBetween(run.stats, run.downAt, run.backAt)} |`,
      ...figureRows(run.stats, run.check, run.elapsedSeconds),
      ``,
      run.check.failures.length === 0 ? 'Every check passed.' : `**Failed:** ${run.check.failures.join('; ')}`,
    ]);
  const seconds = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);

  it('RabbitMQ away for 30 s: sales go on, events wait in the outbox, and all are delivered once it is back, none twice', async () => {
    let waiting = 0;
    let backlog = 0;
    let degraded: ReadinessSample[] = [];
    const run = await underLoad(rabbit, 30_000, {
      during: async () => {
        degraded = await Promise.all(cluster.urls().map(readiness));
      },
      justBeforeReturn: async (shop) => {
        const [row] = await sql<{ waiting: number; last: string }>(
          `select count(*)::int as waiting, coalesce(max(position), 0)::text as last from kernel.outbox o join kernel.tenants t using (tenant_id)
            where t.slug = $1 and o.relayed_at is null`,
          [shop.slug],
        );
        waiting = row!.waiting;
        backlog = Number(row!.last);
      },
    });
    // When every event that waited in the outbox had reached the event log plugin.
    const delivered = await sql<{ at: Date | null }>(
      `select max(d.delivered_at) as at from eventlog.deliveries d join kernel.outbox o using (tenant_id, event_id) where o.position <= $1`,
      [backlog],
    );
    const backlogDeliveredMs = delivered[0]!.at ? new Date(delivered[0]!.at).getTime() - run.backAt : undefined;
    const eventsReadyAt = allReadySince(run.samples, run.backAt);
    record('RabbitMQ', 30_000, run, [
      ['events waiting in the outbox when the broker came back', String(waiting)],
      ['broker back → every kernel ready again (`/readyz`)', seconds(eventsReadyAt && eventsReadyAt - run.backAt)],
      ['broker back → every event that waited delivered to the event log', seconds(backlogDeliveredMs)],
    ]);

    // While the broker was away the kernels served, degraded (events), and sold.
    expect(degraded.map((sample) => [sample.status, sample.failing])).toEqual(cluster.urls().map(() => ['degraded', ['events']]));
    expect(acceptedBetween(run.stats, run.downAt, run.backAt)).toBeGreaterThan(0);
    expect(waiting).toBeGreaterThan(0);
    // Afterwards: every event delivered once to the subscriber, nothing lost or doubled.
    expect(eventsReadyAt).toBeDefined();
    expect(run.check.failures).toEqual([]);
    expect(run.check.events.delivered).toBe(run.check.events.published);
    expect(run.check.events.twice).toBe(0);
  }, 480_000);

  it('Redis away for 20 s: coordination falls back to the database and this process, keys replay across the outage, plugin changes wait; it recovers by itself', async () => {
    const probe: Record<string, unknown> = {};
    const keyed = { key: randomUUID(), body: undefined as unknown, first: undefined as unknown };
    const run = await underLoad(redis, 20_000, {
      during: async (shop, accepted) => {
        const [a, b] = cluster.urls() as [string, string];
        probe.readiness = await Promise.all(cluster.urls().map(readiness));
        // A PIN sign-in (rate limited: per process now) and a keyed checkout, replayed on the other kernel.
        const till = await tillOf(shop, a);
        probe.signIn = till.status;
        keyed.body = {
          id: uuidv7(),
          lines: [{ variantId: shop.variants[20], quantity: 1 }],
          tenders: [{ method: 'cash', amount: 100_000 }],
        };
        const first = await checkout(a, till.token!, keyed.key, keyed.body);
        keyed.first = { status: first.status, body: first.body };
        if (first.status === 201) accepted.add(String(first.body.id));
        const again = await checkout(b, till.token!, keyed.key, keyed.body);
        probe.replayDuring = { status: again.status, body: again.body, replayed: again.headers.get('idempotent-replayed') };
        // A plugin change must reach every process: it waits.
        const change = await fetch(`${a}/api/v1/plugins/core-sales/settings`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${shop.adminToken}` },
          body: JSON.stringify({ offlineOversell: 'deny', parkedHoldMinutes: 45 }),
        });
        probe.change = {
          status: change.status,
          retryAfter: change.headers.get('retry-after'),
          type: change.headers.get('content-type'),
          body: await change.json(),
        };
      },
      after: async (shop) => {
        const [a, b] = cluster.urls() as [string, string];
        // The kernels find Redis again by themselves.
        for (const until = Date.now() + 60_000; Date.now() < until; await sleep(250))
          if ((await Promise.all(cluster.urls().map(readiness))).every((sample) => sample.status === 'ready')) break;
        const till = await tillOf(shop, b);
        const replay = await checkout(a, till.token!, keyed.key, keyed.body);
        probe.replayAfter = { status: replay.status, body: replay.body, replayed: replay.headers.get('idempotent-replayed') };
        // A plugin change goes through now, and the other process hears of it.
        const listed = async (url: string) =>
          (
            (await (
              await fetch(`${url}/api/v1/plugins/core-sales`, { headers: { authorization: `Bearer ${shop.adminToken}` } })
            ).json()) as {
              install: { settings: Record<string, unknown> } | null;
            }
          ).install!.settings.parkedHoldMinutes;
        probe.before = await listed(b);
        const change = await fetch(`${a}/api/v1/plugins/core-sales/settings`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${shop.adminToken}` },
          body: JSON.stringify({ offlineOversell: 'deny', parkedHoldMinutes: 45 }),
        });
        probe.changeAfter = change.status;
        for (const until = Date.now() + 10_000; Date.now() < until && (await listed(b)) !== 45;) await sleep(100);
        probe.seenByOther = await listed(b);
      },
    });
    const fallbackKeys = await sql<{ n: number }>(
      'select count(*)::int as n from kernel.idempotency_keys k join kernel.tenants t using (tenant_id) where t.slug = $1',
      [run.shop.slug],
    );
    const readyAt = allReadySince(run.samples, run.backAt);
    record('Redis', 20_000, run, [
      ['Redis back → every kernel ready again (`/readyz`, coordination through Redis)', seconds(readyAt && readyAt - run.backAt)],
      ['idempotency keys kept in the database while Redis was away', String(fallbackKeys[0]!.n)],
    ]);

    // During: degraded, not down; sales, sign-ins and replays went on through the database.
    expect((probe.readiness as ReadinessSample[]).map((sample) => [sample.status, sample.failing])).toEqual(
      cluster.urls().map(() => ['degraded', ['coordination']]),
    );
    expect(acceptedBetween(run.stats, run.downAt, run.backAt)).toBeGreaterThan(0);
    expect(fallbackKeys[0]!.n).toBeGreaterThan(0);
    expect(probe.signIn).toBe(200);
    expect(keyed.first).toMatchObject({ status: 201, body: { id: (keyed.body as { id: string }).id, status: 'completed' } });
    expect(probe.replayDuring).toEqual({ ...(keyed.first as object), replayed: 'true' });
    expect(probe.change).toMatchObject({
      status: 503,
      retryAfter: '5',
      type: expect.stringMatching(/^application\/problem\+json/),
      body: { code: 'plugins.change_unavailable' },
    });
    // After: recovered by itself; a key answered during the outage replays its answer; changes reach every process.
    expect(readyAt).toBeDefined();
    expect(probe.replayAfter).toEqual({ ...(keyed.first as object), replayed: 'true' });
    expect(probe.changeAfter).toBe(200);
    expect(probe.seenByOther).toBe(45);
    expect(run.check.failures).toEqual([]);
  }, 480_000);

  it('PostgreSQL away for 20 s: the kernels stay up, answer 503 with Retry-After and say not ready; they recover without a restart', async () => {
    const during: Record<string, unknown> = {};
    const run = await underLoad(postgres, 20_000, {
      during: async (shop) => {
        const [a] = cluster.urls() as [string];
        during.readiness = await Promise.all(cluster.urls().map(readiness));
        const readyz = await fetch(`${a}/readyz`);
        during.readyz = { status: readyz.status, retryAfter: readyz.headers.get('retry-after'), body: await readyz.json() };
        during.healthz = (await fetch(`${a}/healthz`)).status;
        const sale = await checkout(a, shop.adminToken, randomUUID(), {
          lines: [{ variantId: shop.variants[20], quantity: 1 }],
          tenders: [{ method: 'cash', amount: 100_000 }],
        });
        during.checkout = {
          status: sale.status,
          retryAfter: sale.headers.get('retry-after'),
          type: sale.headers.get('content-type'),
          body: sale.body,
        };
      },
    });
    const readyAt = allReadySince(run.samples, run.backAt);
    const firstSaleAfter = run.stats.outcomes.find((o) => o.kind === 'online' && /^20[01]/.test(o.answer) && o.at >= run.backAt);
    record('PostgreSQL', 20_000, run, [
      ['PostgreSQL back → every kernel ready again (`/readyz`)', seconds(readyAt && readyAt - run.backAt)],
      ['PostgreSQL back → first online sale accepted', seconds(firstSaleAfter && firstSaleAfter.at - run.backAt)],
      [
        'kernel processes restarted',
        String(cluster.kernels.filter((kernel, i) => kernel!.child.pid !== pids[i] || kernel!.child.exitCode !== null).length),
      ],
    ]);

    // During: still running, /healthz answers, not ready, every request 503 problem+json with Retry-After.
    expect((during.readiness as ReadinessSample[]).map((sample) => sample.status)).toEqual(cluster.urls().map(() => 'not ready'));
    expect(during.healthz).toBe(200);
    expect(during.readyz).toMatchObject({ status: 503, retryAfter: '5', body: { code: 'kernel.not_ready' } });
    expect(during.checkout).toMatchObject({
      status: 503,
      retryAfter: '5',
      type: expect.stringMatching(/^application\/problem\+json/),
      body: { code: 'database.unavailable' },
    });
    expect(run.stats.outcomes.some((o) => o.at > run.downAt && o.at < run.backAt && o.answer === '503 database.unavailable')).toBe(true);
    expect(run.stats.errors.has('online 500 internal')).toBe(false);
    // No crash, no restart: the same processes, recovered by themselves, selling again.
    expect(cluster.kernels.map((kernel) => [kernel!.child.pid, kernel!.child.exitCode, kernel!.child.signalCode])).toEqual(
      pids.map((pid) => [pid, null, null]),
    );
    expect(readyAt).toBeDefined();
    expect(firstSaleAfter).toBeDefined();
    expect(run.check.failures).toEqual([]);
  }, 480_000);

  it('a kernel started while PostgreSQL is away waits for it instead of exiting, and serves once it is back', async () => {
    await postgres.stop();
    let settled: string | undefined;
    const starting = cluster.start(2).then(
      () => (settled = 'started'),
      (error: Error) => (settled = `failed: ${error.message}`),
    );
    try {
      await sleep(10_000);
      // Neither started (nothing to serve without its database) nor exited.
      expect(settled).toBeUndefined();
    } finally {
      await postgres.start();
    }
    await starting;
    expect(settled).toBe('started');
    const late = cluster.kernels[2]!;
    expect(await readiness(late.url)).toMatchObject({ status: 'ready' });
    await cluster.kill(2);
  }, 240_000);
});
