// The cost of a tenant in the current design (issue 28, for docs/scaling.md): one kernel with every
// first-party plugin on a scratch PostgreSQL database, reached through a relay that counts the
// statements it sends. Measures (1) a new shop: TENANT_COST_SHOPS shops signed up and their plugins
// enabled through the API as `npm start`'s demo does, their rows and bytes per table; (2) a month of
// one shop's trading: a catalog, weekly purchase orders, and each day's shifts, sales and refunds
// pushed through the sync gateway as a till sends them, the bytes per sale and what event retention
// would take away; (3) idle work: the statements the kernel sends while nobody sells, with one shop
// and with all of them, so what each tenant adds an hour. Records the figures in bench/RESULTS.md.
//
//   npm run --workspace bench tenant-cost
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createKernel, loadConfig, readPluginPackage, type Kernel, type PluginPackage } from '@kits/kernel';
import { createScratchPostgres } from '@kits/plugin-sdk/test-kit';
import pg from 'pg';
import { pino } from 'pino';
import { BENCH_POSTGRES_URL } from './postgres-url.ts';
import { record } from './results.ts';
import { costReport } from './tenant-cost/cost-report.ts';
import { scheduledJobs, watchIdle } from './tenant-cost/idle-work.ts';
import { openForTrading, tradeForAMonth, type TradingPlan } from './tenant-cost/month-of-trading.ts';
import { processedBySubscriber, prunedByRetention } from './tenant-cost/retention-share.ts';
import { COST_OPERATOR, operatorToken, signUpShop, type SignedUpShop } from './tenant-cost/shop-signup.ts';
import { startStatementCounter } from './tenant-cost/statement-counter.ts';
import { databaseBytes, grownBetween, measureTenants } from './tenant-cost/tenant-sizes.ts';

const SHOPS = Number(process.env.TENANT_COST_SHOPS ?? 20);
const IDLE_SECONDS = Number(process.env.TENANT_COST_IDLE_SECONDS ?? 60);
const PLAN: TradingPlan = {
  days: Number(process.env.TENANT_COST_DAYS ?? 30),
  salesPerDay: Number(process.env.TENANT_COST_SALES_PER_DAY ?? 300),
  refundRate: 0.01,
  products: Number(process.env.TENANT_COST_PRODUCTS ?? 300),
  tills: 2,
  pushBatch: 25,
};

const began = performance.now();
/** A line on stderr for whoever watches the run: where it is, how long it has taken. */
const progress = (what: string) => process.stderr.write(`tenant-cost ${((performance.now() - began) / 1000).toFixed(0)} s: ${what}\n`);

/** Every first-party plugin (plugins/*), as `npm start` offers them. */
function firstPartyPlugins(): PluginPackage[] {
  const root = fileURLToPath(new URL('../../plugins/', import.meta.url));
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readPluginPackage(`${root}${entry.name}`) ?? []);
}

/** Where the relay forwards to: the bench's PostgreSQL, by its Unix socket when the URL names one. */
function postgresTarget(): { path: string } | { host: string; port: number } {
  const url = new URL(BENCH_POSTGRES_URL);
  const socketDir = url.searchParams.get('host');
  if (socketDir?.startsWith('/')) return { path: `${socketDir}/.s.PGSQL.${url.port || 5432}` };
  return { host: url.hostname, port: Number(url.port || 5432) };
}

/**
 * Waits until every event is relayed and delivered (up to 15 minutes: subscribers may lag well
 * behind a burst of pushes), then until the tenants' rows stop changing (jobs acting on what
 * happened). Returns how long the deliveries took.
 */
async function settle(client: pg.Client, tenantIds: readonly string[]): Promise<number> {
  const from = performance.now();
  const deadline = Date.now() + 900_000;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  for (;;) {
    const { rows } = await client.query<{ pending: string }>(
      `select (select count(*) from kernel.event_deliveries) + (select count(*) from kernel.outbox where relayed_at is null) as pending`,
    );
    if (Number(rows[0]!.pending) === 0) break;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.pending} events were still undelivered after 15 minutes.`);
    await sleep(2_000);
  }
  const delivered = (performance.now() - from) / 1000;
  let last = '';
  for (;;) {
    const now = [...(await measureTenants(client, tenantIds)).values()].map((s) => `${s.rows}:${s.rowBytes}`).join(',');
    if (now === last) return delivered;
    if (Date.now() > deadline) throw new Error("The tenants' rows were still changing after 15 minutes.");
    last = now;
    await sleep(3_000);
  }
}

const scratch = await createScratchPostgres(BENCH_POSTGRES_URL);
const database = new URL(scratch.url).pathname.slice(1);
const counter = await startStatementCounter(postgresTarget());
const client = new pg.Client({ connectionString: scratch.url });
let kernel: Kernel | undefined;
try {
  await client.connect();
  const packages = firstPartyPlugins();
  const config = loadConfig({
    DATABASE_URL: counter.urlFor(database),
    DATA_DIR: 'memory://',
    PLUGIN_DIRS: '',
    PORT: '0',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    OPERATOR_EMAIL: COST_OPERATOR.email,
    OPERATOR_PASSWORD: COST_OPERATOR.password,
    // The run outlasts the default 15 minutes' access token of the shops' admins.
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  kernel = await createKernel(config, { plugins: packages, logger: pino({ level: config.logLevel }, pino.destination(2)) });
  const started = counter.counts();
  const operator = await operatorToken(kernel);

  // (1) The first shop, then a quiet window with it alone.
  const shops: SignedUpShop[] = [];
  const signUpCounts = counter.counts();
  shops.push(await signUpShop(kernel, operator, `shop-01-${randomBytes(2).toString('hex')}`));
  const firstSignUp = counter.counts().statements - signUpCounts.statements;
  await settle(client, [shops[0]!.tenantId]);
  progress('first shop signed up; idle window with it alone');
  const idleOne = await watchIdle(counter, client, 1, IDLE_SECONDS);

  // The rest, then a quiet window with all of them.
  progress(`signing up ${SHOPS - 1} more shops`);
  const othersFrom = counter.counts();
  for (let i = 2; i <= SHOPS; i++)
    shops.push(await signUpShop(kernel, operator, `shop-${String(i).padStart(2, '0')}-${randomBytes(2).toString('hex')}`));
  const othersStatements = counter.counts().statements - othersFrom.statements;
  const tenantIds = shops.map((shop) => shop.tenantId);
  await settle(client, tenantIds);
  const newShops = await measureTenants(client, tenantIds);
  progress(`idle window with ${SHOPS} shops`);
  const idleAll = await watchIdle(counter, client, SHOPS, IDLE_SECONDS);
  const jobs = await scheduledJobs(kernel, packages);

  // (2) A month of the first shop's trading.
  const shop = shops[0]!;
  const signedUp = await measureTenants(client, [shop.tenantId]);
  progress('catalog, supplier and tills of the trading shop');
  const trading = await openForTrading(kernel, shop, PLAN);
  await settle(client, tenantIds);
  const beforeMonth = await measureTenants(client, [shop.tenantId]);
  const diskBeforeMonth = await databaseBytes(client);
  progress(`trading ${PLAN.days} days × ${PLAN.salesPerDay} sales`);
  const monthFrom = counter.counts();
  const monthStarted = performance.now();
  const done = await tradeForAMonth(kernel, shop, PLAN, trading);
  const pushSeconds = (performance.now() - monthStarted) / 1000;
  progress(`trading pushed in ${pushSeconds.toFixed(0)} s; waiting for its events to be delivered`);
  const deliveryLagSeconds = await settle(client, tenantIds);
  const monthSeconds = (performance.now() - monthStarted) / 1000;
  const monthStatements = counter.counts().statements - monthFrom.statements;
  const afterMonth = await measureTenants(client, [shop.tenantId]);
  const diskAfterMonth = await databaseBytes(client);
  const pruned = await prunedByRetention(client, shop.tenantId);

  progress('recording');
  record(`Cost per tenant: ${SHOPS} new shops, a month of one shop's trading, idle work (PostgreSQL)`, [
    ...costReport({
      shops: SHOPS,
      enabled: shop.enabled,
      needSettings: shop.needSettings,
      newShops: [...newShops.values()],
      signUpStatements: { first: firstSignUp, others: othersStatements / (SHOPS - 1) },
      plan: PLAN,
      done,
      monthSeconds,
      pushSeconds,
      deliveryLagSeconds,
      processedBySubscriber: await processedBySubscriber(client, shop.tenantId),
      monthStatements,
      catalog: grownBetween(signedUp, beforeMonth),
      month: grownBetween(beforeMonth, afterMonth),
      shopAfterMonth: [...afterMonth.values()],
      diskGrowth: diskAfterMonth - diskBeforeMonth,
      pruned,
      retentionDays: config.eventRetentionDays,
      idle: [idleOne, idleAll],
      jobs,
      poolSize: config.databasePoolSize,
      connectionsOpened: counter.counts().connectionsOpened - started.connectionsOpened,
    }),
  ]);
  if (done.notAccepted.length > 0) {
    process.stderr.write(`Till events not accepted (${done.notAccepted.length}):\n- ${done.notAccepted.slice(0, 20).join('\n- ')}\n`);
    process.exitCode = 1;
  }
} finally {
  await kernel?.close();
  await client.end().catch(() => undefined);
  await counter.close();
  await scratch.drop();
}
