import { conflict } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { applyEntries } from '../ingest/apply-entries.ts';
import { holdIngestExclusive } from '../ingest/ingest-locks.ts';
import { lastJournalSeq, readJournal } from '../ingest/journal.ts';
import type { SqlRunner } from '../ingest/sql.ts';
import { readRebuild, saveRebuildProgress, startRebuildRow, type RebuildState } from './rebuild-state.ts';

/**
 * A rebuild in steps, each its own short transaction, so a big tenant's rebuild never holds one
 * long transaction: `beginRebuild` marks the tenant as rebuilding, then each `rebuildStep` either
 * deletes a chunk of the facts and rollups (phase `clearing`) or applies the next batch of the
 * journal in seq order through the live path's own code (`applyEntries`, phase `replaying`).
 *
 * While the mark is on, the live path journals each event and applies nothing; the rebuild applies
 * those entries too. It replays up to a horizon — the journal's end read under the tenant's
 * exclusive ingest lock, when every journaled entry is committed, so none is skipped — and when it
 * reaches it takes the lock again: few entries left (a batch or less) are applied under the lock
 * and the rebuild ends in that transaction; more (a busy shop) move the horizon on.
 */

/**
 * The facts and rollups a rebuild empties and fills again; the journal, the BI export log and rebuilds
 * stay, and so does how the tenant's days are cut (day_zones): the replay adds to the day rollups
 * what the live path would under that cut (days/day-rollups.ts).
 */
export const REBUILT_TABLES = [
  'sale_lines',
  'refund_lines',
  'tenders',
  'stock_movements',
  'voids',
  'variant_hours',
  'category_hours',
  'location_hours',
  'basket_hours',
  'tender_hours',
  'variant_costs',
  'stock_positions',
  'movement_days',
  'last_sales',
  'location_days',
  'category_days',
  'variant_days',
  'basket_days',
  'tender_days',
] as const;

export interface RebuildStepOptions {
  /** Journal entries applied per step. */
  readonly batchSize: number;
  /** Rows deleted per table per step while clearing. */
  readonly clearRows: number;
}

/** Sized so a step stays well within the kernel's handler time limit (10 s by default) on PGlite too. */
export const REBUILD_STEP: RebuildStepOptions = { batchSize: 1000, clearRows: 20_000 };

/** A running rebuild that made no progress for this long may be started over. */
export const STALLED_AFTER_MS = 5 * 60_000;

/**
 * Marks the tenant as rebuilding and fixes the first horizon. Refuses (409
 * `reports.rebuild_running`) while another rebuild is making progress.
 */
export async function beginRebuild(sql: SqlRunner, by: { requestedBy: string }): Promise<RebuildState> {
  // The rebuild row first, then the ingest lock: the order a step takes them in.
  await readRebuild(sql, { lock: true });
  await holdIngestExclusive(sql);
  const running = await readRebuild(sql, { lock: true });
  if (running?.status === 'running' && Date.now() - Date.parse(running.updatedAt) < STALLED_AFTER_MS)
    throw conflict(
      'reports.rebuild_running',
      `A rebuild of this tenant's reports is running (${running.eventsApplied} of ${running.eventsTotal} events replayed); follow it with GET /api/v1/reports/rebuild and start another when it has finished.`,
      { rebuildId: running.rebuildId, startedAt: running.startedAt },
    );
  const horizonSeq = await lastJournalSeq(sql);
  const [counted] = await sql.query<{ events: string }>('select count(*)::text as events from reports.journal where tenant_id = $1', [
    sql.tenantId,
  ]);
  return startRebuildRow(sql, { rebuildId: uuidv7(), requestedBy: by.requestedBy, horizonSeq, eventsTotal: Number(counted!.events) });
}

/** Deletes up to `rows` rows of each rebuilt table; answers whether any table may hold more. */
async function clearChunk(sql: SqlRunner, rows: number): Promise<boolean> {
  const deleted = await Promise.all(
    REBUILT_TABLES.map((table) =>
      sql.query<{ n: number }>(
        `with gone as (delete from reports.${table} where ctid in (select ctid from reports.${table} where tenant_id = $1 limit $2) returning 1)
         select count(*)::int as n from gone`,
        [sql.tenantId, rows],
      ),
    ),
  );
  return deleted.some(([row]) => row!.n === rows);
}

/**
 * One step of rebuild `rebuildId`; answers its state after the step, or undefined when it is not
 * the tenant's running rebuild any more (another one replaced it): the caller stops.
 */
export async function rebuildStep(
  sql: SqlRunner,
  rebuildId: string,
  options: RebuildStepOptions = REBUILD_STEP,
): Promise<RebuildState | undefined> {
  const state = await readRebuild(sql, { lock: true });
  if (!state || state.rebuildId !== rebuildId || state.status !== 'running') return undefined;
  let { horizonSeq, appliedSeq, eventsApplied } = state;
  const save = (phase: RebuildState['phase'], finished = false) =>
    saveRebuildProgress(sql, { phase, horizonSeq, appliedSeq, eventsApplied, finished });

  if (state.phase === 'clearing') return save((await clearChunk(sql, options.clearRows)) ? 'clearing' : 'replaying');

  const replay = async (throughSeq: number, limit: number) => {
    const entries = await readJournal(sql, appliedSeq, throughSeq, limit);
    await applyEntries(sql, entries);
    if (entries.length > 0) appliedSeq = entries.at(-1)!.seq;
    eventsApplied += entries.length;
    return entries.length;
  };
  if (appliedSeq < horizonSeq && (await replay(horizonSeq, options.batchSize)) === options.batchSize) return save('replaying');

  // The horizon is reached: under the exclusive lock every journaled entry is committed.
  await holdIngestExclusive(sql);
  const last = await lastJournalSeq(sql);
  const [left] = await sql.query<{ n: string }>('select count(*)::text as n from reports.journal where tenant_id = $1 and seq > $2', [
    sql.tenantId,
    appliedSeq,
  ]);
  horizonSeq = last;
  if (Number(left!.n) > options.batchSize) return save('replaying');
  await replay(last, options.batchSize);
  return save('done', true);
}
