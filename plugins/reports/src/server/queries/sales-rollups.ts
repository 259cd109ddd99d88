import type { TenantTransaction } from '@kits/plugin-sdk';
import type { SalesBasis, SalesBucket } from '../../shared/report-types.ts';
import type { BasketSums, TenderSums, VariantSums } from './measures.ts';
import { BUCKET_FORMAT, integer, RollupStatement, rollupTable, type RollupKind, type RollupWindow } from './rollup-window.ts';

/** How category_hours and category_days key goods without a category (ingest/rollup-rows.ts NO_CATEGORY); a report's key is null. */
const NO_CATEGORY_KEY = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** One bucket of one group (key null: no grouping) with the sums a rollup holds for it. */
export interface RollupRow<Sums> {
  readonly bucket: string;
  readonly key: string | null;
  readonly sums: Sums;
}

/** The columns of basket_hours a row can be grouped by (null: not grouped). */
export type BasketKey = 'location_id' | 'device_id' | 'cashier_id' | null;
/** The columns of location_hours a row can be grouped by (null: not grouped). */
export type LocationKey = 'location_id' | null;

/** A location_hours row: the baskets (by when they happened) and the goods with their cost. */
export interface LocationSums {
  readonly baskets: BasketSums;
  readonly goods: VariantSums;
}

type Row = Record<string, unknown> & { bucket: string; key: string | null };

/**
 * Whether each bucket and key of a report is one row of the day rollup as it is: by day, grouped by
 * the rollup's own key (its location for location_days; the category, variant or method at one
 * location for the others). Those rows are read without summing them again — the 90-day report by
 * location reads 4,000 location-days, and 14 sums a row cost more than the rest of the statement.
 */
function oneRowPerBucket(window: RollupWindow, by: SalesBucket, kind: RollupKind, key: string | null): boolean {
  if (window.grain !== 'day' || by !== 'day') return false;
  const oneLocation = window.locationIds.length === 1;
  if (kind === 'location') return key === 'location_id' || (key === null && oneLocation);
  return oneLocation && (kind === 'variant' ? key === 'variant_id' : kind === 'tender' ? key === 'method' : false);
}

/** Sums `columns` of the `kind` rollup (hours or days, as the window says) per bucket and key within the window; `also` adds conditions. */
async function sumsPerBucket(
  tx: TenantTransaction,
  window: RollupWindow,
  by: SalesBucket,
  kind: RollupKind,
  key: string | null,
  columns: Readonly<Record<string, string>>,
  also: (sql: RollupStatement) => void = () => {},
): Promise<Row[]> {
  const sql = new RollupStatement(window);
  also(sql);
  const aliases = Object.keys(columns);
  const asIs = oneRowPerBucket(window, by, kind, key);
  const sums = Object.entries(columns)
    .map(([alias, column]) => (asIs ? `${column} as ${alias}` : `sum(${column})::bigint as ${alias}`))
    .join(', ');
  // The rows as one JSON array of arrays: thousands of rows arrive as one value to parse, not a field
  // at a time (a 90-day report by location is 4,000 rows of 16 fields: most of its cost when read so).
  const [answer] = await tx.query<{ rows: unknown[][] | string }>(
    // Grouped by the key as it is stored (a uuid hashes faster than its text), named as text after.
    `select coalesce(json_agg(json_build_array(to_char(bucket, '${BUCKET_FORMAT[by]}'), key::text, ${aliases.join(', ')})
                              order by sums.bucket, key::text collate "C"), '[]'::json) as rows
       from (select ${sql.bucket(by)} as bucket, ${key ?? 'null::text'} as key, ${sums}
               from ${rollupTable(kind, window.grain)} ${sql.where}
              ${asIs ? '' : 'group by 1, 2'}) sums`,
    sql.params,
  );
  const rows = typeof answer!.rows === 'string' ? (JSON.parse(answer!.rows) as unknown[][]) : answer!.rows;
  return rows.map((values) => {
    const row: Row = { bucket: values[0] as string, key: values[1] as string | null };
    for (let i = 0; i < aliases.length; i++) row[aliases[i]!] = values[i + 2];
    return row;
  });
}

const rowsOf = <Sums>(rows: Row[], sums: (row: Row) => Sums): RollupRow<Sums>[] =>
  rows.map((row) => ({ bucket: row.bucket, key: row.key, sums: sums(row) }));

/** Baskets per bucket (and till, cashier or location), by when they happened or when they arrived. */
export async function basketRows(
  tx: TenantTransaction,
  window: RollupWindow,
  by: SalesBucket,
  basis: SalesBasis,
  key: BasketKey,
): Promise<RollupRow<BasketSums>[]> {
  const rows = await sumsPerBucket(
    tx,
    window,
    by,
    'basket',
    key,
    {
      sales: 'sales',
      items: 'items',
      gross: 'gross',
      discount: 'discount',
      net: 'net',
      tax: 'tax',
      total: 'total',
      refunds: 'refunds',
      refunded_total: 'refunded_total',
    },
    (sql) => sql.and(`basis = ${sql.param(basis)}`),
  );
  return rowsOf(rows, (row) => ({
    sales: integer(row.sales),
    items: integer(row.items),
    gross: integer(row.gross),
    discount: integer(row.discount),
    net: integer(row.net),
    tax: integer(row.tax),
    total: integer(row.total),
    refunds: integer(row.refunds),
    refundedTotal: integer(row.refunded_total),
  }));
}

const GOODS_COLUMNS = {
  quantity: 'quantity',
  gross: 'gross',
  discount: 'discount',
  net: 'net',
  tax: 'tax',
  cost: 'cost',
  refunded_quantity: 'refunded_quantity',
  refunded_net: 'refunded_net',
  refunded_tax: 'refunded_tax',
  refunded_cost: 'refunded_cost',
} as const;

const goodsSums = (row: Readonly<Record<string, unknown>>): VariantSums => ({
  quantity: integer(row.quantity),
  gross: integer(row.gross),
  discount: integer(row.discount),
  net: integer(row.net),
  tax: integer(row.tax),
  cost: integer(row.cost),
  refundedQuantity: integer(row.refunded_quantity),
  refundedNet: integer(row.refunded_net),
  refundedTax: integer(row.refunded_tax),
  refundedCost: integer(row.refunded_cost),
});

/** The sums of location_hours (a column each). */
export const LOCATION_COLUMNS = [
  'sales',
  'items',
  'gross',
  'discount',
  'net',
  'tax',
  'total',
  'refunds',
  'refunded_total',
  'cost',
  'refunded_quantity',
  'refunded_net',
  'refunded_tax',
  'refunded_cost',
] as const;

/** A location_hours row's sums (as a statement answered them) as baskets and goods: items are the units of both. */
export const locationSums = (row: Readonly<Record<string, unknown>>): LocationSums => ({
  baskets: {
    sales: integer(row.sales),
    items: integer(row.items),
    gross: integer(row.gross),
    discount: integer(row.discount),
    net: integer(row.net),
    tax: integer(row.tax),
    total: integer(row.total),
    refunds: integer(row.refunds),
    refundedTotal: integer(row.refunded_total),
  },
  goods: goodsSums({ ...row, quantity: row.items }),
});

/**
 * Baskets and goods per bucket (and location), by when they happened, from location_hours: one
 * row per location and hour, so a report for everything or by location reads no variant or till rows.
 */
export async function locationRows(
  tx: TenantTransaction,
  window: RollupWindow,
  by: SalesBucket,
  key: LocationKey,
): Promise<RollupRow<LocationSums>[]> {
  const columns = Object.fromEntries(LOCATION_COLUMNS.map((column) => [column, column]));
  return rowsOf(await sumsPerBucket(tx, window, by, 'location', key, columns), locationSums);
}

/** Goods sold and refunded per bucket and category (null key: goods without one), by when it happened, with their cost. */
export async function categoryRows(tx: TenantTransaction, window: RollupWindow, by: SalesBucket): Promise<RollupRow<VariantSums>[]> {
  const rows = await sumsPerBucket(tx, window, by, 'category', `nullif(category_id, ${NO_CATEGORY_KEY})`, GOODS_COLUMNS);
  return rowsOf(rows, goodsSums);
}

/** Goods sold and refunded per bucket and variant, by when it happened, with their cost. */
export async function productRows(tx: TenantTransaction, window: RollupWindow, by: SalesBucket): Promise<RollupRow<VariantSums>[]> {
  const rows = await sumsPerBucket(tx, window, by, 'variant', 'variant_id', GOODS_COLUMNS);
  return rowsOf(rows, goodsSums);
}

/** Payments taken and paid back per bucket and tender method, by when it happened. */
export async function tenderRows(tx: TenantTransaction, window: RollupWindow, by: SalesBucket): Promise<RollupRow<TenderSums>[]> {
  const rows = await sumsPerBucket(tx, window, by, 'tender', 'method', {
    count: 'count',
    amount: 'amount',
    refunded_count: 'refunded_count',
    refunded_amount: 'refunded_amount',
  });
  return rowsOf(rows, (row) => ({
    count: integer(row.count),
    amount: integer(row.amount),
    refundedCount: integer(row.refunded_count),
    refundedAmount: integer(row.refunded_amount),
  }));
}
