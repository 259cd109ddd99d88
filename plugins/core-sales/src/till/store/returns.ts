import { divRound } from '@kits/plugin-sdk/money';
import { uuidv7 } from '@kits/plugin-sdk/till';
import { CheckoutRefused, type CompletedSaleEvent, type TillPricing } from '../checkout/checkout-machine.ts';
import { priceLoggedSale } from '../checkout/logged-sale-pricing.ts';
import { refundedPayload, type RefundAllowance } from '../checkout/refund-limit.ts';
import { afterRefund, splitRefund, type RefundableTender, type RefundPart } from '../checkout/refund-split.ts';
import { settle } from '../../shared/pricing.ts';
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
  /** How it was paid: where a return's money goes back (`splitRefund`). */
  readonly tenders: readonly RefundableTender[];
}

type SalePayload = CompletedSaleEvent['payload'];

/** A line's share of what it came to for `quantity` of `sold`, rounded half away from zero in integers (the server's rule). */
const lineShare = (total: number, quantity: number, sold: number) => Number(divRound(BigInt(total) * BigInt(quantity), BigInt(sold)));
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

  const { priced, variants } = await priceLoggedSale(till, sale.sale, pricing);
  // What each tender paid (cash less its change), and what this till's earlier returns gave back to it.
  const settled = settle(priced.total, sale.sale.tenders, pricing.cashRounding);
  let tenders: RefundableTender[] = sale.sale.tenders.map((tender, i) => ({
    method: tender.method,
    paid: settled.ok ? settled.applied[i]! : tender.amount,
    refunded: 0,
    ...(tender.method !== 'cash' && tender.token ? { paymentId: tender.token } : {}),
  }));
  const returned = new Map<number, number>();
  for (const event of events) {
    const refund = (event.payload as RefundPayload).refund;
    if (event.type !== 'sales.sale.refunded' || refund.saleId !== sale.sale.id) continue;
    let amount = 0;
    for (const line of refund.lines) {
      if (!line.lineNo) continue;
      returned.set(line.lineNo, (returned.get(line.lineNo) ?? 0) + line.quantity);
      const sold = sale.sale.lines[line.lineNo - 1];
      if (sold) amount += lineShare(priced.lines[line.lineNo - 1]!.total, line.quantity, sold.quantity);
    }
    tenders = afterRefund(tenders, splitRefund(tenders, amount));
  }
  return {
    saleId: sale.sale.id,
    receiptNumber,
    tenders,
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

/** What the lines coming back are worth, each its share of what its line came to (lines the receipt lacks count nothing). */
export function returnAmount(sale: ReturnableSale, lines: ReadonlyArray<{ lineNo: number; quantity: number }>): number {
  return lines.reduce((sum, line) => {
    const sold = sale.lines.find((candidate) => candidate.lineNo === line.lineNo);
    return sold && line.quantity > 0 ? sum + lineShare(sold.total, line.quantity, sold.sold) : sum;
  }, 0);
}

/**
 * Takes goods back against a receipt (`sales.sale.refunded`, kept and sent like a sale): the
 * money goes back to the sale's own tenders. Answers what to give back, as the till prices it, and
 * where it goes (the card part goes back with the provider once the server has the return).
 * `allow` sees the amount once the return is valid and says who allowed it (`allowRefund`: over
 * the refund limit, a manager); when it throws, nothing is kept.
 */
export async function returnAgainstReceipt(
  till: Pick<SalesTill, 'events'>,
  sale: ReturnableSale,
  request: { readonly lines: ReadonlyArray<{ lineNo: number; quantity: number }>; readonly reason: string; readonly restock: boolean },
  allow: (amount: number) => Promise<RefundAllowance> = () => Promise.resolve({}),
): Promise<{ readonly refundId: string; readonly amount: number; readonly parts: readonly RefundPart[] }> {
  const lines = request.lines.filter((line) => line.quantity > 0);
  if (lines.length === 0) throw new CheckoutRefused('returns.nothing', 'Pick what comes back: at least one item.');
  const reason = request.reason.trim();
  if (!reason) throw new CheckoutRefused('returns.reason_required', 'Say why it comes back (damaged, wrong size…).');
  for (const line of lines) {
    const sold = sale.lines.find((candidate) => candidate.lineNo === line.lineNo);
    if (!sold) throw new CheckoutRefused('returns.unknown_line', `Receipt ${sale.receiptNumber} has no line ${line.lineNo}.`);
    if (!Number.isInteger(line.quantity) || line.quantity > sold.sold - sold.returned) {
      throw new CheckoutRefused(
        'returns.too_many',
        `Only ${sold.sold - sold.returned} of ${sold.name} can still come back on receipt ${sale.receiptNumber}.`,
      );
    }
  }
  const amount = returnAmount(sale, lines);
  const allowance = await allow(amount);
  const refundId = uuidv7();
  await till.events.append(
    'sales.sale.refunded',
    refundedPayload(
      {
        id: refundId,
        saleId: sale.saleId,
        lines: lines.map(({ lineNo, quantity }) => ({ lineNo, quantity })),
        reason,
        restock: request.restock,
      },
      allowance,
    ),
  );
  return { refundId, amount, parts: splitRefund(sale.tenders, amount) };
}

/**
 * The sale's card tenders with the card each was paid with (brand, last four), as the server has the
 * payment; offline (or a payment it does not know) the tender stays as it was: "the card".
 */
export async function withCards(till: Pick<SalesTill, 'api'>, sale: ReturnableSale): Promise<ReturnableSale> {
  const tenders = await Promise.all(
    sale.tenders.map(async (tender) => {
      if (tender.card || !tender.paymentId) return tender;
      const payment = await till.api
        .get<{ card: { brand: string; last4: string } | null }>(`/api/v1/core-sales/payments/${encodeURIComponent(tender.paymentId)}`)
        .catch(() => undefined);
      return payment?.card ? { ...tender, card: { brand: payment.card.brand, last4: payment.card.last4 } } : tender;
    }),
  );
  return { ...sale, tenders };
}
