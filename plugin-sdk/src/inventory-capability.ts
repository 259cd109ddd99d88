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

export type MovementKind = 'receive' | 'sale' | 'return' | 'adjustment' | 'transfer_out' | 'transfer_in' | 'count_correction';

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

export interface InventoryService {
  /** The variants asked for that exist (unknown ids are left out), priced in `currency` at `locationId`. */
  sellable(variantIds: readonly string[], pricing: { currency: string; locationId: string }): Promise<SellableVariant[]>;
  levels(variantIds: readonly string[], locationId?: string): Promise<StockLevel[]>;
  receive(lines: readonly StockLine[], reference?: StockReference): Promise<StockMovement[]>;
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
