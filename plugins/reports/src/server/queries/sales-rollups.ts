import type { TenantTransaction } from '@kits/plugin-sdk';
import type { SalesBasis, SalesBucket } from '../../shared/report-types.ts';
import type { BasketSums, TenderSums, VariantSums } from './measures.ts';
import { BUCKET_FORMAT, integer, RollupStatement, type RollupWindow } from './rollup-window.ts';

/** How category_hours keys goods without a category (ingest/rollup-rows.ts NO_CATEGORY); a report's key is null. */
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

/** Sums `columns` of `table` per bucket and key within the window; `also` adds conditions. */
async function sumsPerBucket(
  tx: TenantTransaction,
  window: RollupWindow,
  by: SalesBucket,
  table: string,
  key: string | null,
  columns: Readonly<Record<string, string>>,
  also: (sql: RollupStatement) => void = () => {},
): Promise<Row[]> {
  const sql = new RollupStatement(window);
  also(sql);
  const sums = Object.entries(columns)
    .map(([alias, column]) => `sum(${column})::text as ${alias}`)
    .join(', ');
  return tx.query<Row>(
    // Grouped by the key as it is stored (a uuid hashes faster than its text), named as text after.
    `select to_char(bucket, '${BUCKET_FORMAT[by]}') as bucket, key::text as key, ${Object.keys(columns).join(', ')}
       from (select ${sql.bucket(by)} as bucket, ${key ?? 'null::text'} as key, ${sums}
               from ${table} ${sql.where}
              group by 1, 2) sums
      order by sums.bucket, key::text collate "C"`,
    sql.params,
  );
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
    'reports.basket_hours',
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
  return rowsOf(await sumsPerBucket(tx, window, by, 'reports.location_hours', key, columns), locationSums);
}

/** Goods sold and refunded per bucket and category (null key: goods without one), by when it happened, with their cost. */
export async function categoryRows(tx: TenantTransaction, window: RollupWindow, by: SalesBucket): Promise<RollupRow<VariantSums>[]> {
  const rows = await sumsPerBucket(tx, window, by, 'reports.category_hours', `nullif(category_id, ${NO_CATEGORY_KEY})`, GOODS_COLUMNS);
  return rowsOf(rows, goodsSums);
}

/** Goods sold and refunded per bucket and variant, by when it happened, with their cost. */
export async function productRows(tx: TenantTransaction, window: RollupWindow, by: SalesBucket): Promise<RollupRow<VariantSums>[]> {
  const rows = await sumsPerBucket(tx, window, by, 'reports.variant_hours', 'variant_id', GOODS_COLUMNS);
  return rowsOf(rows, goodsSums);
}

/** Payments taken and paid back per bucket and tender method, by when it happened. */
export async function tenderRows(tx: TenantTransaction, window: RollupWindow, by: SalesBucket): Promise<RollupRow<TenderSums>[]> {
  const rows = await sumsPerBucket(tx, window, by, 'reports.tender_hours', 'method', {
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
