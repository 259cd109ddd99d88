import { badRequest, type TenantTransaction } from '@kits/plugin-sdk';
import type { Measures, SalesBasis, SalesBucket, SalesGrouping } from '../../shared/report-types.ts';
import {
  addSums,
  basketMeasures,
  goodsMeasures,
  NO_BASKETS,
  NO_TENDERS,
  NO_VARIANT_SALES,
  tenderMeasures,
  type BasketSums,
  type VariantSums,
} from './measures.ts';
import type { RollupWindow } from './rollup-window.ts';
import { basketRows, tenderRows, variantRows, type BasketKey, type RollupRow, type VariantKey } from './sales-rollups.ts';

/** A report row before it is labelled. */
export interface FigureRow {
  readonly bucket: string;
  readonly key: string | null;
  readonly measures: Measures;
}

export interface SalesFigures {
  readonly totals: Measures;
  readonly rows: FigureRow[];
}

export interface SalesQuery {
  readonly by: SalesBucket;
  readonly group: SalesGrouping;
  readonly basis: SalesBasis;
}

const BASKET_KEYS: Partial<Record<SalesGrouping, BasketKey>> = {
  none: null,
  location: 'location_id',
  till: 'device_id',
  cashier: 'cashier_id',
};
const GOODS_KEYS: Partial<Record<SalesGrouping, VariantKey>> = { category: 'category_id', product: 'variant_id' };
/** Groupings whose rows can carry cost: variant_hours knows the location, not the till or cashier. */
const COSTED_BASKET_KEYS: Partial<Record<SalesGrouping, VariantKey>> = { none: null, location: 'location_id' };

/**
 * Which groupings a basis can serve: goods and tenders are kept by the hour they happened only
 * (a sale's arrival is a basket's fact), so `basis=arrived` groups by location, till or cashier.
 */
export function checkBasis(query: SalesQuery): void {
  if (query.basis === 'arrived' && !(query.group in BASKET_KEYS)) {
    throw badRequest(
      'reports.basis_unsupported',
      `Sales by ${query.group} are counted when they happened only: use basis=happened, or group by none, location, till or cashier to count sales when they arrived.`,
      { errors: [{ field: 'querystring.basis', message: `arrived cannot be grouped by ${query.group}` }] },
    );
  }
}

const rowKey = (row: { bucket: string; key: string | null }) => `${row.bucket}\u0000${row.key ?? ''}`;
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Basket rows, with the cost of the same bucket and group beside them when the grouping can say it. */
function basketFigures(baskets: RollupRow<BasketSums>[], goods: RollupRow<VariantSums>[] | null): SalesFigures {
  const merged = new Map<string, { bucket: string; key: string | null; baskets: BasketSums; goods: VariantSums }>();
  for (const row of baskets) merged.set(rowKey(row), { bucket: row.bucket, key: row.key, baskets: row.sums, goods: NO_VARIANT_SALES });
  for (const row of goods ?? []) {
    const found = merged.get(rowKey(row));
    if (found) found.goods = row.sums;
    else merged.set(rowKey(row), { bucket: row.bucket, key: row.key, baskets: NO_BASKETS, goods: row.sums });
  }
  const rows = [...merged.values()].sort((a, b) => byText(a.bucket, b.bucket) || byText(a.key ?? '', b.key ?? ''));
  const costed = goods !== null;
  return {
    totals: basketMeasures(
      addSums(
        NO_BASKETS,
        baskets.map((row) => row.sums),
      ),
      costed
        ? addSums(
            NO_VARIANT_SALES,
            goods.map((row) => row.sums),
          )
        : null,
    ),
    rows: rows.map((row) => ({ bucket: row.bucket, key: row.key, measures: basketMeasures(row.baskets, costed ? row.goods : null) })),
  };
}

/** The figures of one period: its rows per bucket and group, and their totals. */
export async function salesFigures(tx: TenantTransaction, window: RollupWindow, query: SalesQuery): Promise<SalesFigures> {
  const { by, group, basis } = query;
  const basketKey = BASKET_KEYS[group];
  if (basketKey !== undefined) {
    const baskets = await basketRows(tx, window, by, basis, basketKey);
    const costKey = COSTED_BASKET_KEYS[group];
    const goods = costKey !== undefined && basis === 'happened' ? await variantRows(tx, window, by, costKey) : null;
    return basketFigures(baskets, goods);
  }
  const goodsKey = GOODS_KEYS[group];
  if (goodsKey !== undefined) {
    const goods = await variantRows(tx, window, by, goodsKey);
    return {
      totals: goodsMeasures(
        addSums(
          NO_VARIANT_SALES,
          goods.map((row) => row.sums),
        ),
      ),
      rows: goods.map((row) => ({ bucket: row.bucket, key: row.key, measures: goodsMeasures(row.sums) })),
    };
  }
  const tenders = await tenderRows(tx, window, by);
  return {
    totals: tenderMeasures(
      addSums(
        NO_TENDERS,
        tenders.map((row) => row.sums),
      ),
    ),
    rows: tenders.map((row) => ({ bucket: row.bucket, key: row.key, measures: tenderMeasures(row.sums) })),
  };
}
