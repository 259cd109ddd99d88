import { badRequest, type TenantTransaction } from '@kits/plugin-sdk';
import type { Measures, SalesBasis, SalesBucket, SalesGrouping } from '../../shared/report-types.ts';
import { addSums, basketMeasures, goodsMeasures, NO_BASKETS, NO_TENDERS, NO_VARIANT_SALES, tenderMeasures } from './measures.ts';
import type { RollupWindow } from './rollup-window.ts';
import {
  basketRows,
  categoryRows,
  locationRows,
  productRows,
  tenderRows,
  type BasketKey,
  type LocationKey,
  type RollupRow,
} from './sales-rollups.ts';

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
/** Groupings location_hours answers (by when sales happened), cost and margin included. */
const LOCATION_KEYS: Partial<Record<SalesGrouping, LocationKey>> = { none: null, location: 'location_id' };

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

/** Rows of one kind of sums turned into figures, with their totals. */
function figuresOf<Sums extends object>(rows: RollupRow<Sums>[], empty: Readonly<Sums>, measures: (sums: Sums) => Measures): SalesFigures {
  return {
    totals: measures(
      addSums(
        empty,
        rows.map((row) => row.sums),
      ),
    ),
    rows: rows.map((row) => ({ bucket: row.bucket, key: row.key, measures: measures(row.sums) })),
  };
}

/**
 * The figures of one period: its rows per bucket and group, and their totals. Each grouping reads
 * one rollup (its hours or its days, as the window says): everything and locations (by when sales
 * happened) location_*, with cost; baskets by when they arrived, tills and cashiers basket_* (no
 * cost: it is kept per location and variant); categories category_*; products variant_*; tenders
 * tender_*.
 */
export async function salesFigures(tx: TenantTransaction, window: RollupWindow, query: SalesQuery): Promise<SalesFigures> {
  const { by, group, basis } = query;
  const locationKey = LOCATION_KEYS[group];
  if (locationKey !== undefined && basis === 'happened') {
    const rows = await locationRows(tx, window, by, locationKey);
    return {
      totals: basketMeasures(
        addSums(
          NO_BASKETS,
          rows.map((row) => row.sums.baskets),
        ),
        addSums(
          NO_VARIANT_SALES,
          rows.map((row) => row.sums.goods),
        ),
      ),
      rows: rows.map((row) => ({ bucket: row.bucket, key: row.key, measures: basketMeasures(row.sums.baskets, row.sums.goods) })),
    };
  }
  const basketKey = BASKET_KEYS[group];
  if (basketKey !== undefined)
    return figuresOf(await basketRows(tx, window, by, basis, basketKey), NO_BASKETS, (sums) => basketMeasures(sums, null));
  if (group === 'category') return figuresOf(await categoryRows(tx, window, by), NO_VARIANT_SALES, goodsMeasures);
  if (group === 'product') return figuresOf(await productRows(tx, window, by), NO_VARIANT_SALES, goodsMeasures);
  return figuresOf(await tenderRows(tx, window, by), NO_TENDERS, tenderMeasures);
}
