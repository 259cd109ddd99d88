import { roundToStep } from '../../shared/pricing.ts';
import { CheckoutRefused, type CompletedSaleEvent, type TillPricing } from '../checkout/checkout-machine.ts';
import { priceLoggedSale } from '../checkout/logged-sale-pricing.ts';
import type { TillLoggedEvent } from '@kits/plugin-sdk/till';
import type { SalesTill } from '../sales-till.ts';

type EventDoc = TillLoggedEvent;

/** A sale the server denied (an offline sale of stock that was not there, say): what the queue shows. */
export interface DeniedSale {
  readonly eventId: string;
  readonly saleId: string;
  readonly receiptNumber: number;
  readonly code: string;
  readonly reason: string;
  /** For a sale denied for stock: each line that fell short and what the server had. */
  readonly short: readonly ShortLine[];
  readonly event: EventDoc;
}

/** A denied `sales.sale.completed` event as the resolution queue shows it. */
export function deniedSale(event: EventDoc): DeniedSale {
  const payload = event.payload as { sale: { id: string }; receiptNumber: number };
  const answer = (event.answer ?? {}) as { code?: string; reason?: string; detail?: { short?: ShortLine[] } };
  return {
    eventId: event.id,
    saleId: payload.sale.id,
    receiptNumber: payload.receiptNumber,
    code: answer.code ?? 'unknown',
    reason: answer.reason ?? '',
    short: answer.detail?.short ?? [],
    event,
  };
}

/** The denied sales waiting for a cashier or manager, oldest first. */
export async function deniedSales(till: Pick<SalesTill, 'events'>): Promise<DeniedSale[]> {
  return (await till.events.find({ types: ['sales.sale.completed'], status: 'denied' })).map(deniedSale);
}

/**
 * Voids a denied sale: the customer was refunded (or the goods taken back) at the till; the
 * receipt number is kept on the server as void, so the device's numbering has no gap.
 */
export async function voidDeniedSale(till: Pick<SalesTill, 'events'>, sale: DeniedSale, reason: string): Promise<void> {
  await till.events.append('sales.sale.voided', { saleId: sale.saleId, receiptNumber: sale.receiptNumber, reason });
  await till.events.resolve(sale.eventId);
}

/** What a corrected sale came to: the new total, and the cash to give back or still to collect. */
export interface SoldInPart {
  readonly total: number;
  readonly giveBack: number;
  readonly collect: number;
  readonly lines: number;
}

export interface ShortLine {
  readonly variantId: string;
  /** What the sale wanted. */
  readonly quantity: number;
  /** What the server had. */
  readonly available: number;
}

/** The customer takes another item for the part of a short line that was not there. */
export interface ItemSwap {
  /** The short line's variant. */
  readonly variantId: string;
  readonly replacementId: string;
}

/**
 * Sells what was there: the denied sale again under its own id and receipt number, each line that
 * fell short cut to what the server had (a line with none left out), priced again as the server
 * will price it. The customer paid cash for the whole sale: they get the difference back. A sale
 * denied for another reason, or paid otherwise than in cash, is voided instead.
 */
export function sellWhatWasThere(
  till: Pick<SalesTill, 'events' | 'catalog'>,
  denied: DeniedSale,
  pricing: TillPricing,
): Promise<SoldInPart> {
  return sellWithSwaps(till, denied, [], pricing);
}

/**
 * Sells what was there and, for each swap, the item the customer took instead of the part that was
 * not there (same quantity, at its own price). The cash tender becomes the new total: the cashier
 * gives back or collects the difference.
 */
export async function sellWithSwaps(
  till: Pick<SalesTill, 'events' | 'catalog'>,
  denied: DeniedSale,
  swaps: readonly ItemSwap[],
  pricing: TillPricing,
): Promise<SoldInPart> {
  const payload = denied.event.payload as CompletedSaleEvent['payload'];
  const short = denied.short;
  if (denied.code !== 'inventory.insufficient_stock' || short.length === 0) {
    throw new CheckoutRefused('resolution.not_a_stock_denial', `Receipt ${denied.receiptNumber} was not denied for stock: void it.`);
  }
  if (payload.sale.tenders.some((tender) => tender.method !== 'cash')) {
    throw new CheckoutRefused(
      'resolution.not_cash',
      `Receipt ${denied.receiptNumber} was not paid in cash: void it and refund through the way it was paid.`,
    );
  }
  const left = new Map(short.map((line) => [line.variantId, Math.max(0, line.available)]));
  const replacementOf = new Map(swaps.map((swap) => [swap.variantId, swap.replacementId]));
  const lines: Array<CompletedSaleEvent['payload']['sale']['lines'][number]> = [];
  const replacements: typeof lines = [];
  for (const line of payload.sale.lines) {
    const available = left.get(line.variantId);
    if (available === undefined) {
      lines.push(line);
      continue;
    }
    const quantity = Math.min(line.quantity, available);
    left.set(line.variantId, available - quantity);
    if (quantity > 0) lines.push({ ...line, quantity });
    const replacementId = replacementOf.get(line.variantId);
    if (replacementId && quantity < line.quantity) replacements.push({ variantId: replacementId, quantity: line.quantity - quantity });
  }
  lines.push(...replacements);
  if (lines.length === 0) {
    throw new CheckoutRefused(
      'resolution.nothing_left',
      `Nothing of receipt ${denied.receiptNumber} was in stock: swap an item or void it.`,
    );
  }
  const { priced } = await priceLoggedSale(
    till,
    { lines, ...(payload.sale.cartDiscount ? { cartDiscount: payload.sale.cartDiscount } : {}) },
    pricing,
  );
  const due = roundToStep(priced.total, pricing.cashRounding);
  const paid = roundToStep(payload.sale.expectedTotal, pricing.cashRounding);
  await till.events.append('sales.sale.completed', {
    ...payload,
    sale: { ...payload.sale, lines, tenders: [{ method: 'cash', amount: due }], expectedTotal: priced.total },
  });
  await till.events.resolve(denied.eventId);
  return { total: due, giveBack: Math.max(0, paid - due), collect: Math.max(0, due - paid), lines: lines.length };
}

/** Whether the sale can be sold again in part or with a swap: a stock denial of a cash sale. */
export function canResell(denied: DeniedSale): boolean {
  if (denied.code !== 'inventory.insufficient_stock' || denied.short.length === 0) return false;
  const payload = denied.event.payload as CompletedSaleEvent['payload'];
  return payload.sale.tenders.every((tender) => tender.method === 'cash');
}

/** Whether selling in part would leave anything of the sale (some short line, or another line, still there). */
export function canSellInPart(denied: DeniedSale): boolean {
  if (!canResell(denied)) return false;
  const payload = denied.event.payload as CompletedSaleEvent['payload'];
  const shortIds = new Set(denied.short.map((line) => line.variantId));
  return payload.sale.lines.some((line) => !shortIds.has(line.variantId)) || denied.short.some((line) => line.available > 0);
}
