import { bytes, count, sharesTable } from './cost-tables.ts';
import type { IdleWindow, ScheduledJob } from './idle-work.ts';
import type { TradingDone, TradingPlan } from './month-of-trading.ts';
import { totalOf, type TableShare } from './tenant-sizes.ts';

/** Everything the run measured, for the record. */
export interface CostFigures {
  readonly shops: number;
  readonly enabled: readonly string[];
  readonly needSettings: readonly string[];
  /** The new shops' rows, all of them together, per table. */
  readonly newShops: readonly TableShare[];
  readonly signUpStatements: { readonly first: number; readonly others: number };
  readonly plan: TradingPlan;
  readonly done: TradingDone;
  readonly monthSeconds: number;
  readonly monthStatements: number;
  /** Seconds the pushes took, and then until every event was delivered to its subscribers. */
  readonly pushSeconds: number;
  readonly deliveryLagSeconds: number;
  readonly processedBySubscriber: ReadonlyArray<{ readonly subscriber: string; readonly rows: number }>;
  /** What the catalog, the supplier and the tills' sign-in added to the shop, per table. */
  readonly catalog: readonly TableShare[];
  /** What the month's trading added to the shop, per table. */
  readonly month: readonly TableShare[];
  /** The shop after its month, per table. */
  readonly shopAfterMonth: readonly TableShare[];
  /** pg_database_size after the month minus before it. */
  readonly diskGrowth: number;
  readonly pruned: readonly TableShare[];
  readonly retentionDays: number;
  /** Idle with the first shop alone, then with all of them. */
  readonly idle: readonly [IdleWindow, IdleWindow];
  readonly jobs: readonly ScheduledJob[];
  readonly poolSize: number;
  readonly connectionsOpened: number;
}

const TIB = 2 ** 40;
const EVENT_TABLES = /^kernel\.(outbox|processed_events|event_deliveries|dead_letters|sync_events|audit_log)$/;
const sizeOf = (shares: Iterable<TableShare>) => {
  const t = totalOf(shares);
  return t.rowBytes + t.indexBytes;
};
const perHour = (window: IdleWindow, n: number) => (n * 3600) / window.seconds;

/** The bench's section of bench/RESULTS.md: the three measures, then the headline. */
export function costReport(f: CostFigures): string[] {
  const [one, all] = f.idle;
  const emptyShop = sizeOf(f.newShops) / f.shops;
  const grown = sizeOf(f.month);
  const prunable = sizeOf(f.pruned);
  const kept = grown - prunable;
  const perSale = grown / f.done.sales;
  const catalog = sizeOf(f.catalog);
  const shopAfter = sizeOf(f.shopAfterMonth);
  const before = shopAfter - grown;
  const diskFactor = f.diskGrowth / grown;
  // Steady state: what a month keeps for good, plus the events of the last EVENT_RETENTION_DAYS.
  const eventsHeld = (prunable / f.plan.days) * f.retentionDays;
  const keptPerMonth = kept * (30 / f.plan.days);
  const afterMonths = (months: number) => before + months * keptPerMonth + eventsHeld;
  const idleBackground = ((all.statements / all.seconds) * f.monthSeconds) | 0;
  const tradingStatements = f.monthStatements - idleBackground;
  const slope = (key: 'statements' | 'transactions' | 'commits') =>
    (all[key] / all.seconds - one[key] / one.seconds) / (all.shops - one.shops);
  const fixed = (key: 'statements' | 'transactions' | 'commits') => one[key] / one.seconds - slope(key);
  // A plugin whose enabling was refused for want of settings is loaded all the same: its jobs tick in the process, for no tenant.
  const shopJobs = f.jobs.filter((job) => f.enabled.includes(job.plugin));
  const idleJobs = f.jobs.filter((job) => !f.enabled.includes(job.plugin));
  const jobRunsPerHour = shopJobs.reduce((sum, job) => sum + 3_600_000 / job.intervalMs, 0);
  const eventShares = f.month.filter((s) => EVENT_TABLES.test(s.table));

  return [
    `One kernel process with every first-party plugin \`npm start\` offers, on a scratch database of PostgreSQL 15, events delivered in`,
    `process (the outbox and \`kernel.event_deliveries\`; with RabbitMQ the deliveries rows are not written, the rest is the same). Enabled`,
    `per shop as the demo enables them (kernel/src/demo.ts): ${f.enabled.map((id) => `\`${id}\``).join(', ')}; left disabled, as they need`,
    `a merchant's own settings (API keys): ${f.needSettings.map((id) => `\`${id}\``).join(', ') || 'none'}.`,
    ``,
    `**How bytes are measured.** For each table with a \`tenant_id\` (every schema), the tenant's rows and \`sum(pg_column_size(t.*))\``,
    `over them: each row as stored, tuple header included, compressed and TOASTed values at their stored size; not the 4-byte line`,
    `pointer, free space in pages or dead rows. Indexes are not split by tenant: their share is the table's \`pg_indexes_size\` times the`,
    `tenant's fraction of its rows (an estimate). On-disk growth (\`pg_database_size\`) is given beside it. **Statements** are counted by a`,
    `relay in front of PostgreSQL that reads the wire protocol (each simple query split on \`;\`, each extended-protocol Execute; \`begin\``,
    `and \`commit\` count): pg_stat_statements is not loaded on this server.`,
    ``,
    `### 1. A new shop (${f.shops} signed up through the API, per shop)`,
    ``,
    `The operator creates the tenant and its admin (\`POST /api/v1/tenants\`); the admin adds a store and a warehouse, a till device and a`,
    `cashier with a PIN, enables the plugins (each installs its defaults: settings, roles, seeded rows), and makes a cashier role and`,
    `grant. No catalog. Statements to sign up the first shop: ${count(f.signUpStatements.first)} (its plugins' schemas are migrated then);`,
    `each shop after it: ${count(f.signUpStatements.others)}.`,
    ``,
    ...sharesTable(
      f.newShops.filter((share) => share.rows > 0),
      f.shops,
      { perLabel: 'per shop' },
    ),
    ``,
    `The other ${f.newShops.filter((share) => share.rows === 0).length} tenant tables hold no row of a new shop.`,
    ``,
    `### 2. A month of one shop's trading`,
    ``,
    `${f.plan.days} days × ${f.plan.salesPerDay} sales on ${f.plan.tills} tills (each a shift a day, opened and closed with the cash counted), 1–3`,
    `lines of 1–2 units a sale from a catalog of ${f.plan.products} products (one variant each, with a barcode, a cost and a price), paid in cash;`,
    `${f.plan.refundRate * 100} % of sales refunded (one unit, back to stock); a supplier and a purchase order for every variant each week,`,
    `sent and received. Catalog and orders through their REST routes; shifts, sales and refunds through \`POST /api/v1/sync/push\` as a`,
    `till's event log sends them (batches of ${f.plan.pushBatch}; the rows kept are those of pushing one at a time), dated over the past`,
    `${f.plan.days} days. Done: ${count(f.done.sales)} sales, ${count(f.done.refunds)} refunds, ${count(f.done.shifts)} shifts,`,
    `${f.done.purchaseOrders} purchase orders; ${count(f.done.tillEvents)} till events in ${count(f.done.pushes)} pushes, ${f.done.notAccepted.length} not`,
    `accepted. The pushes took ${f.pushSeconds.toFixed(0)} s; the subscribers then needed ${f.deliveryLagSeconds.toFixed(0)} s more to apply every event (on a machine`,
    `other work shared at the time).`,
    ``,
    `The catalog, the supplier and the tills' sign-in added ${bytes(catalog)} (${count(totalOf(f.catalog).rows)} rows) before trading.`,
    `What the month's trading added (weekly orders, shifts, sales, refunds, and what plugins made of them), the 10 largest tables:`,
    ``,
    ...sharesTable(f.month, 1, { top: 10 }),
    ``,
    `The event and audit tables in it:`,
    ``,
    ...sharesTable(eventShares, 1),
    ``,
    `Records of applied events (\`kernel.processed_events\`), by subscriber: ${f.processedBySubscriber.map((p) => `\`${p.subscriber}\` ${count(p.rows)}`).join(', ')}.`,
    ``,
    `| figure | value |`,
    `|---|---:|`,
    `| added by the month (rows + index share) | ${bytes(grown)} |`,
    `| **per sale** (everything the month added ÷ ${count(f.done.sales)} sales) | **${bytes(perSale)}** |`,
    `| rows added per sale | ${count(totalOf(f.month).rows / f.done.sales, 1)} |`,
    `| on disk: \`pg_database_size\` growth over the month (free space in pages, dead rows of updated rows, every table) | ${bytes(f.diskGrowth)} (× ${diskFactor.toFixed(2)}) |`,
    `| statements per sale (all the month's statements less ${count(idleBackground)} of idle background, ÷ sales) | ${count(tradingStatements / f.done.sales, 1)} |`,
    `| the shop after its month (sign-up, catalog, trading) | ${bytes(shopAfter)} |`,
    `| of which event retention deletes after EVENT_RETENTION_DAYS (${f.retentionDays}): ${f.pruned.map((p) => `\`${p.table}\` ${count(p.rows)} rows`).join(', ')} | ${bytes(prunable)} |`,
    `| kept for good from the month (sales, lines, tenders, stock ledger, sync answers, audit, rollups, journals, …) | ${bytes(kept)} (${bytes(kept / f.done.sales)} a sale) |`,
    `| the shop after pruning (what it holds once the month's events are past retention) | ${bytes(shopAfter - prunable)} |`,
    ``,
    `### 3. Idle: what the kernel does while nobody sells`,
    ``,
    `Two quiet windows of ${one.seconds} s, every event delivered before each: the first with one shop, the second with all ${f.shops}.`,
    `Plugin jobs run per tenant (kernel/src/plugins/plugin-jobs.ts: one transaction per job, per tenant with the plugin enabled, per`,
    `interval); the outbox relay, the ended-sessions poll and retention run per process, whatever the tenants.`,
    ``,
    `Transactions are counted at the relay (each \`begin\` … \`commit\`, and each statement outside one) and by PostgreSQL`,
    `(\`xact_commit + xact_rollback\`, flushed by each backend at most once a second, so a window's edges blur).`,
    ``,
    `| window | statements | per hour | transactions | per hour | PostgreSQL's transactions | per hour |`,
    `|---|---:|---:|---:|---:|---:|---:|`,
    ...[one, all].map(
      (w) =>
        `| ${w.shops} shop${w.shops === 1 ? '' : 's'}, ${w.seconds} s | ${count(w.statements)} | ${count(perHour(w, w.statements))} | ${count(w.transactions)} | ${count(perHour(w, w.transactions))} | ${count(w.commits)} | ${count(perHour(w, w.commits))} |`,
    ),
    `| **each shop adds** (difference ÷ ${all.shops - one.shops}) | | **${count(slope('statements') * 3600)}** | | **${count(slope('transactions') * 3600)}** | | **${count(slope('commits') * 3600)}** |`,
    `| the process itself (one-shop window less one shop) | | ${count(fixed('statements') * 3600)} | | ${count(fixed('transactions') * 3600)} | | ${count(fixed('commits') * 3600)} |`,
    ``,
    `Statements by kind in the ${all.shops}-shop window: ${Object.entries(all.byVerb)
      .map(([verb, n]) => `${verb} ${count(n)}`)
      .join(', ')}.`,
    ``,
    `The jobs each shop runs (the plugins' \`jobs.every\`), ${count(jobRunsPerHour)} runs a shop an hour:`,
    ``,
    `| plugin | job | every | runs per shop per hour |`,
    `|---|---|---:|---:|`,
    ...shopJobs.map((job) => `| ${job.plugin} | ${job.job} | ${job.intervalMs / 1000} s | ${count(3_600_000 / job.intervalMs)} |`),
    ``,
    `Jobs that tick in the process for no shop (their plugins are loaded — an enable was tried — but need settings no shop gave),`,
    `each tick one query for the tenants that have them: ${idleJobs.map((job) => `${job.plugin} ${job.job} every ${job.intervalMs / 1000} s`).join(', ') || 'none'}.`,
    ``,
    `**Connections: none per tenant.** A kernel process holds one pool (DATABASE_POOL_SIZE, ${f.poolSize} here) shared by requests, event`,
    `deliveries, jobs and workers of every tenant; a tenant's transaction sets \`kits.tenant_id\` and its role on a pooled connection`,
    `(kernel/src/db/transaction-connection.ts). Counted at the relay: ${one.connectionsOpen} open after the one-shop window,`,
    `${all.connectionsOpen} after the ${all.shops}-shop window; ${f.connectionsOpened} opened in the whole run, at most ${all.mostConnectionsOpen} at once (while trading).`,
    ``,
    `### Headline`,
    ``,
    `| figure | value |`,
    `|---|---:|`,
    `| an empty shop (signed up, plugins enabled, no catalog) | ${bytes(emptyShop)} |`,
    `| a sale (with its lines, tender, stock moves, share of shifts, refunds and orders, sync answer, events, audit, rollups) | ${bytes(perSale)}, of which ${bytes(prunable / f.done.sales)} go with event retention |`,
    `| a typical shop's month (${count(f.done.sales)} sales, ${f.plan.products}-product catalog) | ${bytes(shopAfter)} after the first month; then ${bytes(keptPerMonth)} kept a month + ${bytes(eventsHeld)} of events held |`,
    `| that shop after a year / three years (rows + indexes; × ${diskFactor.toFixed(2)} on disk) | ${bytes(afterMonths(12))} / ${bytes(afterMonths(36))} |`,
    `| **such shops per 1 TiB of primary** (after a year / three years; on disk) | **${count(TIB / (afterMonths(12) * diskFactor))} / ${count(TIB / (afterMonths(36) * diskFactor))}** |`,
    `| idle work per shop | ${count(slope('statements') * 3600)} statements, ${count(slope('transactions') * 3600)} transactions an hour (${count(jobRunsPerHour)} job runs); 1,000 idle shops: ${count(slope('statements') * 1000)} statements/s |`,
  ];
}
