/**
 * The counting behind the Receive screen, free of Preact: what an order's lines are, what has been
 * counted against them, and what receipt that makes. Kept apart so the rules read on their own.
 */

/** What a scanned order number looks like (`PO-000042`, any case); the server's own rule is the same. */
export const ORDER_NUMBER = /^PO-\d{6,}$/i;

export interface OrderLine {
  readonly lineNo: number;
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  readonly tracking: string;
  readonly orderedQuantity: number;
  readonly receivedQuantity: number;
  readonly damagedQuantity: number;
  readonly unplanned: boolean;
}

export interface PurchaseOrder {
  readonly id: string;
  readonly number: string;
  readonly supplierName: string;
  readonly locationId: string;
  readonly status: string;
  readonly expectedOn: string | null;
  readonly lines: readonly OrderLine[];
}

/** A line on screen: the order's line (or an item found in the delivery) and what this receipt counts. */
export interface CountLine {
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  readonly tracking: string;
  readonly ordered: number;
  /** Put into stock by earlier receipts. */
  readonly received: number;
  /** Recorded damaged by earlier receipts (delivered, not in stock). */
  readonly damagedBefore: number;
  readonly counted: number;
  readonly damaged: number;
  readonly unplanned: boolean;
  readonly lot: string;
  readonly expiresOn: string;
  readonly serials: string;
}

export const linesOf = (order: PurchaseOrder): CountLine[] =>
  order.lines.map((l) => ({
    variantId: l.variantId,
    sku: l.sku,
    name: l.name,
    tracking: l.tracking,
    ordered: l.orderedQuantity,
    received: l.receivedQuantity,
    damagedBefore: l.damagedQuantity,
    counted: 0,
    damaged: 0,
    unplanned: l.unplanned,
    lot: '',
    expiresOn: '',
    serials: '',
  }));

/** How many more units a line takes under the tenant's over-receipt percentage (unplanned lines: no limit). */
export const allowedMore = (line: CountLine, overReceiptPercent: number) =>
  line.unplanned ? Infinity : line.ordered + Math.floor((line.ordered * overReceiptPercent) / 100) - line.received - line.damagedBefore;

/** The receipt the counts make: only lines with something counted, lots and serials where given. */
export function receiptBody(id: string, lines: readonly CountLine[]) {
  return {
    id,
    lines: lines
      .filter((l) => l.counted + l.damaged > 0)
      .map((l) => {
        const serials = l.serials
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter(Boolean);
        return {
          variantId: l.variantId,
          quantity: l.counted,
          ...(l.damaged > 0 ? { damaged: l.damaged } : {}),
          ...(l.lot.trim() ? { lot: { code: l.lot.trim(), ...(l.expiresOn ? { expiresOn: l.expiresOn } : {}) } } : {}),
          ...(serials.length > 0 ? { serials } : {}),
        };
      }),
  };
}

export const STATUS_WORDS: Record<string, string> = {
  draft: 'Draft — not sent yet',
  sent: 'Awaiting delivery',
  partially_received: 'Partially received',
  received: 'Received',
  closed: 'Closed',
  cancelled: 'Cancelled',
};
