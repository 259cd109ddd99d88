/**
 * A location's business day is its local date (its time zone): the office works out whether a day
 * has ended there, so "Export now" is offered only for days the server will export.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local date (YYYY-MM-DD) at `instant` in `timeZone` (the browser's zone when not given). */
export function localDate(instant: Date, timeZone?: string): string {
  const key = timeZone ?? '';
  let format = formatters.get(key);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) });
    formatters.set(key, format);
  }
  return format.format(instant);
}

/** Whether `day` (YYYY-MM-DD) has ended at a location in `timeZone` at `now`: it is before the location's today. */
export const dayHasEnded = (day: string, now: Date, timeZone?: string): boolean => day < localDate(now, timeZone);

/** Whether `text` is a calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The day before `day` (YYYY-MM-DD): the day the picker offers first, the last one that has surely ended. */
export function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** A business day as the person's locale writes a date ("6 Dec 2026"), without moving it across zones. */
export function dayText(day: string, locale: string): string {
  if (!isDay(day)) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
