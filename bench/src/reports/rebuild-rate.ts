import { openDatabase, pluginRole, type Database } from '@kits/kernel';
import { rebuildTenant, REBUILT_TABLES, type SqlRunner, type TransactionRunner } from '@kits/reports/ingest';
import type pg from 'pg';
import { pino } from 'pino';

export interface RebuildRate {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Of the rebuild's time: emptying the old facts and rollups, and replaying the journal. */
  readonly clearingSeconds: number;
  readonly replayingSeconds: number;
  readonly steps: number;
  /** Rows of the facts and rollups, and whether each table holds after the rebuild exactly what it held before. */
  readonly rows: number;
  readonly differences: ReadonlyArray<{
    readonly table: string;
    readonly before: number;
    readonly after: number;
    readonly differing: number;
  }>;
}

/**
 * A tenant transaction as the reports plugin's role, through the kernel's own database layer (its
 * pipelined connections and role switching): what the plugin's rebuild steps run in.
 */
const reportsTransaction =
  (db: Database, tenantId: string, timing: { clearing: number; replaying: number; steps: number }): TransactionRunner =>
  async (work) => {
    const started = performance.now();
    let clearing = false;
    const result = await db.transaction({ tenantId }, (tx) => {
      const sql: SqlRunner = {
        tenantId,
        query: (text, params) => {
          if (/^\s*with gone as \(delete/.test(text)) clearing = true;
          return tx.queryAs(pluginRole('reports'), text, params);
        },
      };
      return work(sql);
    });
    timing[clearing ? 'clearing' : 'replaying'] += (performance.now() - started) / 1000;
    timing.steps += 1;
    return result;
  };

/** A hash of every row of the tenant's facts and rollups, per table, kept to compare with after the rebuild. */
async function hashRows(db: pg.Client, tenantId: string, into: string): Promise<void> {
  await db.query(`create unlogged table if not exists bench_reports.${into} (table_name text not null, row_hash bigint not null)`);
  await db.query(`truncate bench_reports.${into}`);
  for (const table of REBUILT_TABLES)
    await db.query(
      `insert into bench_reports.${into} select $2, hashtextextended(to_jsonb(t)::text, 0) from reports.${table} t where t.tenant_id = $1`,
      [tenantId, table],
    );
}

/**
 * Rebuilds the tenant's facts and rollups from its journal with `rebuildTenant` (the steps the
 * plugin's rebuild route runs, each its own transaction), timed, and compares every row after with
 * what was there before: the generator's rows on a fresh database (so the generated history is
 * what the live path's code makes of its journal), the last rebuild's on a reused one.
 */
export async function measureRebuild(databaseUrl: string, admin: pg.Client, tenantId: string): Promise<RebuildRate> {
  const [{ events }] = (
    await admin.query<{ events: number }>('select count(*)::int as events from reports.journal where tenant_id = $1', [tenantId])
  ).rows as [{ events: number }];
  await hashRows(admin, tenantId, 'rebuild_before');
  const db = await openDatabase({ databaseUrl, dataDir: 'memory://' }, [], pino({ level: 'warn' }, pino.destination(2)), {
    maxConnections: 4,
  });
  const timing = { clearing: 0, replaying: 0, steps: 0 };
  const started = performance.now();
  try {
    const state = await rebuildTenant({ transaction: reportsTransaction(db, tenantId, timing), requestedBy: 'bench' });
    if (state.eventsApplied !== events) throw new Error(`the rebuild applied ${state.eventsApplied} events of a journal of ${events}`);
  } finally {
    await db.close();
  }
  const seconds = (performance.now() - started) / 1000;
  await hashRows(admin, tenantId, 'rebuild_after');
  const { rows } = await admin.query<{ table_name: string; before: number; after: number; differing: number }>(
    `with b as (select table_name, row_hash from bench_reports.rebuild_before),
          a as (select table_name, row_hash from bench_reports.rebuild_after),
          only_before as (select * from b except all select * from a),
          only_after as (select * from a except all select * from b)
     select t.table_name,
            (select count(*) from b where b.table_name = t.table_name)::int as before,
            (select count(*) from a where a.table_name = t.table_name)::int as after,
            ((select count(*) from only_before o where o.table_name = t.table_name) +
             (select count(*) from only_after o where o.table_name = t.table_name))::int as differing
       from unnest($1::text[]) as t(table_name)`,
    [[...REBUILT_TABLES]],
  );
  return {
    events,
    seconds,
    eventsPerSecond: events / seconds,
    clearingSeconds: timing.clearing,
    replayingSeconds: timing.replaying,
    steps: timing.steps,
    rows: rows.reduce((sum, row) => sum + row.after, 0),
    differences: rows
      .filter((row) => row.differing > 0 || row.before !== row.after)
      .map((row) => ({ table: row.table_name, before: row.before, after: row.after, differing: row.differing })),
  };
}
