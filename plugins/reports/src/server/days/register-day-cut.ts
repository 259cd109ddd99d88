import type { ServerPluginContext } from '@kits/plugin-sdk';
import type { SqlRunner } from '../ingest/sql.ts';
import type { ReportsSettings } from '../settings.ts';
import { cutDaysFor } from './cut-days.ts';

/** How often the job looks whether a tenant's days need cutting: one small read when they do not. */
export const DAY_CUT_TICK_MS = 10_000;
/**
 * How long one tick cuts for: it holds the tenant's exclusive ingest lock that long (live batches
 * wait), well within the kernel's handler limit (HANDLER_TIMEOUT_MS, 10 s by default).
 */
export const DAY_CUT_BUDGET_MS = 2_000;

/**
 * The job that cuts each tenant's hours into days in its zone (the first time, and again when the
 * tenant's zone changes), a few seconds a tick; reports read hours until it is done (days/).
 */
export function registerDayCut({ jobs }: ServerPluginContext<ReportsSettings>): void {
  jobs.every('day-rollups', DAY_CUT_TICK_MS, async ({ tx, log }) => {
    const { timezone } = await tx.directory.tenant();
    const before = (await tx.query<{ state: string }>('select state from reports.day_zones where tenant_id = $1', [tx.tenantId]))[0];
    const cut = await cutDaysFor(tx, timezone, { budgetMs: DAY_CUT_BUDGET_MS });
    if (cut !== 'rebuilding' && cut.state === 'ready' && before?.state !== 'ready')
      log.info({ timezone }, 'day rollups cut: reports read them');
  });
}

/**
 * Forgets how the tenant's days were cut, so the job cuts them again from the hours: on an
 * upgrade, since a version before day rollups may have served the tenant meanwhile (it wrote hours
 * only) and left days that miss them.
 */
export async function forgetDayCut(sql: SqlRunner): Promise<void> {
  await sql.query('delete from reports.day_zones where tenant_id = $1', [sql.tenantId]);
}
