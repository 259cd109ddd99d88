/**
 * purchasing@1 — what the purchasing plugin offers others (accounting exports, e-commerce stock
 * promises, replenishment): purchase orders and what is on order. Quantities are integers in the
 * item's smallest unit; money is integer minor units in the order's currency.
 */

export type PurchaseOrderStatus = 'draft' | 'sent' | 'partially_received' | 'received' | 'closed' | 'cancelled';

export interface PurchaseOrderLineSummary {
  readonly lineNo: number;
  readonly variantId: string;
  /** Units ordered: packs × pack size (0 for an item received that was not ordered). */
  readonly orderedQuantity: number;
  /** Units put into stock so far, net of nothing (returns are counted apart). */
  readonly receivedQuantity: number;
  /** Units that arrived damaged: recorded for a claim, never put into sellable stock. */
  readonly damagedQuantity: number;
  /** Units sent back to the supplier. */
  readonly returnedQuantity: number;
  /** Minor units per unit, in the order's currency; null when not known (an unplanned item without a supplier cost). */
  readonly unitCost: number | null;
}

export interface PurchaseOrderSummary {
  readonly id: string;
  /** `PO-000042`: printed on the PDF and as its Code 128 barcode. */
  readonly number: string;
  readonly supplierId: string;
  readonly locationId: string;
  readonly currency: string;
  readonly status: PurchaseOrderStatus;
  /** ISO date (YYYY-MM-DD) the goods are expected, when known. */
  readonly expectedOn: string | null;
  readonly lines: readonly PurchaseOrderLineSummary[];
}

/** Units of a variant on open orders (draft, sent, partially received) at a location, not yet delivered. */
export interface OnOrderQuantity {
  readonly variantId: string;
  readonly locationId: string;
  readonly quantity: number;
}

export interface PurchasingService {
  /** A purchase order by id, or undefined. */
  purchaseOrder(id: string): Promise<PurchaseOrderSummary | undefined>;
  /** What is on order and not yet delivered, per variant and location. */
  onOrder(variantIds: readonly string[], locationId?: string): Promise<OnOrderQuantity[]>;
  /**
   * Orders sent (or partly received) whose expected date is before `today` (YYYY-MM-DD, the
   * caller's local day) and that still wait for goods, oldest expected first (at most 500).
   */
  overdue(today: string): Promise<OverduePurchaseOrder[]>;
}

/** An order past its expected date, as `overdue` answers it. */
export interface OverduePurchaseOrder {
  readonly id: string;
  readonly number: string;
  readonly supplierName: string;
  readonly locationId: string;
  readonly status: 'sent' | 'partially_received';
  /** YYYY-MM-DD */
  readonly expectedOn: string;
}

declare module './capabilities.ts' {
  interface CapabilityMap {
    'purchasing@1': PurchasingService;
  }
}
