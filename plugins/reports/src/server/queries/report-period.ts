import { badRequest } from '@kits/plugin-sdk';
import type { SalesBucket, SalesGrouping } from '../../shared/report-types.ts';
import { addDays } from '../local-days.ts';

/** The most days a report covers: a day by the hour 31, otherwise two years (a leap year's 366 twice). */
export const MAX_DAYS_BY_HOUR = 31;
export const MAX_DAYS = 732;
/**
 * By product at most a year (366 days): products are summed from variant_hours, a row per variant,
 * location and hour, which over two years of a busy shop is millions of rows; the other groupings
 * read rollups per location, category, till or tender.
 */
export const MAX_DAYS_BY_PRODUCT = 366;

/** The most days a report by `by` and `group` may cover. */
export const maxDaysOf = (by: SalesBucket, group: SalesGrouping): number =>
  by === 'hour' ? MAX_DAYS_BY_HOUR : group === 'product' ? MAX_DAYS_BY_PRODUCT : MAX_DAYS;

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
 * most 31 days by the hour, 366 by product and 732 otherwise (400 `reports.range_too_large`, with
 * `maxDays`). Both problems name the query fields, so the office shows them beside the dates.
 */
export function reportPeriod(from: string, to: string, by: SalesBucket, group: SalesGrouping = 'none'): ReportPeriod {
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) {
    throw badRequest('reports.range_reversed', `The period starts (${from}) after it ends (${to}): give a "from" on or before "to".`, {
      errors: [{ field: 'querystring.from', message: `is after to (${to})` }],
    });
  }
  const maxDays = maxDaysOf(by, group);
  if (days > maxDays) {
    const limit =
      by === 'hour'
        ? `at most ${maxDays} are allowed by the hour. Report by the hour over at most ${maxDays} days, or choose by=day, week or month.`
        : group === 'product'
          ? `at most ${maxDays} are allowed by product. Shorten the period to a year, or group by category over longer.`
          : `at most ${maxDays} are allowed. Shorten the period.`;
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
