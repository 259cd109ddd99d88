/**
 * `inventory@1`: the stock truth every other plugin (sales, purchasing, e-commerce, labels) goes
 * through. Provided by core-inventory, or by any plugin that provides `inventory@1` in its place.
 * Quantities are integers in the item's smallest unit; every call runs in the caller's transaction.
 */

export interface StockLine {
  readonly variantId: string;
  readonly locationId: string;
  /** A positive whole number of the variant's unit. */
  readonly quantity: number;
  /**
   * Lot-tracked products: the lot received into (with its expiry) or sold from. A sale without a
   * lot takes from the lots that expire first (FEFO).
   */
  readonly lot?: { readonly code: string; readonly expiresOn?: string };
  /** Serial-tracked products: exactly `quantity` serial numbers. */
  readonly serials?: readonly string[];
}

/** Money: integer minor units of an ISO 4217 currency. */
export interface UnitCost {
  readonly amount: number;
  readonly currency: string;
}

/**
 * A line received at a known cost (a purchase receipt). The variant's cost becomes the moving
 * weighted average of the stock on hand (all locations) and this line, rounded half away from
 * zero to a minor unit; when on hand before the line is zero or less, the line's cost.
 */
export interface CostedStockLine extends StockLine {
  readonly unitCost?: UnitCost;
}

/** Where a movement comes from, for the ledger and the audit (`{ kind: 'sale', id: … }`). */
export interface StockReference {
  readonly kind: string;
  readonly id: string;
}

export interface StockLevel {
  readonly variantId: string;
  readonly locationId: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly version: number;
  readonly reorderPoint: number | null;
  readonly reorderMax: number | null;
}

/** `supplier_return`: stock sent back to the supplier it was bought from (a negative receipt). */
export type MovementKind =
  'receive' | 'sale' | 'return' | 'adjustment' | 'transfer_out' | 'transfer_in' | 'count_correction' | 'supplier_return';

export interface StockMovement {
  readonly id: string;
  readonly variantId: string;
  readonly locationId: string;
  readonly kind: MovementKind;
  /** Signed: negative takes stock out. */
  readonly quantity: number;
  readonly reason: string | null;
  readonly reference: StockReference | null;
  readonly occurredAt: string;
  readonly lotCode?: string | null;
  readonly serials?: readonly string[] | null;
  /**
   * What one unit of the movement is worth: on a receive with a cost, what was paid; on any other
   * movement, the variant's (average) cost at that moment — so the cost of goods sold over a
   * period is the sum over its sale movements of −quantity × unitCost. Null when no cost is known.
   */
  readonly unitCost?: UnitCost | null;
}

/** Units of a variant that left a location through sales (net of nothing) within a window. */
export interface SoldQuantity {
  readonly variantId: string;
  readonly locationId: string;
  readonly quantity: number;
}

/** A line that could not be sold or reserved in full. */
export interface ShortLine extends StockLine {
  readonly available: number;
}

/**
 * `deny`: never take available stock below zero — an online checkout; the whole call fails with
 * `inventory.insufficient_stock` naming the short lines. `allow-negative`: the sale already
 * happened (offline) — record it and raise a discrepancy for a count where stock went below zero.
 */
export type OversellPolicy = 'deny' | 'allow-negative';

export interface CommitSaleResult {
  readonly movements: readonly StockMovement[];
  /** Lines that took on-hand below zero under `allow-negative`, each raised as a discrepancy. */
  readonly discrepancies: readonly ShortLine[];
}

export interface Reservation {
  readonly id: string;
  readonly lines: readonly StockLine[];
  readonly expiresAt: string;
}

/** What a till or the sales plugin needs to sell a variant: its names, tax class and price. */
export interface SellableVariant {
  readonly variantId: string;
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly categoryId: string | null;
  readonly taxClass: string;
  readonly tracking: 'none' | 'lot' | 'serial';
  /** Both the variant and its product are active. */
  readonly active: boolean;
  /** Price in minor units in the currency asked, the location's own price first; null when none is set. */
  readonly unitPrice: number | null;
}

/** A catalog category, as a report names it. */
export interface CatalogCategory {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
}

export interface InventoryService {
  /** The variants asked for that exist (unknown ids are left out), priced in `currency` at `locationId`. */
  sellable(variantIds: readonly string[], pricing: { currency: string; locationId: string }): Promise<SellableVariant[]>;
  /** The categories asked for that exist (unknown ids are left out), with their names. */
  categories(categoryIds: readonly string[]): Promise<CatalogCategory[]>;
  levels(variantIds: readonly string[], locationId?: string): Promise<StockLevel[]>;
  /**
   * Locks the stock levels of these variants at a location until the transaction ends, all at once
   * and in the order every stock change takes them. A caller about to move many of them one by one
   * (a till's batch of sales) takes them first, so it cannot deadlock with a checkout.
   */
  holdLevels(variantIds: readonly string[], locationId: string): Promise<void>;
  /** Levels that have a reorder point or a reorder maximum set, at one location or everywhere. */
  reorderLevels(locationId?: string): Promise<StockLevel[]>;
  /** Units sold per variant and location in `[since, until)` (sale movements, returns not netted). */
  soldQuantities(window: { since: Date; until: Date; locationId?: string }): Promise<SoldQuantity[]>;
  /**
   * Adds stock. Lines with a `unitCost` update the variant's cost (moving weighted average) in the
   * same transaction; a cost in another currency than the variant's while stock is on hand is
   * refused (`inventory.cost_currency_mismatch`, 409).
   */
  receive(lines: readonly CostedStockLine[], reference?: StockReference): Promise<StockMovement[]>;
  /**
   * Stock going back to a supplier: `supplier_return` movements with the reason given, taken
   * under `deny` semantics (never below available; `inventory.insufficient_stock`). The variant's
   * cost does not change.
   */
  returnToSupplier(lines: readonly StockLine[], reference: StockReference, reason: string): Promise<StockMovement[]>;
  adjust(line: { variantId: string; locationId: string; quantity: number; reason: string }): Promise<StockMovement>;
  commitSale(lines: readonly StockLine[], policy: OversellPolicy, reference: StockReference): Promise<CommitSaleResult>;
  applyReturn(lines: readonly StockLine[], reference: StockReference, restock: boolean): Promise<StockMovement[]>;
  /** Holds stock (available = on hand − reserved) until released or expired; `deny` semantics. */
  reserve(lines: readonly StockLine[], expiresAt: Date, reference: StockReference): Promise<Reservation>;
  release(reservationId: string): Promise<void>;
}

declare module './capabilities.ts' {
  interface CapabilityMap {
    'inventory@1': InventoryService;
  }
}
