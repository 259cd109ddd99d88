import { formatDecimal, type RouteReply } from '@kits/plugin-sdk';
import { stringify } from 'csv-stringify/sync';
import type { DashboardReport, InventoryHealthReport, Measures, SalesReport, SalesReportRow } from '../../shared/report-types.ts';

/**
 * Reports as CSV: a header row with the JSON answer's field names, one row per report row, money
 * as plain decimals in major units of `meta.currency` ("1234.56", through the SDK money module),
 * an empty cell where the JSON has null.
 */

type Cell = string | number | boolean | null;

const MEASURE_COLUMNS: ReadonlyArray<{ field: keyof Measures; money: boolean }> = [
  { field: 'sales', money: false },
  { field: 'items', money: false },
  { field: 'gross', money: true },
  { field: 'discount', money: true },
  { field: 'net', money: true },
  { field: 'tax', money: true },
  { field: 'total', money: true },
  { field: 'refunds', money: false },
  { field: 'refundedTotal', money: true },
  { field: 'cost', money: true },
  { field: 'margin', money: true },
  { field: 'marginBasisPoints', money: false },
  { field: 'basketSize', money: true },
  { field: 'itemsPerBasket', money: false },
];

const money = (amount: number | null, currency: string): string | null => (amount === null ? null : formatDecimal(amount, currency));

const csv = (columns: readonly string[], rows: readonly (readonly Cell[])[]): string =>
  stringify(
    rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell)))),
    { header: true, columns: [...columns], record_delimiter: 'unix' },
  );

/** Sales rows; with compare=previous, the previous period's rows follow, told apart by `period`. */
export function salesCsv(report: SalesReport): string {
  const { currency } = report.meta;
  const comparing = report.previousRows !== null;
  const line = (period: string, row: SalesReportRow): Cell[] => [
    ...(comparing ? [period] : []),
    row.bucket,
    row.key,
    row.label,
    ...MEASURE_COLUMNS.map(({ field, money: isMoney }) => (isMoney ? money(row[field], currency) : row[field])),
  ];
  return csv(
    [...(comparing ? ['period'] : []), 'bucket', 'key', 'label', ...MEASURE_COLUMNS.map((column) => column.field)],
    [...report.rows.map((row) => line('current', row)), ...(report.previousRows ?? []).map((row) => line('previous', row))],
  );
}

/** Every item of the inventory health report, with its location's name. */
export function inventoryHealthCsv(report: InventoryHealthReport): string {
  const { currency } = report.meta;
  const locationNames = new Map(report.byLocation.map((location) => [location.locationId, location.label]));
  return csv(
    [
      'locationId',
      'location',
      'variantId',
      'sku',
      'name',
      'onHand',
      'unitCost',
      'stockValue',
      'soldLast28Days',
      'daysOfCover',
      'sellThroughPercent',
      'lastSaleAt',
      'dead',
      'reorderMax',
      'overstockUnits',
      'shrinkageUnits',
      'shrinkageValue',
    ],
    report.items.map((item) => [
      item.locationId,
      locationNames.get(item.locationId) ?? null,
      item.variantId,
      item.sku,
      item.name,
      item.onHand,
      money(item.unitCost, currency),
      money(item.stockValue, currency),
      item.soldLast28Days,
      item.daysOfCover,
      item.sellThroughPercent,
      item.lastSaleAt,
      item.dead,
      item.reorderMax,
      item.overstockUnits,
      item.shrinkageUnits,
      money(item.shrinkageValue, currency),
    ]),
  );
}

/** Today by the hour. */
export function dashboardCsv(report: DashboardReport): string {
  return csv(
    ['hour', 'sales', 'net'],
    report.hours.map((hour) => [hour.hour, hour.sales, money(hour.net, report.meta.currency)]),
  );
}

/** Answers `text` as a CSV download named `filename`. */
export function sendCsv(reply: RouteReply, filename: string, text: string): string {
  reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
  return text;
}
