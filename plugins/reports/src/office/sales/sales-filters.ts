import {
  SALES_BASES,
  SALES_BUCKETS,
  SALES_GROUPINGS,
  type SalesBasis,
  type SalesBucket,
  type SalesGrouping,
} from '../../shared/report-types.ts';
import { addDays, isDate, monthEnd, monthStart } from '../calendar.ts';

/**
 * The sales report's filters as its page's URL query holds them, so a copied link reopens the
 * same report: `?range=last-30-days&by=week&group=location&compare=previous`. A preset range
 * (`last-7-days`) is relative to today when the link is opened; `range=custom&from=…&to=…` is fixed.
 */

export const RANGE_PRESETS = [
  'today',
  'yesterday',
  'last-7-days',
  'last-30-days',
  'last-90-days',
  'this-month',
  'last-month',
  'custom',
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_LABELS: Readonly<Record<RangePreset, string>> = {
  today: 'Today',
  yesterday: 'Yesterday',
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'last-90-days': 'Last 90 days',
  'this-month': 'This month',
  'last-month': 'Last month',
  custom: 'Custom dates',
};

export const BUCKET_LABELS: Readonly<Record<SalesBucket, string>> = { hour: 'Hour', day: 'Day', week: 'Week', month: 'Month' };

export const GROUPING_LABELS: Readonly<Record<SalesGrouping, string>> = {
  none: 'Nothing (totals over time)',
  location: 'Location',
  till: 'Till',
  cashier: 'Cashier',
  category: 'Category',
  product: 'Product',
  tender: 'Tender',
};

export const BASIS_LABELS: Readonly<Record<SalesBasis, string>> = {
  happened: 'When the sale happened',
  arrived: 'When it reached the office',
};

/** What the chart draws: figures that add up across buckets and groups. */
export const CHART_MEASURES = ['net', 'total', 'gross', 'margin', 'sales', 'items'] as const;
export type ChartMeasure = (typeof CHART_MEASURES)[number];

export const CHART_MEASURE_LABELS: Readonly<Record<ChartMeasure, string>> = {
  net: 'Net sales',
  total: 'Total paid (with tax)',
  gross: 'Gross sales',
  margin: 'Gross margin',
  sales: 'Number of sales',
  items: 'Items sold',
};

export interface SalesFilters {
  readonly range: RangePreset;
  /** Local dates, inclusive; as typed for a custom range (the server says when they are wrong). */
  readonly from: string;
  readonly to: string;
  readonly by: SalesBucket;
  readonly group: SalesGrouping;
  /** One location, or undefined for every location the person may see reports of. */
  readonly locationId: string | undefined;
  readonly basis: SalesBasis;
  readonly compare: boolean;
  readonly measure: ChartMeasure;
}

const DEFAULT_RANGE: RangePreset = 'last-7-days';

const oneOf = <Value extends string>(values: readonly Value[], text: string | null): Value | undefined =>
  values.find((value) => value === text);

/** The dates a preset covers on `today` (a local date). */
export function presetDates(preset: Exclude<RangePreset, 'custom'>, today: string): { from: string; to: string } {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'last-7-days':
      return { from: addDays(today, -6), to: today };
    case 'last-30-days':
      return { from: addDays(today, -29), to: today };
    case 'last-90-days':
      return { from: addDays(today, -89), to: today };
    case 'this-month':
      return { from: monthStart(today), to: today };
    case 'last-month': {
      const last = addDays(monthStart(today), -1);
      return { from: monthStart(last), to: monthEnd(last) };
    }
  }
}

/** Hours for one day, days for a month or so, weeks beyond. */
export function defaultBucket(range: RangePreset): SalesBucket {
  return range === 'today' || range === 'yesterday' ? 'hour' : range === 'last-90-days' ? 'week' : 'day';
}

/** The filters a URL query asks for; what it leaves out (or names wrongly) takes its default. */
export function readSalesFilters(query: URLSearchParams, today: string): SalesFilters {
  const range = oneOf(RANGE_PRESETS, query.get('range')) ?? (query.has('from') || query.has('to') ? 'custom' : DEFAULT_RANGE);
  const dates =
    range === 'custom'
      ? { from: query.get('from') ?? query.get('to') ?? today, to: query.get('to') ?? query.get('from') ?? today }
      : presetDates(range, today);
  return {
    range,
    ...dates,
    by: oneOf(SALES_BUCKETS, query.get('by')) ?? defaultBucket(range),
    group: oneOf(SALES_GROUPINGS, query.get('group')) ?? 'none',
    locationId: query.get('locationId') || undefined,
    basis: oneOf(SALES_BASES, query.get('basis')) ?? 'happened',
    compare: query.get('compare') === 'previous',
    measure: oneOf(CHART_MEASURES, query.get('measure')) ?? 'net',
  };
}

/** The URL query that reopens `filters` (every filter written out, so the link says what it shows). */
export function salesFiltersQuery(filters: SalesFilters): URLSearchParams {
  const query = new URLSearchParams({ range: filters.range });
  if (filters.range === 'custom') {
    query.set('from', filters.from);
    query.set('to', filters.to);
  }
  query.set('by', filters.by);
  query.set('group', filters.group);
  if (filters.locationId) query.set('locationId', filters.locationId);
  query.set('basis', filters.basis);
  if (filters.compare) query.set('compare', 'previous');
  query.set('measure', filters.measure);
  return query;
}

/** What GET /reports/sales is asked (the CSV too, with `format=csv`). */
export function salesReportQuery(filters: SalesFilters): Record<string, string> {
  return {
    from: filters.from,
    to: filters.to,
    by: filters.by,
    group: filters.group,
    basis: filters.basis,
    ...(filters.locationId ? { locationId: filters.locationId } : {}),
    ...(filters.compare ? { compare: 'previous' } : {}),
  };
}

/** Whether a custom date is written as one ("2026-02-30" is not): the field says so before asking the server. */
export const dateProblem = (text: string): string | undefined => (isDate(text) ? undefined : 'Pick a date (YYYY-MM-DD)');
