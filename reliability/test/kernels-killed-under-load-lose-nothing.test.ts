import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { checkSales, figureRows, openLoadShop, openTerminals, runTerminals, type SalesCheck } from '@kits/bench/sales-load';
import { createScratchPostgres, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKernelCluster, type KernelCluster } from './support/kernel-cluster.ts';
import { startPrivateRabbitMq, type PrivateRabbitMq } from './support/private-rabbitmq.ts';
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.ts';
import { recordResults } from './support/record-results.ts';

const SELLING_MS = Number(process.env.CRASH_SELLING_SECONDS ?? 45) * 1000;
const KILL_EVERY_MS = 5_000;
const TERMINALS = 16;

// DESIGN §8: kernel processes are stateless behind a load balancer. Three of them on one
// PostgreSQL (a scratch database), Redis and RabbitMQ (a node of the test's own, so no other
// kernel on the machine shares its queues); terminals sell online and push offline batches over
// them while one kernel after another is killed with SIGKILL every 5 s and started again. A
// terminal whose request got no answer sends it again — with its Idempotency-Key, or the same
// batch — to the next kernel, as behind a load balancer.
describe('kernels killed with SIGKILL under load', () => {
  let database: ScratchDatabase;
  let redis: PrivateRedis;
  let rabbit: PrivateRabbitMq;
  let cluster: KernelCluster;
  beforeAll(async () => {
    [database, redis, rabbit] = await Promise.all([createScratchPostgres(), startPrivateRedis(), startPrivateRabbitMq()]);
    cluster = await startKernelCluster(3, { databaseUrl: database.url, redisUrl: redis.url, amqpUrl: rabbit.url });
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    await Promise.all([redis?.destroy(), rabbit?.destroy()]);
    await database?.drop();
  }, 120_000);

  it('no sale a terminal was told was accepted is lost or doubled, replays answer as the first time, stock equals its ledger, every event is delivered once', async () => {
    const shop = await openLoadShop(cluster.urls()[0]!, cluster.operator, { extraPlugins: ['eventlog'] });
    const terminals = await openTerminals(shop, cluster.urls(), TERMINALS);

    let selling = true;
    const started = performance.now();
    const load = runTerminals(terminals, { kernels: cluster.urls, variants: shop.variants, selling: () => selling, drainMs: 150_000 });
    // Kill one kernel every 5 s, round the three, and start it again at once: it takes a few
    // seconds to be back, meanwhile the others serve (and the next kill may come first).
    const kills: Array<{ index: number; backAfterMs: number }> = [];
    const restarts = new Map<number, Promise<void>>();
    for (let index = 0, next = KILL_EVERY_MS / 2; next < SELLING_MS; index = (index + 1) % 3, next += KILL_EVERY_MS) {
      await sleep(Math.max(0, next - (performance.now() - started)));
      await restarts.get(index); // a kernel still starting is not killed again
      await cluster.kill(index);
      const killedAt = performance.now();
      restarts.set(
        index,
        cluster.start(index).then(() => void kills.push({ index, backAfterMs: performance.now() - killedAt })),
      );
    }
    await sleep(Math.max(0, SELLING_MS - (performance.now() - started)));
    await Promise.all(restarts.values());
    selling = false;
    const stats = await load;
    const elapsedSeconds = (performance.now() - started) / 1000;
    const check: SalesCheck = await checkSales(database.url, stats, { deliveryWaitMs: 120_000, tenantSlug: shop.slug });

    recordResults(`Crash: 3 kernels, one killed (SIGKILL) every ${KILL_EVERY_MS / 1000} s under load`, [
      `3 kernel processes (\`npm start\`'s entry) on one scratch PostgreSQL database, a private Redis and a private RabbitMQ node; ${TERMINALS} terminals`,
      `(half online checkouts with an Idempotency-Key, one in ten sent twice; half offline batches of 1–10 sales, one in ten sent again) for ${SELLING_MS / 1000} s,`,
      `then until every request had its final answer. A kernel killed every ${KILL_EVERY_MS / 1000} s, round the three, and started again at once; a request without`,
      `an answer is sent again (same key, same batch) to the next kernel. ${kills.length} kills; a killed kernel was back (serving) after`,
      `${Math.min(...kills.map((k) => k.backAfterMs)).toFixed(0)}–${Math.max(...kills.map((k) => k.backAfterMs)).toFixed(0)} ms.`,
      ``,
      `| figure | value |`,
      `|---|---:|`,
      `| kills (SIGKILL) | ${kills.length} |`,
      ...figureRows(stats, check, elapsedSeconds),
      `| time for every event to reach the event log after the run | ${(check.deliveryWaitMs / 1000).toFixed(1)} s |`,
      ``,
      check.failures.length === 0 ? 'Every check passed.' : `**Failed:** ${check.failures.join('; ')}`,
    ]);

    // The run proved something: kernels died with requests in flight, and sales went through anyway.
    expect(kills.length).toBeGreaterThanOrEqual(6);
    expect(stats.outcomes.filter((outcome) => outcome.answer === 'no answer').length).toBeGreaterThan(0);
    expect(stats.accepted.size).toBeGreaterThan(50);
    expect(stats.replays).toBeGreaterThan(0);
    // And nothing was lost, doubled or answered twice differently.
    expect(check.failures).toEqual([]);
    expect(stats.replayMismatches).toEqual([]);
    expect(stats.unanswered).toBe(0);
    expect({ missing: check.missing, unaccounted: check.unaccounted, receiptsTwice: check.receiptsTwice }).toEqual({
      missing: 0,
      unaccounted: 0,
      receiptsTwice: 0,
    });
    expect({ oversold: check.unitsOversold, offLedger: check.offLedger }).toEqual({ oversold: 0, offLedger: 0 });
    expect(check.events.published).toBeGreaterThan(0);
    expect(check.events).toEqual({ published: check.events.published, delivered: check.events.published, twice: 0, unknown: 0 });
  }, 480_000);
});
