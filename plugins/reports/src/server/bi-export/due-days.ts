import { addDays, daysBetween, type LocalClock } from '../local-days.ts';

/**
 * How far back the job looks for days it has not exported (a kernel that was down, export
 * switched on, a day whose late sales made it stale). Older days are exported on demand only
 * (`POST /bi-export/runs`), so one tick never sets off a backlog of years.
 */
export const CATCH_UP_DAYS = 7;

/** The newest day the job may export now: yesterday once the configured local hour has come, else the day before. */
export function latestDueDay(clock: LocalClock, exportHour: number): string {
  return addDays(clock.today, clock.hour >= exportHour ? -1 : -2);
}

/** The days the job keeps exported: the last CATCH_UP_DAYS due days, none before the tenant's first fact. */
export function catchUpWindow(latestDue: string, firstFactDay: string | undefined): string[] {
  if (firstFactDay === undefined) return [];
  const start = addDays(latestDue, 1 - CATCH_UP_DAYS);
  return daysBetween(firstFactDay > start ? firstFactDay : start, latestDue);
}

/**
 * The one day the job exports on this tick, if any: the newest due day first (what the merchant
 * waits for in the morning), then the oldest day of the window that is missing.
 */
export function nextDayToExport(window: readonly string[], exported: ReadonlySet<string>): string | undefined {
  const newest = window.at(-1);
  if (newest !== undefined && !exported.has(newest)) return newest;
  return window.find((day) => !exported.has(day));
}
