import type { Measures, SalesReport, SalesReportMeta, SalesReportRow } from './report-types.ts';

/**
 * GET /reports/sales as it travels: each row an array of its values under one list of `columns`
 * (bucket, key, label, then the measures), not an object repeating every field name — a 90-day
 * report by location is 4,000 rows, and as objects half its 1.2 MB were names. `salesReportOf`
 * makes the `SalesReport` the office pages draw of it; the server makes it of one (`salesAnswerOf`).
 */

/** The measures of a row, in the order a row's array holds them after its bucket, key and label. */
export const MEASURE_FIELDS = [
  'sales',
  'items',
  'gross',
  'discount',
  'net',
  'tax',
  'total',
  'refunds',
  'refundedTotal',
  'cost',
  'margin',
  'marginBasisPoints',
  'basketSize',
  'itemsPerBasket',
] as const satisfies readonly (keyof Measures)[];

/** What each value of a row is, in order (a row is `[bucket, key, label, sales, …, itemsPerBasket]`). */
export const SALES_COLUMNS = ['bucket', 'key', 'label', ...MEASURE_FIELDS] as const;
export type SalesColumn = (typeof SALES_COLUMNS)[number];

type Figure = number | null;
/** One row's values, in SALES_COLUMNS order. */
export type SalesRowValues = [
  bucket: string,
  key: string | null,
  label: string | null,
  sales: Figure,
  items: Figure,
  gross: Figure,
  discount: Figure,
  net: Figure,
  tax: Figure,
  total: Figure,
  refunds: Figure,
  refundedTotal: Figure,
  cost: Figure,
  margin: Figure,
  marginBasisPoints: Figure,
  basketSize: Figure,
  itemsPerBasket: Figure,
];

/** GET /reports/sales (JSON). */
export interface SalesAnswer {
  meta: SalesReportMeta;
  totals: Measures;
  previous: Measures | null;
  /** The names of a row's values, in order: SALES_COLUMNS. */
  columns: SalesColumn[];
  rows: SalesRowValues[];
  previousRows: SalesRowValues[] | null;
}

const valuesOf = (row: SalesReportRow): SalesRowValues => [
  row.bucket,
  row.key,
  row.label,
  row.sales,
  row.items,
  row.gross,
  row.discount,
  row.net,
  row.tax,
  row.total,
  row.refunds,
  row.refundedTotal,
  row.cost,
  row.margin,
  row.marginBasisPoints,
  row.basketSize,
  row.itemsPerBasket,
];

/** The answer the route sends for a report. */
export function salesAnswerOf(report: SalesReport): SalesAnswer {
  return {
    meta: report.meta,
    totals: report.totals,
    previous: report.previous,
    columns: [...SALES_COLUMNS],
    rows: report.rows.map(valuesOf),
    previousRows: report.previousRows?.map(valuesOf) ?? null,
  };
}

/** A report's rows as objects, each value named by the answer's `columns`. */
function rowsOf(columns: readonly string[], rows: readonly (readonly unknown[])[]): SalesReportRow[] {
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i] ?? null;
    return row as unknown as SalesReportRow;
  });
}

/** The report an answer holds, its rows as objects (what the office pages draw). */
export function salesReportOf(answer: SalesAnswer): SalesReport {
  return {
    meta: answer.meta,
    totals: answer.totals,
    previous: answer.previous,
    rows: rowsOf(answer.columns, answer.rows),
    previousRows: answer.previousRows === null ? null : rowsOf(answer.columns, answer.previousRows),
  };
}
