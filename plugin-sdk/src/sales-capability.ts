/** sales@1 — what the sales plugin offers others (accounting, e-commerce, loyalty). */
import type { ShortLine } from './inventory-capability.ts';

export interface SaleSummary {
  readonly id: string;
  readonly receiptNumber: string;
  readonly status: 'completed' | 'parked' | 'voided';
  readonly currency: string;
  readonly total: number;
  readonly paid: number;
  readonly refunded: number;
  readonly locationId: string;
  /** The till it was sold at; null for a sale another channel took (an online order). */
  readonly deviceId: string | null;
  readonly customerId: string | null;
  readonly completedAt: string | null;
  /** Where it was sold: `till`, or the channel that recorded it (`shopify`). */
  readonly channel: string;
  /** For a channel's sale: its id there (`gid://shopify/Order/…`) and the name people use (`#1001`). */
  readonly source: { readonly channel: string; readonly id: string; readonly name: string | null } | null;
}

/** Another system's id for what it sold or refunded: recorded once per (channel, id). */
export interface ExternalSource {
  /** The channel plugin's id (`shopify`). */
  readonly channel: string;
  /** Its id there, 1–200 characters. */
  readonly id: string;
  /** What people call it (`#1001`), shown on the sale and its receipt. */
  readonly name?: string;
}

/** A line of a channel's sale, priced and taxed as the channel computed it (KiTS does not reprice or retax it). */
export interface ExternalSaleLine {
  readonly variantId: string;
  /** A positive whole number of the variant's unit. */
  readonly quantity: number;
  /** Minor units, before discount and tax (tax-exclusive) or including tax when `taxIncluded`. */
  readonly unitPrice: number;
  /** The line's discount in minor units (≥ 0). */
  readonly discount: number;
  /** The line's tax in minor units (≥ 0), as the channel computed it. */
  readonly tax: number;
  /** The title the channel sold it under, kept on the sale as sold. */
  readonly title?: string;
}

/**
 * A sale another channel took (an online order), recorded so stock, reports, accounting and the
 * customer's history see it. Stock leaves `locationId` under `allow-negative` (the order is paid):
 * lines that took stock below zero come back as `discrepancies` for the channel to raise.
 * The sale's total is Σ lines (unitPrice × quantity − discount, plus tax unless `taxIncluded`) plus
 * Σ charges (amount + tax); the tenders must add up to it (400 `sales.tenders_do_not_match`).
 */
export interface ExternalSale {
  readonly source: ExternalSource;
  readonly locationId: string;
  readonly currency: string;
  /** When the customer ordered (ISO 8601): the sale's time in reports. */
  readonly occurredAt: string;
  /** Line prices include tax (Shopify's `taxesIncluded`). */
  readonly taxIncluded: boolean;
  readonly lines: readonly ExternalSaleLine[];
  /** Shipping and other charges that are not goods. */
  readonly charges?: ReadonlyArray<{
    readonly kind: 'shipping' | 'other';
    readonly title: string;
    readonly amount: number;
    readonly tax: number;
  }>;
  /** How it was paid there: `method` is the channel's gateway name (`shopify_payments`, `paypal`, `manual`). */
  readonly tenders: ReadonlyArray<{ readonly method: string; readonly amount: number; readonly reference?: string }>;
  /** Stock held for the order until now (inventory@1 `reserve`): released as the sale takes the stock. */
  readonly reservationId?: string;
}

export interface ExternalSaleResult {
  readonly sale: SaleSummary;
  /** False when the source was recorded before: the first sale is answered and nothing changes. */
  readonly created: boolean;
  /** Lines that took on-hand below zero (empty when `created` is false). */
  readonly discrepancies: readonly ShortLine[];
}

/** Money a channel paid back on its sale (Shopify's refund), with the goods coming back or not. */
export interface ExternalRefund {
  /** The refund's own id there: recorded once. */
  readonly source: ExternalSource;
  /** The sale `recordExternalSale` answered. */
  readonly saleId: string;
  readonly occurredAt: string;
  /** Goods refunded: amounts as the channel computed them (tax-inclusive `amount`, `tax` within it). */
  readonly lines: ReadonlyArray<{ readonly variantId: string; readonly quantity: number; readonly amount: number; readonly tax: number }>;
  /** Money paid back per method; may include a shipping refund beyond the lines. */
  readonly tenders: ReadonlyArray<{ readonly method: string; readonly amount: number; readonly reference?: string }>;
  /** Whether the goods go back on the shelf at the sale's location. */
  readonly restock: boolean;
}

/** A till's shift that is still open (its Z report not yet taken). */
export interface OpenShift {
  readonly shiftId: string;
  readonly deviceId: string;
  /** When it opened, by the till's clock (ISO 8601). */
  readonly openedAt: string;
}

export interface SalesService {
  /** A sale by id, or undefined. */
  sale(saleId: string): Promise<SaleSummary | undefined>;
  /** The sale recorded for a channel's id, or undefined. */
  saleBySource(source: { readonly channel: string; readonly id: string }): Promise<SaleSummary | undefined>;
  /** Records a channel's sale once per source (publishes `sales.sale.completed` with `channel` and `source`; audited). */
  recordExternalSale(sale: ExternalSale): Promise<ExternalSaleResult>;
  /**
   * Records a channel's refund once per source (publishes `sales.sale.refunded`; audited); more
   * than the sale has left to refund is a 409 `sales.refund_exceeds_sale`.
   */
  recordExternalRefund(refund: ExternalRefund): Promise<{ readonly refundId: string; readonly created: boolean }>;
  /**
   * Voids a channel's sale that was canceled there (its stock comes back; publishes
   * `sales.sale.voided`; audited); a sale already voided answers `voided: false`. A sale with
   * refunds is not voided: 409 `sales.sale_has_refunds` (record the refunds instead).
   */
  voidExternalSale(saleId: string, reason: string): Promise<{ readonly voided: boolean }>;
  /**
   * The shifts still open at a location, oldest first: accounting holds a business day open while a
   * shift opened before the day ended is open (its sales may still arrive). Added in sales@1 1.1 —
   * optional, so a provider written before it still provides sales@1; a caller without it counts no shift open.
   */
  openShifts?(locationId: string): Promise<readonly OpenShift[]>;
}

declare module './capabilities.ts' {
  interface CapabilityMap {
    'sales@1': SalesService;
  }
}
