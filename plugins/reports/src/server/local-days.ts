/**
 * Calendar days (YYYY-MM-DD) in a tenant's time zone, as the merchant counts them: what "yesterday"
 * is for a shop (BI export), a forecast's history days, a report's previous period.
 */

/** The local date and hour (0–23) at `now` in `timeZone` (an IANA name). */
export interface LocalClock {
  readonly today: string;
  readonly hour: number;
}

export function localClock(now: Date, timeZone: string): LocalClock {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return { today: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/** The local date of `now` in `timeZone`. */
export const localDate = (now: Date, timeZone: string): string => localClock(now, timeZone).today;

/** `day` moved by `days` calendar days (negative: earlier). */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Days from `first` to `last`, both included, oldest first (empty when `first` is after `last`). */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}
