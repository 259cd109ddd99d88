import { isDomainError, type JobContext } from '@kits/plugin-sdk';
import type { ReportsSettings } from '../settings.ts';
import { exportDay } from './day-export.ts';
import { catchUpWindow, latestDueDay, nextDayToExport } from './due-days.ts';
import { biExportReadiness } from './export-config.ts';
import { exportedDays, firstFactDay } from './export-records.ts';
import { forgetStaleExports } from './late-arrivals.ts';
import { localClock } from '../local-days.ts';

/** How often the job looks whether a tenant has a day to export: cheap when none (a few index reads). */
export const EXPORT_TICK_MS = 15_000;

/**
 * One tick of the daily export for one tenant: at most one day is exported per tick, so a tick
 * stays within the kernel's handler time limit and a backlog drains a day at a time.
 *   - nothing unless the export is enabled and configured;
 *   - yesterday once the configured local hour has come — and then, once a day, exports of the
 *     days before whose facts changed since (late offline sales) are forgotten, to be exported again;
 *   - otherwise the oldest day of the last CATCH_UP_DAYS with no current export.
 */
export async function exportDueDay({ tx, settings, log, now }: JobContext<ReportsSettings>, createdBy: string): Promise<void> {
  const readiness = biExportReadiness(settings.biExport);
  if (!readiness.ready) return;
  const { timezone } = await tx.directory.tenant();
  const latestDue = latestDueDay(localClock(now, timezone), readiness.config.hour);
  const window = catchUpWindow(latestDue, await firstFactDay(tx, timezone));
  const first = window[0];
  if (first === undefined) return;
  const exported = await exportedDays(tx, first, latestDue);
  if (!exported.has(latestDue)) {
    const stale = await forgetStaleExports(tx, first, latestDue, timezone);
    if (stale.length > 0) log.info({ days: stale }, 'BI export: facts arrived late for these days; they are exported again');
    for (const day of stale) exported.delete(day);
  }
  const day = nextDayToExport(window, exported);
  if (day === undefined) return;
  try {
    await exportDay({ tx, log, config: readiness.config, day, now, createdBy });
  } catch (error) {
    // Another process is exporting the day (a rerun asked for through the API): nothing to do.
    if (isDomainError(error) && error.code === 'reports.bi_export_running') return;
    throw error;
  }
}
