import type { ChartKind, ChartSeries } from '@kits/ui-kit';
import type { SalesReport, SalesReportRow } from '../../shared/report-types.ts';
import { bucketLabel, dateLabel } from '../bucket-labels.ts';
import { addDays, daysInRange } from '../calendar.ts';
import { CHART_MEASURE_LABELS, type ChartMeasure } from './sales-filters.ts';

/** What the sales chart draws: a line over time, or bars by group; this period against the last when compared. */
export interface SalesChart {
  readonly kind: ChartKind;
  readonly title: string;
  readonly categories: string[];
  readonly series: ChartSeries[];
  /** Bars by group leave the smaller groups to the table. */
  readonly groupsLeftOut: number;
  /** The grouping cannot say this figure (a tender knows no cost): every value is null. */
  readonly unavailable: boolean;
}

/** Groups drawn as bars; the rest are in the table. */
export const MOST_BARS = 12;

const sum = (rows: readonly SalesReportRow[], measure: ChartMeasure): number | null => {
  let total: number | null = null;
  for (const row of rows) {
    const value = row[measure];
    if (value !== null) total = (total ?? 0) + value;
  }
  return total;
};

/** Every day or hour of `from`…`to` (local), so days without sales are drawn as nothing sold, not skipped. */
function everyBucket(from: string, to: string, by: 'day' | 'hour'): string[] {
  const days = Array.from({ length: Math.max(daysInRange(from, to), 0) }, (_, i) => addDays(from, i));
  if (by === 'day') return days;
  return days.flatMap((day) => Array.from({ length: 24 }, (_, hour) => `${day}T${String(hour).padStart(2, '0')}:00`));
}

/** The buckets of one period in order: all of them for days and hours, those the rows name for weeks and months. */
function periodBuckets(rows: readonly SalesReportRow[], from: string, to: string, by: SalesReport['meta']['by']): string[] {
  if ((by === 'day' || by === 'hour') && daysInRange(from, to) <= 366) return everyBucket(from, to, by);
  return [...new Set(rows.map((row) => row.bucket))].sort();
}

function byBucket(rows: readonly SalesReportRow[], measure: ChartMeasure): Map<string, number | null> {
  const found = new Map<string, SalesReportRow[]>();
  for (const row of rows) found.set(row.bucket, [...(found.get(row.bucket) ?? []), row]);
  return new Map([...found].map(([bucket, inBucket]) => [bucket, sum(inBucket, measure)]));
}

const range = (from: string, to: string, locale: string) =>
  from === to ? dateLabel(from, locale) : `${dateLabel(from, locale)} – ${dateLabel(to, locale)}`;

/**
 * The chart of a sales report. Without a grouping: `measure` over time, the previous period's
 * buckets laid over this one's in order (its first day under this one's first day). With a
 * grouping: `measure` per group over the whole range as bars, the biggest first, the previous
 * period's bar beside each.
 */
export function salesChart(report: SalesReport, measure: ChartMeasure, locale: string): SalesChart {
  const { meta } = report;
  const label = CHART_MEASURE_LABELS[measure];
  const days = daysInRange(meta.from, meta.to);
  const previousFrom = addDays(meta.from, -days);
  const previousTo = addDays(meta.from, -1);
  const thisLabel = `This period (${range(meta.from, meta.to, locale)})`;
  const previousLabel = `Previous period (${range(previousFrom, previousTo, locale)})`;

  if (meta.group === 'none') {
    const buckets = periodBuckets(report.rows, meta.from, meta.to, meta.by);
    const values = byBucket(report.rows, measure);
    const series: ChartSeries[] = [{ label: report.previousRows ? thisLabel : label, values: buckets.map((b) => values.get(b) ?? 0) }];
    if (report.previousRows) {
      const earlier = periodBuckets(report.previousRows, previousFrom, previousTo, meta.by);
      const previousValues = byBucket(report.previousRows, measure);
      series.push({
        label: previousLabel,
        values: buckets.map((_, i) => (earlier[i] === undefined ? null : (previousValues.get(earlier[i]!) ?? 0))),
      });
    }
    return {
      unavailable: report.rows.length > 0 && report.rows.every((row) => row[measure] === null),
      kind: 'line',
      title: `${label} by ${meta.by}`,
      categories: buckets.map((bucket) => bucketLabel(bucket, meta.by, locale, days > 1)),
      series,
      groupsLeftOut: 0,
    };
  }

  const groups = new Map<string, { label: string; rows: SalesReportRow[] }>();
  for (const row of report.rows) {
    const key = row.key ?? '';
    const group = groups.get(key) ?? { label: row.label ?? key, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const ranked = [...groups]
    .map(([key, group]) => ({ key, label: group.label, value: sum(group.rows, measure) }))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const shown = ranked.slice(0, MOST_BARS);
  const series: ChartSeries[] = [{ label: report.previousRows ? thisLabel : label, values: shown.map((g) => g.value) }];
  if (report.previousRows) {
    const previous = report.previousRows;
    series.push({
      label: previousLabel,
      values: shown.map((g) =>
        sum(
          previous.filter((row) => (row.key ?? '') === g.key),
          measure,
        ),
      ),
    });
  }
  return {
    unavailable: shown.length > 0 && shown.every((group) => group.value === null),
    kind: 'bar',
    title: `${label} by ${meta.group}`,
    categories: shown.map((g) => g.label),
    series,
    groupsLeftOut: ranked.length - shown.length,
  };
}
