import type { JobContext, ServerPluginContext, ServiceLocator, TenantTransaction } from '@kits/plugin-sdk';
import { accountingProvider, NO_PROVIDER_REASON } from '../provider.ts';
import { dayClosings } from './day-closing.ts';
import { planDayExport } from './plan-exports.ts';
import { pauseWithoutProvider, postDueExports, resumePaused, type PostRun } from './post-exports.ts';

/** How often the jobs look for closed days (planning) and due exports (posting). */
export const EXPORT_TICK_MS = 2_000;
/** One run's limit: a provider call each, at most POSTS_PER_RUN of them. */
export const EXPORT_TIME_LIMIT_MS = 5 * 60_000;
/** Changed days one run plans at most. */
const DAYS_PER_RUN = 200;

/**
 * Turns the changed days that are closed (or that the merchant asked to export) into exports: a
 * day's first journal, or an adjusting journal for what changed since. A day still open stays
 * marked changed and is looked at again on the next run. Answers how many days it planned.
 */
export async function planChangedDays(tx: TenantTransaction, services: ServiceLocator, now: Date): Promise<number> {
  // Read without locks first: today's rows change with every sale, and a lock held through the
  // provider calls below would hold up the ledger's ingest. Only the closed days are locked.
  const changed = await tx.query<{ location_id: string; day: string; export_requested_at: Date | null }>(
    `select location_id, to_char(day, 'YYYY-MM-DD') as day, export_requested_at from accounting.days
      where dirty order by day, location_id limit ${DAYS_PER_RUN}`,
  );
  const closing = dayClosings(tx, services, now);
  let planned = 0;
  for (const day of changed) {
    const state = await closing(day.location_id, day.day);
    if (!state.closed && !(state.ended && day.export_requested_at)) continue;
    const [held] = await tx.query<{ currency: string }>(
      'select currency from accounting.days where location_id = $1 and day = $2 and dirty for update skip locked',
      [day.location_id, day.day],
    );
    if (!held) continue; // another run plans it, or planned it since
    await planDayExport(tx, { locationId: day.location_id, day: day.day, currency: held.currency }, now);
    await tx.query('update accounting.days set dirty = false, export_requested_at = null where location_id = $1 and day = $2', [
      day.location_id,
      day.day,
    ]);
    planned += 1;
  }
  return planned;
}

/** One run of the planning job for one tenant, in its own short transaction: closed days into exports. */
export async function runPlanning({ tx, services, log, now }: JobContext): Promise<number> {
  const planned = await planChangedDays(tx, services, now);
  if (planned > 0) log.info({ planned }, 'accounting days planned for export');
  return planned;
}

/**
 * One run of the posting job for one tenant, in its transaction: the due exports posted through
 * accounting@1. It locks only export rows, never the days the ledger's ingest adds to, so a slow
 * provider never holds up the events of a day that is still arriving (a backlog after midnight).
 */
export async function runPosting({ tx, services, log, now }: JobContext): Promise<PostRun> {
  const provider = accountingProvider(services);
  if (!provider) {
    const paused = await pauseWithoutProvider(tx, NO_PROVIDER_REASON, now);
    return { posted: 0, waiting: 0, failed: 0, paused };
  }
  if ((await resumePaused(tx, provider, now)) === 'still_paused') return { posted: 0, waiting: 0, failed: 0, paused: 0 };
  const run = await postDueExports(tx, provider, now, log);
  if (run.posted + run.failed + run.paused > 0) log.info({ ...run }, 'accounting exports run');
  return run;
}

/** Planning and posting are two jobs, each its own transaction (see runPosting). */
export function registerExportJob(context: ServerPluginContext): void {
  context.jobs.every('plan-days', EXPORT_TICK_MS, async (job) => void (await runPlanning(job)));
  context.jobs.every('export-days', EXPORT_TICK_MS, async (job) => void (await runPosting(job)), { timeLimitMs: EXPORT_TIME_LIMIT_MS });
}
