import type pg from 'pg';
import {
  bindNamed,
  GENERATE_LINES,
  GENERATE_MOVEMENTS,
  GENERATE_REFUNDS,
  GENERATE_SALES,
  PRICE_POSITIONS,
  WRITE_FACTS,
  WRITE_JOURNAL,
  WRITE_ROLLUPS,
  type StretchParameters,
} from './history-sql.ts';
import type { BenchShop } from './shop-setup.ts';

const DAY_MS = 86_400_000;

/** What one generation added. */
export interface GeneratedHistory {
  readonly sales: number;
  readonly saleLines: number;
  readonly refunds: number;
  readonly movements: number;
  readonly journalEvents: number;
  readonly seconds: number;
}

/** The shop's stores, as the generator reads them (bench_reports.stores). */
export async function registerStores(db: pg.Client, shop: BenchShop): Promise<void> {
  await db.query(
    `insert into bench_reports.stores (tenant_id, n, location_id, size, opens, closes, sunday_opens, sunday_closes, devices, cashiers)
     select $1, s.n, s.location_id, s.size, s.opens, s.closes, s.sunday_opens, s.sunday_closes,
            array(select jsonb_array_elements_text(s.devices))::uuid[], array(select jsonb_array_elements_text(s.cashiers))
       from jsonb_to_recordset($2::jsonb) as s(n int, location_id uuid, size float8, opens int, closes int, sunday_opens int, sunday_closes int,
                                                devices jsonb, cashiers jsonb)`,
    [
      shop.tenantId,
      JSON.stringify(
        shop.stores.map((store) => ({
          n: store.index,
          location_id: store.id,
          size: store.size,
          opens: store.opens,
          closes: store.closes,
          sunday_opens: store.sunday?.opens ?? null,
          sunday_closes: store.sunday?.closes ?? null,
          devices: store.devices,
          cashiers: store.cashiers,
        })),
      ),
    ],
  );
}

/**
 * Generates the sales that arrived in [from, to) into the shop's facts and rollups — hours, and
 * days as far as the shop's days are cut (stretch-rollups.ts) — and, with `journal`, the journal
 * the rebuild replays, a stretch of `stretchDays` days per transaction.
 */
export async function generateHistory(
  db: pg.Client,
  shop: BenchShop,
  options: {
    readonly from: Date;
    readonly to: Date;
    readonly salesPerWeight: number;
    readonly seed: number;
    readonly journal: boolean;
    readonly stretchDays?: number;
    readonly progress?: (line: string) => void;
  },
): Promise<GeneratedHistory> {
  const started = performance.now();
  const stretchMs = (options.stretchDays ?? 7) * DAY_MS;
  const [{ slots }] = (
    await db.query<{ slots: number }>('select count(*)::int as slots from bench_reports.wheel where tenant_id = $1', [shop.tenantId])
  ).rows as [{ slots: number }];
  const totals = { sales: 0, saleLines: 0, refunds: 0, movements: 0, journalEvents: 0 };
  const stretches = Math.ceil((options.to.getTime() - options.from.getTime()) / stretchMs);
  for (let n = 0; n < stretches; n++) {
    const from = new Date(options.from.getTime() + n * stretchMs);
    const to = new Date(Math.min(options.to.getTime(), from.getTime() + stretchMs));
    const parameters: StretchParameters = {
      tenant: shop.tenantId,
      tz: shop.timezone,
      from,
      to,
      sales_per_weight: options.salesPerWeight,
      seed: options.seed,
      slots,
    };
    const run = (sql: string) => db.query(bindNamed(sql, parameters));
    await db.query('begin');
    try {
      // Held as a live batch holds it (reports' ingest-locks.ts): the plugin's job, cutting the
      // shop's days meanwhile, then sees each stretch's hours whole or not at all.
      await db.query(`select pg_advisory_xact_lock_shared(hashtextextended('reports:ingest:' || $1, 0))`, [shop.tenantId]);
      for (const sql of [GENERATE_SALES, GENERATE_LINES, GENERATE_REFUNDS, GENERATE_MOVEMENTS]) await run(sql);
      const written: number[] = [];
      for (const sql of WRITE_FACTS) written.push((await run(sql)).rowCount ?? 0);
      const [lines = 0, refunds = 0, , movements = 0] = written;
      for (const sql of WRITE_ROLLUPS) await run(sql);
      if (options.journal) totals.journalEvents += (await run(WRITE_JOURNAL)).rowCount ?? 0;
      const sales = await db.query<{ n: number }>('select count(*)::int as n from gen_sale where arrives');
      await db.query('commit');
      totals.sales += sales.rows[0]!.n;
      totals.saleLines += lines;
      totals.refunds += refunds;
      totals.movements += movements;
    } catch (error) {
      await db.query('rollback');
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    options.progress?.(
      `  ${shop.slug}: ${from.toISOString().slice(0, 10)} … ${n + 1}/${stretches} stretches, ${totals.saleLines.toLocaleString('en')} sale lines, ${seconds.toFixed(0)} s`,
    );
  }
  await db.query(bindNamed(PRICE_POSITIONS, { tenant: shop.tenantId }));
  return { ...totals, seconds: (performance.now() - started) / 1000 };
}

/** The reports tables as a live database keeps them: vacuumed (visibility maps for index-only scans) and analysed. */
export async function vacuumReports(db: pg.Client): Promise<number> {
  const started = performance.now();
  const { rows } = await db.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'reports' order by tablename",
  );
  for (const { name } of rows) await db.query(`vacuum (analyze) reports.${name}`);
  await db.query('analyze');
  return (performance.now() - started) / 1000;
}
