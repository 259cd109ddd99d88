/**
 * What the core-sales API answers, as the back office reads it (the server's TypeBox schemas in
 * src/server/ are the source; these are their shapes). Money is integer minor units of `currency`.
 */

export interface PageOf<Item> {
  readonly items: Item[];
  readonly nextCursor: string | null;
}

export type SaleStatus = 'completed' | 'parked' | 'resumed' | 'voided';

/** Where a channel's sale came from: its id there and the name people use (`#1001`). */
export interface SaleSource {
  readonly channel: string;
  readonly id: string;
  readonly name: string | null;
}

export interface SaleSummary {
  readonly id: string;
  readonly receiptNumber: number | null;
  readonly status: SaleStatus;
  readonly origin: 'online' | 'offline' | 'channel';
  /** null for a sale another channel took (an online order) */
  readonly deviceId: string | null;
  readonly locationId: string;
  readonly shiftId: string | null;
  readonly cashierId: string | null;
  /** `till`, or the channel that recorded the sale (`shopify`) */
  readonly channel: string;
  readonly source: SaleSource | null;
  readonly customerId: string | null;
  readonly total: number;
  readonly refunded: number;
  readonly currency: string;
  readonly occurredAt: string;
}

export interface RateTax {
  readonly name: string;
  readonly basisPoints: number;
  readonly amount: number;
}

export interface SaleLine {
  readonly lineNo: number;
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  /** A channel's sale: the title it sold the line under. */
  readonly title?: string | null;
  readonly quantity: number;
  readonly unitPrice: number;
  /** Promotions, the line's own discount and its share of the sale's, together. */
  readonly discount: number;
  readonly lineDiscount: number;
  readonly tax: number;
  readonly taxes: readonly RateTax[];
  readonly total: number;
  readonly refundedQuantity: number;
}

export interface Sale extends Omit<SaleSummary, 'origin'> {
  readonly subtotal: number;
  readonly discountTotal: number;
  readonly taxTotal: number;
  readonly rounding: number;
  readonly paid: number;
  readonly change: number;
  readonly taxes: readonly RateTax[];
  /** The promotions applied, with what each took off. */
  readonly promotions: ReadonlyArray<{ readonly id: string; readonly discount: number }>;
  readonly cartDiscount:
    { readonly kind: 'percent'; readonly basisPoints: number } | { readonly kind: 'amount'; readonly amount: number } | null;
  readonly lines: readonly SaleLine[];
  /** A channel's sale: whether its prices include tax (null for a till's). */
  readonly taxIncluded?: boolean | null;
  /** A channel's shipping and other charges: amount before tax, its tax. */
  readonly charges?: ReadonlyArray<{
    readonly kind: string;
    readonly title: string;
    readonly amount: number;
    readonly tax: number;
    readonly taxes: readonly RateTax[];
    readonly total: number;
  }>;
  readonly tenders: ReadonlyArray<{
    readonly method: string;
    readonly tendered: number;
    readonly amount: number;
    readonly reference: string | null;
    /** The card payment that pays the tender (issue 21); null for cash and older sales. */
    readonly paymentId?: string | null;
    readonly paymentState?: string | null;
    readonly card?: { readonly brand: string; readonly last4: string; readonly authorizationCode?: string } | null;
    /** Capturing the payment failed for good: what the merchant reads and does. */
    readonly captureProblem?: string | null;
  }>;
}

/** A card payment whose capture failed for good (GET /payments/capture-problems). */
export interface CaptureProblem {
  readonly paymentId: string;
  readonly saleId: string;
  readonly receiptNumber: number | null;
  readonly amount: number;
  readonly currency: string;
  readonly card: { readonly brand: string; readonly last4: string; readonly authorizationCode?: string } | null;
  readonly captureProblem: string;
  readonly failedAt: string;
}

export interface Refund {
  readonly id: string;
  readonly saleId: string | null;
  readonly deviceId: string | null;
  readonly cashierId: string | null;
  readonly reason: string;
  readonly restock: boolean;
  readonly total: number;
  readonly currency: string;
  readonly createdAt: string;
  readonly lines: ReadonlyArray<{
    readonly lineNo: number | null;
    readonly variantId: string;
    readonly quantity: number;
    readonly amount: number;
  }>;
  readonly tenders: ReadonlyArray<{ readonly method: string; readonly amount: number }>;
}

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly note: string | null;
  readonly archived: boolean;
  readonly updatedAt: string;
}

export interface Promotion {
  readonly id: string;
  readonly name: string;
  readonly kind: 'buy_x_get_y' | 'bundle';
  readonly variantIds: readonly string[];
  readonly buy: number | null;
  readonly get: number | null;
  readonly quantity: number | null;
  readonly price: number | null;
  readonly active: boolean;
  readonly createdAt: string;
}

export interface ShiftSummary {
  readonly id: string;
  readonly deviceId: string;
  readonly locationId: string;
  readonly status: 'open' | 'closed';
  readonly openedBy: string;
  readonly closedBy: string | null;
  readonly openedAt: string;
  readonly closedAt: string | null;
  readonly openingFloat: number;
  readonly expectedCash: number | null;
  readonly countedCash: number | null;
  readonly overShort: number | null;
}

export interface SalesSummary {
  readonly count: number;
  readonly total: number;
  readonly refunded: number;
  readonly currency: string;
}

/** The plugin's own API, below the kernel's `/api/v1/`. */
export const SALES_API = '/api/v1/core-sales';

/** How a tender method reads to a merchant. */
/** A channel's name as people say it (`shopify` → Shopify). */
export const channelName = (channel: string): string => channel.charAt(0).toUpperCase() + channel.slice(1).replace(/-/g, ' ');

/** What a sale is called where a till's shows its receipt number: `Receipt 42`, or the channel's name for it, `Shopify #1001`. */
export function saleTitle(sale: Pick<SaleSummary, 'receiptNumber' | 'source'>): string {
  if (sale.source) return `${channelName(sale.source.channel)} ${sale.source.name ?? sale.source.id}`;
  return sale.receiptNumber === null ? 'Sale without a receipt number' : `Receipt ${sale.receiptNumber}`;
}

export const tenderName = (method: string): string =>
  method === 'cash' ? 'Cash' : method === 'card' ? 'Card' : method === 'exchange' ? 'Exchange credit' : method.replace(/-/g, ' ');

export const SALE_STATUS_LABELS: Readonly<Record<SaleStatus, string>> = {
  completed: 'Completed',
  parked: 'Parked',
  resumed: 'Resumed',
  voided: 'Voided',
};
