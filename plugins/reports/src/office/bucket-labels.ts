import type { SalesBucket } from '../shared/report-types.ts';

/**
 * A report's time buckets as a person reads them. Buckets are the tenant's local wall time already
 * ('2026-12-01', '2026-W49', '2026-12', '2026-12-01T09:00'), so they are formatted as UTC: no
 * second time-zone shift.
 */

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    formats.set(key, format);
  }
  return format;
}

const WEEK = /^(\d{4})-W(\d{2})$/;

/**
 * "1 Dec", "Week 49", "Dec 2026", "09:00" (or "1 Dec, 09:00" when the report spans more than a
 * day); a bucket in a form it does not know is shown as it came.
 */
export function bucketLabel(bucket: string, by: SalesBucket, locale: string, spansDays = false): string {
  if (by === 'week') {
    const match = WEEK.exec(bucket);
    return match ? `Week ${Number(match[2])}, ${match[1]}` : bucket;
  }
  if (by === 'month') {
    const at = Date.parse(`${bucket}-01T00:00:00Z`);
    return Number.isNaN(at) ? bucket : dateFormat(locale, { month: 'short', year: 'numeric' }).format(at);
  }
  if (by === 'hour') {
    const at = Date.parse(`${bucket}:00Z`);
    if (Number.isNaN(at)) return bucket;
    const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    return dateFormat(locale, spansDays ? { day: 'numeric', month: 'short', ...time } : time).format(at);
  }
  const at = Date.parse(`${bucket}T00:00:00Z`);
  return Number.isNaN(at) ? bucket : dateFormat(locale, { day: 'numeric', month: 'short', weekday: 'short' }).format(at);
}

/** A local date written for a person: "Mon 1 Dec 2026". */
export function dateLabel(day: string, locale: string): string {
  const at = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(at) ? day : dateFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}
