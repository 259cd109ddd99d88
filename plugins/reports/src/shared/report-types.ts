/**
 * The answers of the report routes (GET /api/v1/reports/…), shared by the server that builds them
 * and the office pages that draw them. Money is integer minor units in `meta.currency`; dates are
 * the tenant's local dates (YYYY-MM-DD), instants are ISO 8601.
 */

/** How a sales report cuts time into buckets (in the tenant's time zone; weeks are ISO, Monday first). */
export const SALES_BUCKETS = ['hour', 'day', 'week', 'month'] as const;
export type SalesBucket = (typeof SALES_BUCKETS)[number];

/** What a sales report's rows are grouped by besides time. */
export const SALES_GROUPINGS = ['none', 'location', 'till', 'cashier', 'category', 'product', 'tender'] as const;
export type SalesGrouping = (typeof SALES_GROUPINGS)[number];

/** Which clock places a sale in a bucket: when it happened (the till's clock) or when the server took it. */
export const SALES_BASES = ['happened', 'arrived'] as const;
export type SalesBasis = (typeof SALES_BASES)[number];

export type ReportFormat = 'json' | 'csv';

/** Where and about what a report was made; every JSON answer carries one. */
export interface ReportMeta {
  /** First local date covered, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last local date covered, inclusive (YYYY-MM-DD). */
  to: string;
  timezone: string;
  currency: string;
  /** The locations the report covers. */
  locationIds: string[];
  /** Where the query ran. */
  source: 'primary' | 'replica';
  /** The replica's replay lag in seconds (0 on the primary); null when it is not known. */
  lagSeconds: number | null;
  /** When the answer was made (ISO). */
  generatedAt: string;
}

/**
 * The figures of a sales report, for its totals and for each row. A figure is null where the
 * grouping cannot say it (a tender row knows no cost; a product row knows no basket count; a till
 * or cashier row knows no cost, since cost is kept per variant and location).
 *
 * - `sales`: completed sales (baskets); for a tender row, payments taken with that method
 * - `refunds`: refunds made (count); for a tender row, payments paid back with that method
 *
 * - `margin` = net − cost − (refunded net − refunded cost)
 * - `marginBasisPoints` = margin ÷ net × 10000 (null when net is 0)
 * - `basketSize` = net ÷ sales, integer minor units (null when there were no sales)
 * - `itemsPerBasket` = items ÷ sales, two decimals (null when there were no sales)
 */
export interface Measures {
  /** Completed sales (baskets). */
  sales: number | null;
  /** Units sold. */
  items: number | null;
  gross: number | null;
  discount: number | null;
  net: number | null;
  tax: number | null;
  /** What customers paid: net + tax (for a tender row, what that method took). */
  total: number | null;
  /** Refunds made (count). */
  refunds: number | null;
  /** What refunds paid back, tax included. */
  refundedTotal: number | null;
  /** Cost of the goods sold, from the sales' stock movements. */
  cost: number | null;
  margin: number | null;
  marginBasisPoints: number | null;
  basketSize: number | null;
  itemsPerBasket: number | null;
}

export interface SalesReportMeta extends ReportMeta {
  by: SalesBucket;
  group: SalesGrouping;
  basis: SalesBasis;
}

export interface SalesReportRow extends Measures {
  /** '2026-12-01' (day), '2026-W49' (week), '2026-12' (month) or '2026-12-01T09:00' (local hour). */
  bucket: string;
  /** The group's id (location, device, cashier, category, variant id, or tender method); null for group=none. */
  key: string | null;
  /** What a person calls the group (a location's name, a product's name); null for group=none. */
  label: string | null;
}

/** GET /reports/sales */
export interface SalesReport {
  meta: SalesReportMeta;
  totals: Measures;
  /** The same figures for the period of the same length just before (compare=previous), else null. */
  previous: Measures | null;
  rows: SalesReportRow[];
  previousRows: SalesReportRow[] | null;
}

/** Which items inventory health lists (`show`): every one, or only the dead, the overstocked or those with shrinkage. */
export const HEALTH_ITEM_FILTERS = ['all', 'dead', 'overstock', 'shrinkage'] as const;
export type HealthItemFilter = (typeof HEALTH_ITEM_FILTERS)[number];

/** What inventory health can order its items by (`sort`; stockValue by default), each an item field. */
export const HEALTH_ITEM_SORTS = [
  'stockValue',
  'onHand',
  'soldLast28Days',
  'daysOfCover',
  'sellThroughPercent',
  'lastSaleAt',
  'overstockUnits',
  'shrinkageUnits',
  'shrinkageValue',
] as const satisfies readonly (keyof InventoryHealthItem)[];
export type HealthItemSort = (typeof HEALTH_ITEM_SORTS)[number];

/** Which way an order runs (`dir`): items without a value for the sort come last either way. */
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export interface InventoryHealthTotals {
  stockValue: number;
  units: number;
  deadStockValue: number;
  overstockUnits: number;
  shrinkageUnits: number;
  shrinkageValue: number;
}

export interface InventoryHealthLocation {
  locationId: string;
  label: string;
  stockValue: number;
  units: number;
  deadStockValue: number;
  shrinkageValue: number;
}

export interface InventoryHealthItem {
  variantId: string;
  sku: string;
  name: string;
  locationId: string;
  onHand: number;
  /** Moving average unit cost, minor units of meta.currency; null when none is known (or it is kept in another currency). */
  unitCost: number | null;
  stockValue: number;
  soldLast28Days: number;
  /** On hand ÷ average daily sales over the last 28 days; null when nothing sold. */
  daysOfCover: number | null;
  /** Sold ÷ (sold + on hand) over the last 28 days, in percent. */
  sellThroughPercent: number | null;
  /** ISO instant of the newest sale here; null when never sold. */
  lastSaleAt: string | null;
  /** Stock on hand and no sale in `deadStockDays`. */
  dead: boolean;
  /** The reorder maximum from inventory@1; null when none is set. */
  reorderMax: number | null;
  /** On hand above the reorder maximum (0 when none is set or under it). */
  overstockUnits: number;
  shrinkageUnits: number;
  shrinkageValue: number;
}

/** GET /reports/inventory-health */
export interface InventoryHealthReport {
  meta: ReportMeta & { deadStockDays: number };
  totals: InventoryHealthTotals;
  byLocation: InventoryHealthLocation[];
  items: InventoryHealthItem[];
  nextCursor: string | null;
}

export interface DashboardHour {
  /** Local hour, '2026-12-01T09:00'. */
  hour: string;
  net: number;
  sales: number;
}

export interface DashboardTopProduct {
  variantId: string;
  label: string;
  quantity: number;
  net: number;
}

export interface DashboardTender {
  method: string;
  amount: number;
  count: number;
}

/** GET /reports/dashboard */
export interface DashboardReport {
  meta: ReportMeta;
  today: Measures;
  /** Today's figures a week ago, up to the same time of day. */
  sameTimeLastWeek: Measures;
  hours: DashboardHour[];
  topProducts: DashboardTopProduct[];
  tenders: DashboardTender[];
  /** Sales made today that arrived after the hour they happened in (offline tills). */
  lateArrivals: number;
  lastSaleAt: string | null;
}

export interface ForecastHistoryDay {
  day: string;
  quantity: number;
}

export interface ForecastDay {
  day: string;
  quantity: number;
  low: number;
  high: number;
}

/** GET /reports/forecast (built by the forecast part). */
export interface ForecastReport {
  meta: ReportMeta;
  /** The named method fitted: 'holt-winters-additive' or 'croston-sba' (intermittent demand). */
  method: string;
  /** The method's fitted smoothing parameters (alpha, beta, gamma; or alpha). */
  parameters: Record<string, number>;
  /** The share of outcomes `low`…`high` is meant to hold (0.8). */
  intervalLevel: number;
  history: ForecastHistoryDay[];
  forecast: ForecastDay[];
  /**
   * The method's error on the last days of the history held out (28, fewer when the history is
   * short; null under 35 days): MASE (null when the seasonal-naive scale is 0), MAPE in percent
   * over the held-out days that sold (null when none did).
   */
  error: { heldOutDays: number; mase: number | null; mape: number | null } | null;
}
