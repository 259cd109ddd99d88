import { DomainError, type ExternalSale, type ExternalSaleLine } from '@kits/plugin-sdk';
import { shopifyAmountToMinor } from '../shopify-money.ts';
import type { ShopifyLineItem, ShopifyOrder, ShopifyTransaction } from './order-query.ts';

/**
 * A Shopify order as sales@1 records it — prices, discounts and taxes as Shopify computed them,
 * tenders from its successful transactions — and what of it KiTS cannot take as goods. Pure: no I/O.
 */

/** Shopify's decimal money text in minor units of `currency` (shopify-money.ts); an amount it cannot be is a 502. */
export function minorOf(amount: string, currency: string): number {
  const minor = shopifyAmountToMinor(amount, currency);
  if (minor === undefined)
    throw new DomainError('shopify.bad_amount', 502, `Shopify sent an amount KiTS cannot read in ${currency}: "${amount}".`, {
      amount,
      currency,
    });
  return minor;
}

const sumOf = (values: readonly number[]) => values.reduce((n, v) => n + v, 0);

/** A line of the order that is not a linked KiTS variant: its money is kept as a charge, its goods raise a discrepancy. */
export interface UnlinkedLine {
  readonly shopifyVariantId: string | null;
  readonly title: string;
  readonly quantity: number;
}

export interface OrderAsSale {
  /** The sale to record; `lines` is empty when no line is a linked variant (nothing KiTS can record as goods). */
  readonly sale: ExternalSale;
  readonly unlinked: readonly UnlinkedLine[];
}

/**
 * The order as an external sale at `locationId`. `links` maps Shopify variant gids to KiTS variant
 * ids. A line without a link is no guess: it becomes an `other` charge of the same money (so the
 * sale still adds up to what the customer paid) and is answered in `unlinked`.
 */
export function orderAsSale(
  order: ShopifyOrder,
  lineItems: readonly ShopifyLineItem[],
  links: ReadonlyMap<string, string>,
  locationId: string,
  reservationId?: string,
): OrderAsSale {
  const currency = order.currencyCode;
  const money = (set: { shopMoney: { amount: string } }) => minorOf(set.shopMoney.amount, currency);
  const lines: ExternalSaleLine[] = [];
  const charges: Array<NonNullable<ExternalSale['charges']>[number]> = [];
  const unlinked: UnlinkedLine[] = [];
  for (const item of lineItems) {
    if (item.quantity <= 0) continue;
    const unitPrice = money(item.originalUnitPriceSet);
    const discount = money(item.totalDiscountSet);
    const tax = sumOf(item.taxLines.map((t) => money(t.priceSet)));
    const variantId = item.variant ? links.get(item.variant.id) : undefined;
    const title = cleanTitle(item.title);
    if (variantId) {
      lines.push({ variantId, quantity: item.quantity, unitPrice, discount, tax, title });
      continue;
    }
    const gross = unitPrice * item.quantity - discount;
    charges.push({
      kind: 'other',
      title: cleanTitle(`${item.title} (not linked in KiTS)`, 200),
      amount: order.taxesIncluded ? gross - tax : gross,
      tax,
    });
    unlinked.push({ shopifyVariantId: item.variant?.id ?? null, title, quantity: item.quantity });
  }
  for (const shipping of order.shippingLines.nodes) {
    const price = money(shipping.originalPriceSet);
    const tax = sumOf(shipping.taxLines.map((t) => money(t.priceSet)));
    if (price === 0 && tax === 0) continue;
    charges.push({
      kind: 'shipping',
      title: cleanTitle(shipping.title || 'Shipping', 200),
      amount: order.taxesIncluded ? price - tax : price,
      tax,
    });
  }
  const total = saleTotal(lines, charges, order.taxesIncluded);
  return {
    sale: {
      source: { channel: 'shopify', id: order.id, name: order.name },
      locationId,
      currency,
      occurredAt: order.createdAt,
      taxIncluded: order.taxesIncluded,
      lines,
      charges,
      tenders: tendersOf(order.transactions, total, currency),
      ...(reservationId ? { reservationId } : {}),
    },
    unlinked,
  };
}

/** What the sale comes to, as sales@1 adds it up: lines (tax on top unless included) and charges with their tax. */
export function saleTotal(lines: readonly ExternalSaleLine[], charges: NonNullable<ExternalSale['charges']>, taxIncluded: boolean): number {
  return (
    sumOf(lines.map((l) => l.unitPrice * l.quantity - l.discount + (taxIncluded ? 0 : l.tax))) + sumOf(charges.map((c) => c.amount + c.tax))
  );
}

/**
 * How the order was paid, per gateway (`shopify_payments`, `paypal`, `manual`): its successful
 * sales and captures, then authorizations not captured yet. They are made to come to `total`
 * exactly (sales@1 requires it): what nobody has paid yet is a `pending` tender (an order paid on
 * delivery, by bank deposit), and anything beyond the goods and shipping (a tip) is left out.
 */
export function tendersOf(
  transactions: readonly ShopifyTransaction[],
  total: number,
  currency: string,
): Array<{ method: string; amount: number; reference?: string }> {
  const succeeded = transactions.filter((t) => t.status === 'SUCCESS');
  const byGateway = new Map<string, { amount: number; reference: string }>();
  const add = (t: ShopifyTransaction) => {
    const method = (t.gateway || 'shopify').slice(0, 40);
    const known = byGateway.get(method);
    byGateway.set(method, {
      amount: (known?.amount ?? 0) + minorOf(t.amountSet.shopMoney.amount, currency),
      reference: known?.reference ?? t.id,
    });
  };
  for (const t of succeeded) if (t.kind === 'SALE' || t.kind === 'CAPTURE') add(t);
  const captured = sumOf([...byGateway.values()].map((v) => v.amount));
  if (captured < total) for (const t of succeeded) if (t.kind === 'AUTHORIZATION') add(t);
  let tenders: Array<{ method: string; amount: number; reference?: string }> = [...byGateway.entries()].map(([method, v]) => ({
    method,
    amount: v.amount,
    reference: v.reference,
  }));
  let tendered = sumOf(tenders.map((t) => t.amount));
  // More than the sale: cut from the last tenders (an authorization captured in part, a tip).
  for (let i = tenders.length - 1; i >= 0 && tendered > total; i--) {
    const cut = Math.min(tenders[i]!.amount, tendered - total);
    tenders[i] = { ...tenders[i]!, amount: tenders[i]!.amount - cut };
    tendered -= cut;
  }
  tenders = tenders.filter((t) => t.amount > 0);
  if (tendered < total) {
    const pending = transactions.find((t) => t.status === 'PENDING' && t.gateway);
    tenders.push({
      method: (pending?.gateway ?? 'pending').slice(0, 40),
      amount: total - tendered,
      ...(pending ? { reference: pending.id } : {}),
    });
  }
  return tenders.slice(0, 20);
}

/** A title as the sale keeps it: one line, no control characters, not blank, within `max`. */
function cleanTitle(title: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  const clean = title.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return (clean || 'Item').slice(0, max);
}

/** The stock lines of a sale: what leaves (or is held at) its location. */
export function stockLinesOf(sale: ExternalSale): Array<{ variantId: string; locationId: string; quantity: number }> {
  const quantities = new Map<string, number>();
  for (const line of sale.lines) quantities.set(line.variantId, (quantities.get(line.variantId) ?? 0) + line.quantity);
  return [...quantities].map(([variantId, quantity]) => ({ variantId, locationId: sale.locationId, quantity }));
}
