// Scale-out proof (issue 8): 3 kernel processes against one PostgreSQL (a scratch database),
// Redis and RabbitMQ; 32 simulated terminals — half selling online through POST
// /api/v1/core-sales/sales, half offline, pushing batches of sales through /api/v1/sync/push —
// for SCALE_SECONDS (default 60), spread over the kernels, with network retries simulated
// (the same Idempotency-Key, the same batch again). Stock is short on purpose, so terminals race
// for the last units. Then it checks: no unit oversold, no sale twice, every accepted sale there
// exactly once, stock equal to its ledger, every event delivered to the event log plugin once.
// The load and the checks are src/sales-load/, shared with the crash and outage proofs.
// Records throughput, latency and error counts in bench/RESULTS.md; exits non-zero on a failed check.
//
//   npm run --workspace bench scale-out
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connect } from 'amqplib';
import { createScratchPostgres } from '@kits/plugin-sdk/test-kit';
import { BENCH_POSTGRES_URL } from './postgres-url.ts';
import { record } from './results.ts';
import { checkSales, figureRows, openLoadShop, openTerminals, runTerminals } from './sales-load/index.ts';
import { spawnServer, type ServerProcess } from './spawn-server.ts';

const SECONDS = Number(process.env.SCALE_SECONDS ?? 60);
const KERNELS = 3;
const TERMINALS = 32;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const OPERATOR = { email: 'operator@scale.kits', password: 'scale-operator-pass' };

const suffix = randomBytes(4).toString('hex');
const scratch = await createScratchPostgres(BENCH_POSTGRES_URL);
const env = {
  DATABASE_URL: scratch.url,
  REDIS_URL,
  AMQP_URL,
  JWT_SECRET: randomBytes(32).toString('base64url'),
  OPERATOR_EMAIL: OPERATOR.email,
  OPERATOR_PASSWORD: OPERATOR.password,
  PLUGIN_DIRS: '',
  PORT: '0',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  SCALE_EXCHANGE: `kits.events.scale.${suffix}`,
  SCALE_PREFIX: `kits-scale-${suffix}:`,
};
const kernels: Array<ServerProcess<{ url: string; pid: number }>> = [];
const failures: string[] = [];
try {
  kernels.push(await spawnServer('scale-out-kernel.ts', env));
  // A tenant with the plugins (offline oversell denied, so every sale is guarded) and a catalog
  // whose ten scarce variants (5 units) run out during the run.
  const shop = await openLoadShop(kernels[0]!.ready.url, OPERATOR, { extraPlugins: ['eventlog'] });
  // The other two kernels join now: they learn the tenant's plugins from the database.
  kernels.push(
    ...(await Promise.all([
      spawnServer<{ url: string; pid: number }>('scale-out-kernel.ts', env),
      spawnServer<{ url: string; pid: number }>('scale-out-kernel.ts', env),
    ])),
  );
  const urls = kernels.map((kernel) => kernel.ready.url);
  const terminals = await openTerminals(shop, urls, TERMINALS);

  const started = performance.now();
  const deadline = Date.now() + SECONDS * 1000;
  // Sells until the deadline, then keeps sending (for at most two minutes) until everything has its answer.
  const stats = await runTerminals(terminals, {
    kernels: () => urls,
    variants: shop.variants,
    selling: () => Date.now() < deadline,
    drainMs: 120_000,
  });
  const elapsedSeconds = (performance.now() - started) / 1000;
  const check = await checkSales(scratch.url, stats, { deliveryWaitMs: 120_000 });
  failures.push(...check.failures);

  record(`Scale-out: ${KERNELS} kernels, ${TERMINALS} terminals, ${SECONDS} s (PostgreSQL, Redis, RabbitMQ)`, [
    `${KERNELS} kernel processes on one scratch PostgreSQL database, Redis and RabbitMQ (an exchange of their own); ${TERMINALS} terminals spread over them:`,
    `${TERMINALS / 2} sell online (\`POST /api/v1/core-sales/sales\`, one in ten sent twice with its Idempotency-Key), ${TERMINALS / 2} push offline batches of 1–10 sales`,
    `(\`/api/v1/sync/push\`, one batch in ten sent again whole). ${shop.variants.length} variants, 10 of them scarce (5 units) and raced for, 1–3 lines of 1–2 units a sale; offline oversell denied.`,
    ``,
    `| figure | value |`,
    `|---|---:|`,
    `| run: selling for ${SECONDS} s, then pushing until every offline event had its answer | ${elapsedSeconds.toFixed(1)} s |`,
    ...figureRows(stats, check, elapsedSeconds),
    ``,
    failures.length === 0 ? 'Every check passed.' : `**Failed:** ${failures.join('; ')}`,
  ]);
} catch (failure) {
  failures.push(`the run failed: ${(failure as Error).stack ?? String(failure)}`);
} finally {
  await Promise.all(kernels.map((kernel) => kernel.stop()));
  await scratch.drop();
  const connection = await connect(AMQP_URL).catch(() => undefined);
  if (connection) {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    // Subscriber queues are named `<exchange>.sub.<plugin>:<pattern>`.
    for (const subscriber of ['eventlog:sales.#', 'eventlog:inventory.#']) {
      for (const name of [`${env.SCALE_EXCHANGE}.sub.${subscriber}`, `${env.SCALE_EXCHANGE}.sub.${subscriber}.retry`])
        await channel.deleteQueue(name).catch(() => undefined);
    }
    await channel.deleteQueue(`${env.SCALE_EXCHANGE}.dead`).catch(() => undefined);
    await channel.deleteExchange(env.SCALE_EXCHANGE).catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}
if (failures.length > 0) {
  process.stderr.write(`Scale-out checks failed:\n- ${failures.join('\n- ')}\n`);
  process.exitCode = 1;
}
