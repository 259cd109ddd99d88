import { badRequest } from '@kits/plugin-sdk';
import type { SalesBucket, SalesGrouping } from '../../shared/report-types.ts';
import { addDays } from '../local-days.ts';

/** The most days a report covers: a day by the hour 31, otherwise two years (a leap year's 366 twice). */
export const MAX_DAYS_BY_HOUR = 31;
export const MAX_DAYS = 732;
/**
 * By product at most a year, but two years by month read from the day rollups. A product report is
 * a row per product and bucket, summed from a row per variant, location and day (or hour): measured
 * on the reports bench's full database (50 stores, 3,000 variants, 5 million sale lines, 2 cores),
 * from day rollups a year by day took 6.9 s (79 MB), a year by week 3.1 s (21 MB), two years by
 * month 4.4 s (11 MB); from hours, before the tenant's days are cut, its statement alone sums
 * 2.4 million variant-hours a year (2.3 s), twice that over two years. Other groupings read
 * rollups per location, category, till or tender.
 */
export const MAX_DAYS_BY_PRODUCT = 366;
export const MAX_DAYS_BY_PRODUCT_AND_MONTH = MAX_DAYS;

/** Which rollups the report reads: hours, or the day rollups (by day, week or month once the tenant's days are cut). */
export type PeriodGrain = 'hour' | 'day';

/** The most days a report by `by` and `group` may cover, read from `grain` rollups. */
export function maxDaysOf(by: SalesBucket, group: SalesGrouping, grain: PeriodGrain = 'hour'): number {
  if (by === 'hour') return MAX_DAYS_BY_HOUR;
  if (group !== 'product') return MAX_DAYS;
  return by === 'month' && grain === 'day' ? MAX_DAYS_BY_PRODUCT_AND_MONTH : MAX_DAYS_BY_PRODUCT;
}

/** Local dates of the tenant, inclusive, as `YYYY-MM-DD`. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
  /** How many local days it covers (`to − from + 1`). */
  readonly days: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/**
 * The period a report asks for, checked: `from` not after `to` (400 `reports.range_reversed`), at
 * most 31 days by the hour, 366 by product (732 by product and month from day rollups) and 732
 * otherwise (400 `reports.range_too_large`, with `maxDays`). Both problems name the query fields,
 * so the office shows them beside the dates.
 */
export function reportPeriod(
  from: string,
  to: string,
  by: SalesBucket,
  group: SalesGrouping = 'none',
  grain: PeriodGrain = 'hour',
): ReportPeriod {
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) {
    throw badRequest('reports.range_reversed', `The period starts (${from}) after it ends (${to}): give a "from" on or before "to".`, {
      errors: [{ field: 'querystring.from', message: `is after to (${to})` }],
    });
  }
  const maxDays = maxDaysOf(by, group, grain);
  if (days > maxDays) {
    const limit =
      by === 'hour'
        ? `at most ${maxDays} are allowed by the hour. Report by the hour over at most ${maxDays} days, or choose by=day, week or month.`
        : group !== 'product'
          ? `at most ${maxDays} are allowed. Shorten the period.`
          : by === 'month'
            ? `at most ${maxDays} are allowed by product${grain === 'hour' ? ' until this shop’s day rollups are ready (minutes after an upgrade or a change of time zone; then two years by month)' : ''}. Shorten the period, or group by category over longer.`
            : `at most ${maxDays} are allowed by product by ${by} (a row per product and ${by}). Shorten the period to a year, report by month over up to two years, or group by category.`;
    throw badRequest('reports.range_too_large', `The period covers ${days} days; ${limit}`, {
      maxDays,
      errors: [{ field: 'querystring.to', message: `is more than ${maxDays} days after from` }],
    });
  }
  return { from, to, days };
}

/** The period of the same length just before `period` (what `compare=previous` sets against it). */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  return { from: addDays(period.from, -period.days), to: addDays(period.from, -1), days: period.days };
}
