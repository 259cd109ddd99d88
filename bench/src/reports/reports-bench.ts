// Issue 22's targets (reports, PostgreSQL, 2 cores), on 2 years of history of 50 stores (about 5
// million sale lines, generated set-based in SQL straight into reports' facts and rollups, as the
// live path would have written them): (1) the dashboard and a 90-day sales-by-day-by-location
// report p99 < 200 ms through the HTTP API as a manager; (2) a sale's effect visible in the rollups
// p99 < 1 s under the core-sales checkout load; (3) the rebuild's rate in events per second; (4)
// one day's BI export time; besides, how long reports over a year by product and two years by
// category take. BENCH_REPORTS_SCALE=small (default) or full (recorded in RESULTS.md);
// BENCH_REPORTS_REUSE=1 reuses the generated database when its marker matches; BENCH_REPORTS_SEED
// (default 22); BENCH_REPORTS_CHECKOUT_RATE; BENCH_REPORTS_PLUGIN (servers/reports-kernel.ts);
// BENCH_REPORTS_ONLY=reports measures the reports alone, =visibility a sale into the rollups alone (no rebuild or
// export) and prints their figures without recording them.
import type pg from 'pg';
import { machine, record } from '../results.ts';
import { measureBiExport, type BiExportTime } from './bi-export-time.ts';
import { databaseName, openBenchClient } from './bench-database.ts';
import { prepareBenchDatabase, type PreparedDatabase } from './prepare-database.ts';
import { measureRebuild, type RebuildRate } from './rebuild-rate.ts';
import { describeDashboard, describeLongSales, describeSales, localDate, measureReport, type ReportLatency } from './report-latency.ts';
import { measureFlatOutIngest, measurePacedVisibility, type FlatOutIngest, type PacedVisibility } from './sale-visibility.ts';
import { reportsScale, type ReportsScale } from './scale.ts';
import { openTill, signIn } from './shop-setup.ts';

const REPORT_P99_MS = 200;
const VISIBLE_P99_MS = 1000;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Row counts of the main shop's facts and rollups, and the database's size. */
async function datasetFigures(db: pg.Client, tenantId: string): Promise<{ counts: Record<string, number>; size: string; days: string }> {
  const counts: Record<string, number> = {};
  for (const table of [
    'sale_lines',
    'tenders',
    'stock_movements',
    'refund_lines',
    'location_hours',
    'category_hours',
    'variant_hours',
    'basket_hours',
    'tender_hours',
    'movement_days',
    'location_days',
    'category_days',
    'variant_days',
    'basket_days',
    'tender_days',
  ])
    counts[table] = (
      await db.query<{ n: number }>(`select count(*)::int as n from reports.${table} where tenant_id = $1`, [tenantId])
    ).rows[0]!.n;
  const size = (await db.query<{ size: string }>('select pg_size_pretty(pg_database_size(current_database())) as size')).rows[0]!.size;
  const days = (
    await db.query<{ days: string }>(
      "select to_char(min(occurred_at), 'YYYY-MM-DD') || ' … ' || to_char(max(occurred_at), 'YYYY-MM-DD') as days from reports.sale_lines where tenant_id = $1",
      [tenantId],
    )
  ).rows[0]!.days;
  return { counts, size, days };
}

/** A report measured one request at a time, then `concurrency` at a time (what the target is judged on). */
interface ReportFigures {
  readonly alone: ReportLatency;
  readonly loaded: ReportLatency;
}

/** Reports over long ranges, by product and by category: how long one takes, measured one at a time. */
const LONG_REPORTS = [
  { title: 'a year by product, by month', days: 365, query: 'by=month&group=product' },
  { title: 'a year by product, by week', days: 365, query: 'by=week&group=product' },
  { title: 'two years by category, by month', days: 730, query: 'by=month&group=category' },
  { title: 'two years by category, by day', days: 730, query: 'by=day&group=category' },
] as const;

interface LongReport {
  readonly title: string;
  readonly path: string;
  readonly latency: ReportLatency;
}

async function measureReports(
  prepared: PreparedDatabase,
  scale: ReportsScale,
): Promise<{ dashboard: ReportFigures; sales: ReportFigures; long: LongReport[]; period: string; localTime: string }> {
  const { url, pid } = prepared.server.ready;
  const { shop } = prepared.shops;
  const token = await signIn(url, shop.slug, shop.manager);
  const localTime = new Intl.DateTimeFormat('en-GB', {
    timeZone: shop.timezone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date());
  const to = localDate(shop.timezone, 1);
  const from = localDate(shop.timezone, 90);
  const measure = async (path: string, describe: (body: unknown) => string): Promise<ReportFigures> => {
    const options = { requests: scale.requests, warmUp: scale.warmUp, kernelPid: pid, describe };
    return {
      alone: await measureReport(url, token, path, { ...options, concurrency: 1 }),
      loaded: await measureReport(url, token, path, { ...options, concurrency: scale.concurrency }),
    };
  };
  const dashboard = await measure('/api/v1/reports/dashboard', describeDashboard);
  const sales = await measure(`/api/v1/reports/sales?from=${from}&to=${to}&by=day&group=location`, describeSales);
  const long: LongReport[] = [];
  for (const report of LONG_REPORTS) {
    const path = `/api/v1/reports/sales?from=${localDate(shop.timezone, report.days)}&to=${to}&${report.query}`;
    const latency = await measureReport(url, token, path, {
      requests: scale.longRequests,
      warmUp: 1,
      concurrency: 1,
      kernelPid: pid,
      describe: describeLongSales,
    });
    log(`${report.title}: p50 ${latency.p50.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms, ${(latency.bytes / 1e6).toFixed(1)} MB`);
    long.push({ title: report.title, path, latency });
  }
  return { dashboard, sales, long, period: `${from} … ${to}`, localTime };
}

/** The flat-out load's target: every probe shown, p99 under a second. */
const flatOutMet = (flatOut: FlatOutIngest) => flatOut.timedOut === 0 && flatOut.p99 < VISIBLE_P99_MS;

const describeFlatOut = (flatOut: FlatOutIngest) =>
  `${flatOut.load.sales} sales in ${flatOut.load.seconds.toFixed(0)} s, ${flatOut.publishedPerSecond.toFixed(0)} events/s published, ${flatOut.ingestedPerSecond.toFixed(0)}/s journaled, ${flatOut.backlogAtEnd} queued at the end; ${flatOut.probes} probes p50 ${flatOut.p50.toFixed(0)} ms, p99 ${flatOut.p99.toFixed(0)} ms, max ${flatOut.max.toFixed(0)} ms, ${flatOut.timedOut} timed out`;

async function measureVisibility(
  prepared: PreparedDatabase,
  db: pg.Client,
  scale: ReportsScale,
): Promise<{ paced: PacedVisibility; flatOut: FlatOutIngest | null }> {
  const { url } = prepared.server.ready;
  const { shop, tills } = prepared.shops;
  const terminals = await Promise.all(tills.terminals.map(async (till) => ({ token: await openTill(url, shop, till) })));
  const probe = { ...tills.probe, token: await openTill(url, shop, tills.probe) };
  const variants = (
    await db.query<{ variant_id: string }>('select variant_id from bench_reports.catalog where tenant_id = $1 order by n', [shop.tenantId])
  ).rows.map((row) => row.variant_id);
  const options = { url, db, tenantId: shop.tenantId, terminals, variants, probe, probeVariant: variants[0]! };
  const paced = await measurePacedVisibility(options, scale.checkout.rate, scale.checkout.probes);
  log(
    `Visibility at ${paced.rate} sales/s: p99 ${paced.p99.toFixed(0)} ms over ${paced.probes} probes${paced.fellBehind ? ` — fell behind: ${JSON.stringify(paced.fellBehind)}` : ''}`,
  );
  // A load the ingest could not keep up with at a steady rate says what flat out would: more queued, longer waits.
  const flatOut = paced.fellBehind ? null : await measureFlatOutIngest(options, scale.checkout.flatOutSeconds);
  return { paced, flatOut };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
/** A report's figures: the target is judged on the requests made a few at once; one at a time shows what one costs. */
const reportFigure = ({ alone, loaded }: ReportFigures) =>
  `${loaded.requests} requests ${loaded.concurrency} at once: p50 ${ms(loaded.p50)}, p95 ${ms(loaded.p95)}, p99 **${ms(loaded.p99)}** (max ${ms(loaded.max)}); ${alone.requests} one at a time: p50 ${ms(alone.p50)}, p99 ${ms(alone.p99)}, the kernel's CPU ${ms(alone.kernelCpuMs)} a request`;
const met = (value: number, target: number) => (value < target ? 'met' : '**MISSED**');
/** The table rows of the reports: the dashboard, the 90-day report (the issue's targets) and the long reports. */
function reportLines(stores: number, reports: Awaited<ReturnType<typeof measureReports>>): string[] {
  return [
    `| \`GET /reports/dashboard\` as a manager of all ${stores} stores: ${reports.dashboard.loaded.answer} | ${reportFigure(reports.dashboard)} | p99 < ${REPORT_P99_MS} ms — ${met(reports.dashboard.loaded.p99, REPORT_P99_MS)} |`,
    `| \`GET /reports/sales?by=day&group=location\`, 90 days ${reports.period}: ${reports.sales.loaded.answer} (${(reports.sales.loaded.bytes / 1e6).toFixed(2)} MB) | ${reportFigure(reports.sales)} | p99 < ${REPORT_P99_MS} ms — ${met(reports.sales.loaded.p99, REPORT_P99_MS)} |`,
    ...reports.long.map(
      ({ title, path, latency }) =>
        `| \`GET ${path.replace(/^\/api\/v1/, '')}\`, ${title}: ${latency.answer} (${(latency.bytes / 1e6).toFixed(1)} MB) | ${latency.requests} one at a time: p50 ${ms(latency.p50)}, max ${ms(latency.max)}, the kernel's CPU ${ms(latency.kernelCpuMs)} a request | — |`,
    ),
  ];
}

/** What the shop and its generation were: the first lines of a run's section. */
function shopLines(
  scale: ReportsScale,
  prepared: PreparedDatabase,
  dataset: Awaited<ReturnType<typeof datasetFigures>>,
  reports: Awaited<ReturnType<typeof measureReports>>,
): string[] {
  const { shop } = prepared.shops;
  const n = (value: number) => value.toLocaleString('en');
  const cut = prepared.took.dayCut ? `, its days cut from its hours in ${prepared.took.dayCut} s` : '';
  const generation = prepared.generated
    ? `generated now: setting up both shops through the API ${prepared.took.setUp} s, catalogs ${prepared.took.catalog} s, the shop's history ${prepared.took.generateShop} s (${n(prepared.generated.shop.sales)} sales), the rebuild shop's history and journal ${prepared.took.generateRebuildShop} s, VACUUM ANALYZE ${prepared.took.vacuum} s`
    : `reused (BENCH_REPORTS_REUSE=1; generated before in ${JSON.stringify(prepared.marker.took)} s), topped up with ${n(prepared.topUp?.saleLines ?? 0)} sale lines that arrived since, in ${prepared.took.topUp} s${cut}`;
  const stores = shop.stores.length;
  const tills = shop.stores.reduce((sum, store) => sum + store.tills, 0);
  const cashiers = shop.stores.reduce((sum, store) => sum + store.cashierCount, 0);
  const c = dataset.counts;
  return [
    `The shop: ${stores} stores (${tills} tills, ${cashiers} cashiers), ${n(scale.shop.variants)} variants in ${scale.shop.categories} categories, EUR, in ${shop.timezone} (chosen when the database was generated so that the bench runs in the shop's late afternoon; measured on ${reports.localTime} local time); history ${dataset.days}: **${n(c.sale_lines!)} sale lines**, ${n(c.tenders!)} tenders, ${n(c.stock_movements!)} stock movements, ${n(c.refund_lines!)} refund lines; rollups ${n(c.location_hours!)} location-hours, ${n(c.category_hours!)} category-hours, ${n(c.variant_hours!)} variant-hours, ${n(c.basket_hours!)} basket-hours, ${n(c.tender_hours!)} tender-hours, ${n(c.movement_days!)} movement-days; by local day ${n(c.location_days!)} location-days, ${n(c.category_days!)} category-days, ${n(c.variant_days!)} variant-days, ${n(c.basket_days!)} basket-days, ${n(c.tender_days!)} tender-days; database ${dataset.size}.`,
    `Generated set-based in SQL (bench/src/reports/), seed ${prepared.marker.seed}: opening hours per store (7–9 to 18–21, a fifth open on Sundays, closed on public holidays), weekday, season and 6 %/year growth; a Zipf-like long tail of variants (4 % never sell); 1–12 lines a sale (mean 2.6); card/cash/voucher 60/35/5 %; 1.5 % late offline sales; 0.6 % refunded. Database ${databaseName(scale.name)} ${generation}.`,
  ];
}

/** BENCH_REPORTS_ONLY=reports: the reports' figures, printed (a partial run is not recorded). */
function printReports(
  scale: ReportsScale,
  prepared: PreparedDatabase,
  dataset: Awaited<ReturnType<typeof datasetFigures>>,
  reports: Awaited<ReturnType<typeof measureReports>>,
): void {
  const title = `Reports: dashboard, 90-day sales report and long reports (PostgreSQL, scale ${scale.name}; BENCH_REPORTS_ONLY=reports, not recorded)`;
  const lines = [
    ...shopLines(scale, prepared, dataset, reports),
    '',
    '| case | figure | target |',
    '|---|---:|---|',
    ...reportLines(prepared.shops.shop.stores.length, reports),
  ];
  process.stdout.write(`\n## ${title}\n\nMachine: ${machine()}\n\n${lines.join('\n')}\n`);
}

function recordRun(
  scale: ReportsScale,
  prepared: PreparedDatabase,
  dataset: Awaited<ReturnType<typeof datasetFigures>>,
  reports: Awaited<ReturnType<typeof measureReports>>,
  visibility: { paced: PacedVisibility; flatOut: FlatOutIngest | null },
  rebuild: RebuildRate,
  bi: BiExportTime,
): void {
  const { shop, rebuildShop } = prepared.shops;
  const { paced, flatOut } = visibility;
  const n = (value: number) => value.toLocaleString('en');
  const stores = shop.stores.length;
  const title = `Reports: dashboard, 90-day sales report, a sale into the rollups, rebuild and BI export (PostgreSQL, scale ${scale.name})`;
  const lines = [
    ...shopLines(scale, prepared, dataset, reports),
    '',
    '| case | figure | target |',
    '|---|---:|---|',
    ...reportLines(stores, reports),
    `| a sale's net in basket_hours and variant_hours after its 201: ${paced.probes} probe sale${paced.probes === 1 ? '' : 's'} from a till alone in its store, under a checkout load of ${paced.rate} sales/s from ${paced.load.terminals} terminals (${n(paced.load.sales)} 3-line sales in ${paced.load.seconds.toFixed(0)} s, checkout p50 ${ms(paced.load.p50)}, p99 ${ms(paced.load.p99)})${paced.fellBehind ? `; **a probe did not show within 30 s: the ingest fell behind the load**, which stopped there with ${n(paced.fellBehind.backlog)} events queued for reports; they took ${paced.fellBehind.drainSeconds.toFixed(0)} s to drain (${(paced.fellBehind.backlog / Math.max(1, paced.fellBehind.drainSeconds)).toFixed(1)} events/s)` : ''} | p50 ${ms(paced.p50)}, p95 ${ms(paced.p95)}, p99 **${ms(paced.p99)}** (max ${ms(paced.max)}) | p99 < ${VISIBLE_P99_MS} ms — ${met(paced.p99, VISIBLE_P99_MS)} |`,
    flatOut
      ? `| a sale's net in basket_hours and variant_hours after its 201 under the sales bench's checkout load: ${flatOut.load.terminals} terminals flat out for ${flatOut.load.seconds.toFixed(0)} s, ${n(flatOut.load.sales)} sales = ${(flatOut.load.sales / flatOut.load.seconds).toFixed(0)}/s (checkout p50 ${ms(flatOut.load.p50)}, p99 ${ms(flatOut.load.p99)}), publishing ${flatOut.publishedPerSecond.toFixed(0)} events/s for reports, which journaled ${flatOut.ingestedPerSecond.toFixed(0)}/s; ${n(flatOut.backlogAtEnd)} queued when it stopped; ${flatOut.probes} probe sales all through it${flatOut.timedOut > 0 ? `, ${flatOut.timedOut} not shown within 30 s` : ''} | p50 ${ms(flatOut.p50)}, p95 ${ms(flatOut.p95)}, p99 **${ms(flatOut.p99)}** (max ${ms(flatOut.max)}) | p99 < ${VISIBLE_P99_MS} ms — ${flatOutMet(flatOut) ? 'met' : '**MISSED**'} |`
      : `| the same under the sales bench's checkout load (every terminal flat out) | not run: the ingest fell behind the paced load already | p99 < ${VISIBLE_P99_MS} ms — **MISSED** |`,
    `| \`rebuildTenant\` of a second shop (${rebuildShop.stores.length} stores, ${scale.rebuildShop.days} days) from its journal of ${n(rebuild.events)} events into ${n(rebuild.rows)} fact and rollup rows, ${rebuild.steps} steps (emptying ${rebuild.clearingSeconds.toFixed(1)} s, replaying ${rebuild.replayingSeconds.toFixed(1)} s); rows after = rows before: ${rebuild.differences.length === 0 ? `all ${n(rebuild.rows)} identical` : `**${rebuild.differences.map((d) => `${d.table}: ${d.differing} differ (${d.before} → ${d.after})`).join(', ')}**`} | **${n(Math.round(rebuild.eventsPerSecond))} events/s** (${rebuild.seconds.toFixed(1)} s) | — |`,
    `| BI export of the busiest day (${bi.day}: ${bi.files.map((f) => `${n(f.rows)} ${f.fact.replace('_', ' ')}, ${(f.bytes / 1024).toFixed(0)} KiB`).join('; ')}) to s3rver, \`POST /bi-export/runs\`, ${bi.runs.length} runs (each rerun replaces the day); row counts = database: ${bi.rowsMatch ? 'yes' : '**no**'} | **${ms([...bi.runs].sort((a, b) => a - b)[Math.floor(bi.runs.length / 2)]!)}** median (${bi.runs.map((r) => ms(r)).join(', ')}) | — |`,
  ];
  // The issue's size with the plugin as it is in the checkout is what RESULTS.md keeps; other runs only show their figures.
  const other = process.env.BENCH_REPORTS_PLUGIN ? `reports from ${process.env.BENCH_REPORTS_PLUGIN}` : null;
  if (scale.name === 'full' && !other) record(title, lines);
  else
    process.stdout.write(
      `\n## ${title} (not recorded: ${other ?? 'only the full scale is'})\n\nMachine: ${machine()}\n\n${lines.join('\n')}\n`,
    );
}

export async function benchReports(): Promise<{ passed: boolean }> {
  const scale = reportsScale();
  const seed = Number(process.env.BENCH_REPORTS_SEED ?? 22);
  log(`Reports bench, scale ${scale.name}: preparing ${databaseName(scale.name)} …`);
  const prepared = await prepareBenchDatabase(scale, seed, log);
  const db = await openBenchClient(scale.name);
  try {
    const dataset = await datasetFigures(db, prepared.shops.shop.tenantId);
    log(`Dataset: ${JSON.stringify(dataset)}`);
    if (process.env.BENCH_REPORTS_ONLY === 'visibility') {
      // A sale into the rollups alone, paced and flat out: printed, not recorded (a partial run).
      const visibility = await measureVisibility(prepared, db, scale);
      log(`Visibility at ${scale.checkout.rate} sales/s: p99 ${visibility.paced.p99.toFixed(0)} ms`);
      if (visibility.flatOut) log(`Flat out: ${describeFlatOut(visibility.flatOut)}`);
      return { passed: visibility.flatOut !== null && flatOutMet(visibility.flatOut) };
    }
    const reports = await measureReports(prepared, scale);
    log(`Reports: dashboard p99 ${reports.dashboard.loaded.p99.toFixed(0)} ms, sales p99 ${reports.sales.loaded.p99.toFixed(0)} ms`);
    const reportsPassed = reports.dashboard.loaded.p99 < REPORT_P99_MS && reports.sales.loaded.p99 < REPORT_P99_MS;
    if (process.env.BENCH_REPORTS_ONLY === 'reports') {
      printReports(scale, prepared, dataset, reports);
      return { passed: reportsPassed };
    }
    const visibility = await measureVisibility(prepared, db, scale);
    if (visibility.flatOut) log(`Flat out: ${describeFlatOut(visibility.flatOut)}`);
    const rebuild = await measureRebuild(prepared.databaseUrl, db, prepared.shops.rebuildShop.tenantId);
    log(`Rebuild: ${rebuild.events} events in ${rebuild.seconds.toFixed(1)} s`);
    const adminToken = await signIn(prepared.server.ready.url, prepared.shops.shop.slug, prepared.shops.shop.admin);
    const bi = await measureBiExport({
      url: prepared.server.ready.url,
      adminToken,
      db,
      tenantId: prepared.shops.shop.tenantId,
      timezone: prepared.shops.shop.timezone,
      runs: 3,
    });
    recordRun(scale, prepared, dataset, reports, visibility, rebuild, bi);
    const passed =
      reportsPassed &&
      visibility.paced.p99 < VISIBLE_P99_MS &&
      visibility.flatOut !== null &&
      flatOutMet(visibility.flatOut) &&
      rebuild.differences.length === 0 &&
      bi.rowsMatch;
    return { passed };
  } finally {
    await db.end();
    await prepared.server.stop();
  }
}
