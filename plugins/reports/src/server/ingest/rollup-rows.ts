/**
 * The rows a batch of facts adds to each rollup (one delta per rollup key), and the keys' shared
 * pieces: hours, days, and the ids that stand for "no till" and "no category". Made by
 * `rollupDeltasOf` (rollup-deltas.ts), written by write-rollups.ts and write-goods-rollups.ts.
 */

const HOUR_MS = 3_600_000;
/** A sale that reached the kernel more than this after it happened counts as late. */
export const LATE_AFTER_MS = HOUR_MS;
/** basket_hours needs a till: a sale or refund that names none is booked under this id. */
export const NO_DEVICE = '00000000-0000-0000-0000-000000000000';
/** category_hours keys goods without a category under this id (a key cannot be null). */
export const NO_CATEGORY = '00000000-0000-0000-0000-000000000000';

/** The UTC hour an instant falls in, as ISO text. */
export const hourOf = (iso: string): string => new Date(Math.floor(Date.parse(iso) / HOUR_MS) * HOUR_MS).toISOString();
/** The UTC day an instant falls in (YYYY-MM-DD). */
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

export interface VariantHourDelta {
  readonly locationId: string;
  readonly variantId: string;
  readonly hour: string;
  categoryId: string | null;
  quantity: number;
  gross: number;
  discount: number;
  net: number;
  tax: number;
  refundedQuantity: number;
  refundedNet: number;
  refundedTax: number;
}

export interface BasketHourDelta {
  readonly basis: 'happened' | 'arrived';
  readonly locationId: string;
  readonly deviceId: string;
  readonly cashierId: string;
  readonly hour: string;
  sales: number;
  items: number;
  gross: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
  refunds: number;
  refundedTotal: number;
  voids: number;
  lateSales: number;
}

/**
 * What a batch adds to a location's hour (by when it happened): its baskets (basket_hours' basis
 * 'happened', over every till and cashier) and its refunded goods. The cost is added in SQL
 * (write-rollups), as in variant_hours.
 */
export interface LocationHourDelta {
  readonly locationId: string;
  readonly hour: string;
  sales: number;
  items: number;
  gross: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
  refunds: number;
  refundedTotal: number;
  voids: number;
  lateSales: number;
  refundedQuantity: number;
  refundedNet: number;
  refundedTax: number;
}

/**
 * Goods sold per location, hour and the category the sale line names (NO_CATEGORY for none).
 * Refunded goods and cost are added in SQL: a refund line's category is resolved when its fact is
 * written (write-facts), a cost's from its sale's or refund's line.
 */
export interface CategoryHourDelta {
  readonly locationId: string;
  readonly hour: string;
  readonly categoryId: string;
  quantity: number;
  gross: number;
  discount: number;
  net: number;
  tax: number;
}

export interface TenderHourDelta {
  readonly locationId: string;
  readonly method: string;
  readonly hour: string;
  count: number;
  amount: number;
  refundedCount: number;
  refundedAmount: number;
}

export interface MovementDayDelta {
  readonly locationId: string;
  readonly variantId: string;
  readonly day: string;
  readonly kind: string;
  quantity: number;
  /** quantity × unit cost, signed like the quantity (0 where a movement has no cost). */
  cost: number;
}

/** The newest movement of the batch at a location and variant. */
export interface PositionUpdate {
  readonly locationId: string;
  readonly variantId: string;
  onHand: number;
  asOf: string;
  eventId: string;
}

/** The batch's latest sale of a variant at a location, by when it happened (the till's clock). */
export interface LastSaleUpdate {
  readonly locationId: string;
  readonly variantId: string;
  lastSaleAt: string;
}

/** The newest cost the batch tells for a variant (null cost: none of its movements told one). */
export interface VariantCostUpdate {
  readonly variantId: string;
  unitCost: number | null;
  costCurrency: string | null;
  eventId: string | null;
}

export interface RollupDeltas {
  readonly variantHours: VariantHourDelta[];
  readonly categoryHours: CategoryHourDelta[];
  readonly locationHours: LocationHourDelta[];
  readonly basketHours: BasketHourDelta[];
  readonly tenderHours: TenderHourDelta[];
  readonly movementDays: MovementDayDelta[];
  readonly positions: PositionUpdate[];
  readonly variantCosts: VariantCostUpdate[];
  readonly lastSales: LastSaleUpdate[];
}
