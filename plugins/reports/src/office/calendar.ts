/**
 * Local calendar dates (`YYYY-MM-DD`) as the reports take them: in the tenant's time zone, the
 * range inclusive at both ends. Plain date arithmetic on UTC midnights, so no daylight-saving
 * change moves a day.
 */

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written `YYYY-MM-DD`. */
export function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().slice(0, 10) === text;
}

const toDate = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const fromDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** `day` moved by `days` (negative: back). */
export function addDays(day: string, days: number): string {
  return fromDate(toDate(day) + days * DAY_MS);
}

/** Days from `from` to `to`, both counted: the same day is 1. */
export function daysInRange(from: string, to: string): number {
  return Math.round((toDate(to) - toDate(from)) / DAY_MS) + 1;
}

/** The first day of `day`'s month. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The last day of `day`'s month. */
export function monthEnd(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return fromDate(Date.UTC(year, month, 0));
}

/** Today's date in `timeZone` at `now`. */
export function todayIn(timeZone: string | undefined, now: number = Date.now()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
}
