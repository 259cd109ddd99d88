import {
  containsPattern,
  decodeCursor,
  pageOf,
  SqlConditions,
  type PageOf,
  type PageRequest,
  type TenantTransaction,
} from '@kits/plugin-sdk';

/** What the stock level list and its summary filter on; every filter given must hold. */
export interface StockLevelFilters {
  /** One location (the office's switcher); all of them when left out. */
  readonly locationId?: string | undefined;
  /** Text in the product's name or the variant's SKU, in any case. */
  readonly q?: string | undefined;
  /** Only levels whose available stock is below their reorder point. */
  readonly low?: boolean | undefined;
  /** Rebuilt from the ledger as it was at this instant (ISO 8601) instead of now. */
  readonly asOf?: string | undefined;
}

/** One variant at one location, with what its stock is worth at the variant's cost. */
export interface StockLevelRow {
  productId: string;
  productName: string;
  variantId: string;
  sku: string;
  options: Record<string, string>;
  unit: string;
  locationId: string;
  onHand: number;
  /** Held for parked sales and orders; null for a level rebuilt as of a past instant (holds are not in the ledger). */
  reserved: number | null;
  available: number | null;
  reorderPoint: number | null;
  reorderMax: number | null;
  /** Available (on hand, as of a past instant) below the reorder point: what inventory.stock.low announces. */
  low: boolean;
  unitCost: { amount: number; currency: string } | null;
  /** On hand (never below zero) × unit cost; null when the variant has no cost. */
  valueAtCost: { amount: number; currency: string } | null;
}

interface LevelListRow {
  product_id: string;
  product_name: string;
  variant_id: string;
  sku: string;
  options: Record<string, string>;
  unit: string;
  location_id: string;
  on_hand: string;
  reserved: string | null;
  reorder_point: string | null;
  reorder_max: string | null;
  low: boolean;
  cost_minor: string | null;
  cost_currency: string | null;
}

/**
 * The levels as a derived table `s`, now (the stock_levels projection) or as of an instant
 * (the ledger summed up to it; reorder points and costs are today's: the ledger keeps quantities,
 * not settings). Filters then apply to `s` alike in both cases.
 */
function levelSource(sql: SqlConditions, filters: StockLevelFilters): string {
  const location = filters.locationId === undefined ? '' : `and location_id = ${sql.param(filters.locationId)}::uuid`;
  const levels =
    filters.asOf === undefined
      ? `select location_id, variant_id, on_hand, reserved, reorder_point, reorder_max from inventory.stock_levels where true ${location}`
      : `select m.location_id, m.variant_id, m.on_hand, null::bigint as reserved, r.reorder_point, r.reorder_max
           from (select location_id, variant_id, sum(quantity) as on_hand from inventory.stock_movements
                  where occurred_at <= ${sql.param(filters.asOf)}::timestamptz ${location} group by location_id, variant_id) m
           left join inventory.stock_levels r on r.location_id = m.location_id and r.variant_id = m.variant_id`;
  return `(select p.product_id, p.name as product_name, v.variant_id, v.sku, v.options, p.unit, l.location_id, l.on_hand, l.reserved,
                  l.reorder_point, l.reorder_max, v.cost_minor, v.cost_currency,
                  coalesce(l.on_hand - coalesce(l.reserved, 0) < l.reorder_point, false) as low
             from (${levels}) l
             join inventory.variants v on v.variant_id = l.variant_id
             join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id) s`;
}

function filterLevels(sql: SqlConditions, filters: StockLevelFilters): void {
  if (filters.q !== undefined) {
    const q = sql.param(containsPattern(filters.q));
    sql.and(`(s.product_name ilike ${q} or s.sku ilike ${q})`);
  }
  if (filters.low) sql.and('s.low');
}

const levelOfRow = (row: LevelListRow): StockLevelRow => {
  const onHand = Number(row.on_hand);
  const reserved = row.reserved === null ? null : Number(row.reserved);
  const unitCost =
    row.cost_minor === null || row.cost_currency === null ? null : { amount: Number(row.cost_minor), currency: row.cost_currency };
  return {
    productId: row.product_id,
    productName: row.product_name,
    variantId: row.variant_id,
    sku: row.sku,
    options: row.options,
    unit: row.unit,
    locationId: row.location_id,
    onHand,
    reserved,
    available: reserved === null ? null : onHand - reserved,
    reorderPoint: row.reorder_point === null ? null : Number(row.reorder_point),
    reorderMax: row.reorder_max === null ? null : Number(row.reorder_max),
    low: row.low,
    unitCost,
    valueAtCost: unitCost && { amount: Math.max(onHand, 0) * unitCost.amount, currency: unitCost.currency },
  };
};

/** Stock levels by product name (then variant, location), a page at a time. */
export async function listStockLevels(
  tx: TenantTransaction,
  filters: StockLevelFilters,
  page: PageRequest,
): Promise<PageOf<StockLevelRow>> {
  const after = decodeCursor(page.cursor, ['text', 'uuid', 'uuid']);
  const sql = new SqlConditions();
  const source = levelSource(sql, filters);
  filterLevels(sql, filters);
  if (after)
    sql.and(
      `(s.product_name, s.variant_id, s.location_id) > (${sql.param(after[0])}, ${sql.param(after[1])}::uuid, ${sql.param(after[2])}::uuid)`,
    );
  const rows = await tx.query<LevelListRow>(
    `select s.* from ${source} ${sql.where} order by s.product_name, s.variant_id, s.location_id limit ${sql.param(page.limit + 1)}`,
    sql.params,
  );
  return pageOf(rows, page.limit, levelOfRow, (row) => [row.product_name, row.variant_id, row.location_id]);
}

/** The totals of the levels a filter selects: how many, how many low, units, and their value at cost per currency. */
export interface StockSummary {
  levels: number;
  low: number;
  units: number;
  value: { amount: number; currency: string }[];
  /** Levels with stock on hand whose variant has no cost: their value is not in `value`. */
  withoutCost: number;
}

export async function summarizeStock(tx: TenantTransaction, filters: StockLevelFilters): Promise<StockSummary> {
  const sql = new SqlConditions();
  const source = levelSource(sql, filters);
  filterLevels(sql, filters);
  const [totals] = await tx.query<{ levels: string; low: string; units: string | null; without_cost: string }>(
    `select count(*) as levels, count(*) filter (where s.low) as low, sum(s.on_hand) as units,
            count(*) filter (where s.on_hand > 0 and s.cost_minor is null) as without_cost
       from ${source} ${sql.where}`,
    sql.params,
  );
  const values = await tx.query<{ currency: string; amount: string }>(
    `select s.cost_currency as currency, sum(greatest(s.on_hand, 0) * s.cost_minor) as amount
       from ${source} ${sql.where} ${sql.where ? 'and' : 'where'} s.cost_minor is not null and s.cost_currency is not null
      group by s.cost_currency order by s.cost_currency`,
    sql.params,
  );
  return {
    levels: Number(totals!.levels),
    low: Number(totals!.low),
    units: Number(totals!.units ?? 0),
    value: values.map((v) => ({ currency: v.currency, amount: Number(v.amount) })),
    withoutCost: Number(totals!.without_cost),
  };
}
