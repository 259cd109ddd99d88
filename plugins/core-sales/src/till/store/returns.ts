import { divRound } from '@kits/plugin-sdk/money';
import { uuidv7 } from '@kits/plugin-sdk/till';
import { CheckoutRefused, type CompletedSaleEvent, type TillPricing } from '../checkout/checkout-machine.ts';
import { priceLoggedSale } from '../checkout/logged-sale-pricing.ts';
import type { SalesTill } from '../sales-till.ts';

/** A line of a receipt, as a return sees it: what was sold, what was already returned, what it was paid. */
export interface ReturnableLine {
  readonly lineNo: number;
  readonly variantId: string;
  readonly name: string;
  readonly sold: number;
  readonly returned: number;
  /** What the line came to (after discounts), in minor units. */
  readonly total: number;
}

/** A receipt of this till that goods can be returned against. */
export interface ReturnableSale {
  readonly saleId: string;
  readonly receiptNumber: number;
  readonly lines: readonly ReturnableLine[];
}

type SalePayload = CompletedSaleEvent['payload'];
interface RefundPayload {
  readonly refund: { readonly saleId?: string; readonly lines: ReadonlyArray<{ lineNo?: number; quantity: number }> };
}

/**
 * Finds a receipt of this till in its own log (so it works offline): the sale that stands under that
 * number (not one denied or resolved away), its lines priced as they were, and what was returned.
 */
export async function findOwnReceipt(
  till: Pick<SalesTill, 'events' | 'catalog'>,
  receiptNumber: number,
  pricing: TillPricing,
): Promise<ReturnableSale> {
  const logged = await till.events.find({ types: ['sales.sale.completed', 'sales.sale.refunded'] });
  const events = logged.filter(
    (event) => event.type === 'sales.sale.refunded' || (event.status !== 'denied' && event.status !== 'resolved'),
  );
  const sale = events
    .filter((event) => event.type === 'sales.sale.completed')
    .map((event) => event.payload as SalePayload)
    .find((payload) => payload.receiptNumber === receiptNumber);
  if (!sale)
    throw new CheckoutRefused('returns.unknown_receipt', `This till has no receipt ${receiptNumber}: check the number on the receipt.`);

  const returned = new Map<number, number>();
  for (const event of events) {
    const refund = (event.payload as RefundPayload).refund;
    if (event.type !== 'sales.sale.refunded' || refund.saleId !== sale.sale.id) continue;
    for (const line of refund.lines) if (line.lineNo) returned.set(line.lineNo, (returned.get(line.lineNo) ?? 0) + line.quantity);
  }
  const { priced, variants } = await priceLoggedSale(till, sale.sale, pricing);
  return {
    saleId: sale.sale.id,
    receiptNumber,
    lines: sale.sale.lines.map((line, i) => ({
      lineNo: i + 1,
      variantId: line.variantId,
      name: variants.get(line.variantId)?.name ?? line.variantId,
      sold: line.quantity,
      returned: returned.get(i + 1) ?? 0,
      total: priced.lines[i]!.total,
    })),
  };
}

/**
 * Takes goods back against a receipt (`sales.sale.refunded`, kept and sent like a sale): the
 * money goes back to the sale's own tenders. Answers what to give back, as the till prices it.
 */
export async function returnAgainstReceipt(
  till: Pick<SalesTill, 'events'>,
  sale: ReturnableSale,
  request: { readonly lines: ReadonlyArray<{ lineNo: number; quantity: number }>; readonly reason: string; readonly restock: boolean },
): Promise<{ readonly refundId: string; readonly amount: number }> {
  const lines = request.lines.filter((line) => line.quantity > 0);
  if (lines.length === 0) throw new CheckoutRefused('returns.nothing', 'Pick what comes back: at least one item.');
  const reason = request.reason.trim();
  if (!reason) throw new CheckoutRefused('returns.reason_required', 'Say why it comes back (damaged, wrong size…).');
  let amount = 0;
  for (const line of lines) {
    const sold = sale.lines.find((candidate) => candidate.lineNo === line.lineNo);
    if (!sold) throw new CheckoutRefused('returns.unknown_line', `Receipt ${sale.receiptNumber} has no line ${line.lineNo}.`);
    if (!Number.isInteger(line.quantity) || line.quantity > sold.sold - sold.returned) {
      throw new CheckoutRefused(
        'returns.too_many',
        `Only ${sold.sold - sold.returned} of ${sold.name} can still come back on receipt ${sale.receiptNumber}.`,
      );
    }
    // This line's share of what it came to, rounded half away from zero in integers (the server's rule).
    amount += Number(divRound(BigInt(sold.total) * BigInt(line.quantity), BigInt(sold.sold)));
  }
  const refundId = uuidv7();
  await till.events.append('sales.sale.refunded', {
    refund: {
      id: refundId,
      saleId: sale.saleId,
      lines: lines.map(({ lineNo, quantity }) => ({ lineNo, quantity })),
      reason,
      restock: request.restock,
    },
  });
  return { refundId, amount };
}
