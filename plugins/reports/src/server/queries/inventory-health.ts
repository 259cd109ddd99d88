import { SqlConditions, timestampKeySql, type StockLevel, type TenantLocation } from '@kits/plugin-sdk';
import type {
  HealthItemFilter,
  InventoryHealthItem,
  InventoryHealthLocation,
  InventoryHealthReport,
  InventoryHealthTotals,
} from '../../shared/report-types.ts';
import { variantNames } from './group-labels.ts';
import { afterCursor, itemCursor, orderBySql, orderNeedsSold, sortValueSql, type ItemOrder } from './health-item-order.ts';
import { reportMeta } from './report-meta.ts';
import { addDays } from '../local-days.ts';
import { reportLocations } from './report-scope.ts';
import { integer } from './rollup-window.ts';
import type { ReportRequest } from './sales-report.ts';

/** The days sell-through, days of cover and shrinkage look back over (today included). */
export const HEALTH_WINDOW_DAYS = 28;
/** What shrinkage is: stock that went missing at a count, or was written off. */
const SHRINKAGE_KINDS = ['count_correction', 'adjustment'];

const ITEM_CONDITIONS: Readonly<Record<HealthItemFilter, string | null>> = {
  all: null,
  dead: 'p.dead',
  overstock: 'p.overstock_units > 0',
  shrinkage: 's.units > 0',
};

export interface InventoryHealthQuery {
  readonly locationId?: string | undefined;
  /** Which items to list (totals and locations always cover every item). */
  readonly show: HealthItemFilter;
  /** The order of the items. */
  readonly order: ItemOrder;
  readonly deadStockDays: number;
  /** Items per page; null for every item (the CSV export). */
  readonly limit: number | null;
  readonly cursor?: string | undefined;
}

/** Where the statement looks: the tenant, its currency and time zone, the locations, and the window. */
interface HealthScope {
  readonly tenantId: string;
  readonly currency: string;
  readonly timezone: string;
  readonly locationIds: readonly string[];
  readonly reorder: readonly StockLevel[];
  readonly deadSince: Date;
  /** The window's first local day (YYYY-MM-DD). */
  readonly windowStartDay: string;
}

/**
 * The statement's shared part: positions with their value, last sale, dead flag and overstock, and
 * shrinkage in the window — each worked out once (materialized) for the totals, the locations and
 * the page; with `sold`, also what each item sold in the window (`sold`).
 */
class HealthStatement extends SqlConditions {
  readonly sql: string;

  constructor(scope: HealthScope, options: { readonly sold?: boolean } = {}) {
    super();
    const tenant = this.param(scope.tenantId);
    const locations = this.param(scope.locationIds);
    const reorder = scope.reorder;
    const windowStart = this.param(scope.windowStartDay);
    // A cost kept in another currency than the shop's (bought abroad, never converted) is left out of values.
    const unitCost = `case when p.cost_currency = ${this.param(scope.currency)} then p.unit_cost end`;
    // When it last sold: the last sale that happened there (the till's clock), not when it reached the server.
    this.sql = `with reorder as (
        select * from unnest(${this.param(reorder.map((l) => l.locationId))}::uuid[], ${this.param(reorder.map((l) => l.variantId))}::uuid[],
                             ${this.param(reorder.map((l) => l.reorderMax))}::bigint[]) as r(location_id, variant_id, reorder_max)
      ), positions as materialized (
        select p.location_id, p.variant_id, p.on_hand, ${unitCost} as unit_cost, ls.last_sale_at,
               greatest(p.on_hand, 0) * coalesce(${unitCost}, 0) as stock_value,
               (p.on_hand > 0 and coalesce(ls.last_sale_at, p.as_of) < ${this.param(scope.deadSince)}) as dead,
               r.reorder_max,
               case when r.reorder_max is null then 0 else greatest(p.on_hand - r.reorder_max, 0) end as overstock_units
          from reports.stock_positions p
          left join reports.last_sales ls on ls.tenant_id = ${tenant} and ls.location_id = p.location_id and ls.variant_id = p.variant_id
          left join reorder r on r.location_id = p.location_id and r.variant_id = p.variant_id
         where p.tenant_id = ${tenant} and p.location_id = any(${locations}::uuid[])
      ), shrinkage as materialized (
        select location_id, variant_id, -sum(quantity) as units, -sum(cost) as value
          from reports.movement_days
         where tenant_id = ${tenant} and location_id = any(${locations}::uuid[]) and day >= ${windowStart}::date
           and kind = any(${this.param(SHRINKAGE_KINDS)}::text[]) and quantity < 0
         group by location_id, variant_id
      )${
        options.sold
          ? `, sold as (
        select location_id, variant_id, sum(quantity) as units
          from reports.variant_hours
         where tenant_id = ${tenant} and location_id = any(${locations}::uuid[])
           and hour >= (${windowStart}::date)::timestamp at time zone ${this.param(scope.timezone)}
         group by location_id, variant_id
      )`
          : ''
      }`;
  }
}

/** An item of the page as the statement answers it (in JSON: numbers as text, times as ISO text). */
interface ItemRow {
  sort_value: string | null;
  location_id: string;
  variant_id: string;
  on_hand: string;
  unit_cost: string | null;
  stock_value: string;
  last_sale_at: string | null;
  dead: boolean;
  reorder_max: string | null;
  overstock_units: string;
  shrinkage_units: string | null;
  shrinkage_value: string | null;
}

type ItemFigures = Omit<InventoryHealthItem, 'sku' | 'name' | 'soldLast28Days' | 'daysOfCover' | 'sellThroughPercent'>;

const itemFigures = (row: ItemRow): ItemFigures => ({
  variantId: row.variant_id,
  locationId: row.location_id,
  onHand: integer(row.on_hand),
  unitCost: row.unit_cost === null ? null : integer(row.unit_cost),
  stockValue: integer(row.stock_value),
  lastSaleAt: row.last_sale_at ? new Date(row.last_sale_at).toISOString() : null,
  dead: row.dead,
  reorderMax: row.reorder_max === null ? null : integer(row.reorder_max),
  overstockUnits: integer(row.overstock_units),
  shrinkageUnits: integer(row.shrinkage_units),
  shrinkageValue: integer(row.shrinkage_value),
});

/** Days the stock on hand lasts at the window's rate of sale, one decimal; null when nothing sold. */
export const daysOfCover = (onHand: number, sold: number, windowDays = HEALTH_WINDOW_DAYS): number | null =>
  sold <= 0 ? null : Math.round((Math.max(onHand, 0) * windowDays * 10) / sold) / 10;

/** What share of the stock there was (sold + on hand) sold in the window, in percent, one decimal; null when there was none. */
export const sellThroughPercent = (onHand: number, sold: number): number | null => {
  const had = sold + Math.max(onHand, 0);
  return had <= 0 ? null : Math.round((sold * 1000) / had) / 10;
};

/**
 * GET /reports/inventory-health: stock value at cost per location, and per variant and location
 * days of cover and sell-through over the last 28 days, dead stock (on hand, no sale in
 * `deadStockDays`; never sold: no stock movement in as long), overstock against inventory@1's
 * reorder maximums and shrinkage (stock lost at counts and written off) in the last 28 days.
 * Items are ordered by stock value, highest first, or as `order` says (health-item-order.ts), and
 * may be narrowed to the dead, overstocked or shrinking ones (`show`). Reads stock_positions,
 * last_sales, movement_days and variant_hours only.
 */
export async function inventoryHealthReport(request: ReportRequest, query: InventoryHealthQuery): Promise<InventoryHealthReport> {
  const locations = await reportLocations(request, query.locationId);
  const locationIds = locations.map((location) => location.id);
  const tenant = await request.tx.directory.tenant();
  const [clock] = await request.tx.query<{ today: string; now: Date }>(
    `select to_char(now() at time zone $1, 'YYYY-MM-DD') as today, now() as now`,
    [tenant.timezone],
  );
  const today = clock!.today;
  const windowStart = addDays(today, -(HEALTH_WINDOW_DAYS - 1));
  const deadSince = new Date(new Date(clock!.now).getTime() - query.deadStockDays * 86_400_000);
  const inventory = request.services.use('inventory@1');
  const reorder = (await inventory.reorderLevels(query.locationId)).filter(
    (level) => level.reorderMax !== null && locationIds.includes(level.locationId),
  );
  const scope: HealthScope = {
    tenantId: request.tenantId,
    currency: tenant.currency,
    timezone: tenant.timezone,
    locationIds,
    reorder,
    deadSince,
    windowStartDay: windowStart,
  };
  const { order } = query;
  const sold = orderNeedsSold(order);
  const statement = new HealthStatement(scope, { sold });
  const only = ITEM_CONDITIONS[query.show];
  if (only) statement.and(only);
  afterCursor(statement, order, query.cursor);
  const { totals, byLocation, rows } = await healthFigures(request, statement, locations, order, query.limit);
  const pageRows = query.limit === null ? rows : rows.slice(0, query.limit);
  const items = await describeItems(request, pageRows.map(itemFigures), tenant.currency, locations, windowStart, tenant.timezone);
  const last = pageRows.at(-1);
  return {
    meta: { ...(await reportMeta(request, { from: windowStart, to: today }, locations)), deadStockDays: query.deadStockDays },
    totals,
    byLocation,
    items,
    nextCursor:
      query.limit !== null && rows.length > query.limit && last
        ? itemCursor(order, last.sort_value, last.location_id, last.variant_id)
        : null,
  };
}

/** The statement's answer: the totals' and each location's sums as text, and the page's items, in one row of JSON. */
interface HealthFiguresRow {
  totals: Record<string, string | null>;
  by_location: Array<Record<string, string | null> & { location_id: string }>;
  items: ItemRow[];
}

/**
 * The totals, the figures per location and the page of items (those `statement`'s conditions
 * keep, in `order`, one more than `limit` to tell whether a page follows), in one statement over
 * one working-out of the positions and shrinkage.
 */
async function healthFigures(
  request: ReportRequest,
  statement: HealthStatement,
  locations: readonly TenantLocation[],
  order: ItemOrder,
  limit: number | null,
): Promise<{ totals: InventoryHealthTotals; byLocation: InventoryHealthLocation[]; rows: ItemRow[] }> {
  const sold = orderNeedsSold(order);
  const [row] = await request.tx.query<HealthFiguresRow>(
    `${statement.sql}, page as (
       select ${sortValueSql(order)} as sort_value, p.location_id, p.variant_id, p.on_hand::text as on_hand, p.unit_cost::text as unit_cost,
              p.stock_value::text as stock_value, ${timestampKeySql('p.last_sale_at')} as last_sale_at, p.dead,
              p.reorder_max::text as reorder_max, p.overstock_units::text as overstock_units, s.units::text as shrinkage_units,
              s.value::text as shrinkage_value, row_number() over (order by ${orderBySql(order)}) as place
         from positions p
         left join shrinkage s on s.location_id = p.location_id and s.variant_id = p.variant_id
         ${sold ? 'left join sold d on d.location_id = p.location_id and d.variant_id = p.variant_id' : ''}
        ${statement.where}
        order by ${orderBySql(order)}
        ${limit === null ? '' : `limit ${statement.param(limit + 1)}`})
     select json_build_object(
              'stock_value', (select sum(stock_value) from positions)::text,
              'units', (select sum(greatest(on_hand, 0)) from positions)::text,
              'dead_stock_value', (select sum(stock_value) filter (where dead) from positions)::text,
              'overstock_units', (select sum(overstock_units) from positions)::text,
              'shrinkage_units', (select sum(units) from shrinkage)::text,
              'shrinkage_value', (select sum(value) from shrinkage)::text) as totals,
            (select coalesce(json_agg(json_build_object(
                      'location_id', l.location_id, 'stock_value', stock.stock_value, 'units', stock.units,
                      'dead_stock_value', stock.dead_stock_value, 'shrinkage_value', lost.shrinkage_value)), '[]'::json)
               from unnest(${statement.param(locations.map((location) => location.id))}::uuid[]) as l(location_id)
               left join (select location_id, sum(stock_value)::text as stock_value, sum(greatest(on_hand, 0))::text as units,
                                 (sum(stock_value) filter (where dead))::text as dead_stock_value
                            from positions group by location_id) stock on stock.location_id = l.location_id
               left join (select location_id, sum(value)::text as shrinkage_value from shrinkage group by location_id) lost
                      on lost.location_id = l.location_id) as by_location,
            (select coalesce(json_agg(page order by page.place), '[]'::json) from page) as items`,
    statement.params,
  );
  const totals = row!.totals;
  const byId = new Map(row!.by_location.map((location) => [location.location_id, location]));
  return {
    totals: {
      stockValue: integer(totals.stock_value),
      units: integer(totals.units),
      deadStockValue: integer(totals.dead_stock_value),
      overstockUnits: integer(totals.overstock_units),
      shrinkageUnits: integer(totals.shrinkage_units),
      shrinkageValue: integer(totals.shrinkage_value),
    },
    byLocation: locations.map((location) => {
      const figures = byId.get(location.id);
      return {
        locationId: location.id,
        label: location.name,
        stockValue: integer(figures?.stock_value),
        units: integer(figures?.units),
        deadStockValue: integer(figures?.dead_stock_value),
        shrinkageValue: integer(figures?.shrinkage_value),
      };
    }),
    rows: row!.items,
  };
}

/** Names the page's items (inventory@1) and adds what they sold in the window (variant_hours, by primary key). */
async function describeItems(
  request: ReportRequest,
  figures: ItemFigures[],
  currency: string,
  locations: readonly TenantLocation[],
  windowStart: string,
  timezone: string,
): Promise<InventoryHealthItem[]> {
  if (figures.length === 0) return [];
  const sold = await request.tx.query<{ location_id: string; variant_id: string; sold: string }>(
    `select item.location_id::text as location_id, item.variant_id::text as variant_id, coalesce(sum(v.quantity), 0)::text as sold
       from unnest($2::uuid[], $3::uuid[]) as item(location_id, variant_id)
       left join reports.variant_hours v
         on v.tenant_id = $1 and v.location_id = item.location_id and v.variant_id = item.variant_id
        and v.hour >= ($4::date)::timestamp at time zone $5
      group by item.location_id, item.variant_id`,
    [request.tenantId, figures.map((f) => f.locationId), figures.map((f) => f.variantId), windowStart, timezone],
  );
  const soldOf = new Map(sold.map((row) => [`${row.location_id}:${row.variant_id}`, integer(row.sold)]));
  const names = await variantNames({ tx: request.tx, services: request.services, currency, locations }, [
    ...new Set(figures.map((f) => f.variantId)),
  ]);
  return figures.map((item) => {
    const quantity = soldOf.get(`${item.locationId}:${item.variantId}`) ?? 0;
    const variant = names.get(item.variantId);
    return {
      variantId: item.variantId,
      sku: variant?.sku ?? '',
      name: variant?.name ?? `Variant ${item.variantId}`,
      locationId: item.locationId,
      onHand: item.onHand,
      unitCost: item.unitCost,
      stockValue: item.stockValue,
      soldLast28Days: quantity,
      daysOfCover: daysOfCover(item.onHand, quantity),
      sellThroughPercent: sellThroughPercent(item.onHand, quantity),
      lastSaleAt: item.lastSaleAt,
      dead: item.dead,
      reorderMax: item.reorderMax,
      overstockUnits: item.overstockUnits,
      shrinkageUnits: item.shrinkageUnits,
      shrinkageValue: item.shrinkageValue,
    };
  });
}
