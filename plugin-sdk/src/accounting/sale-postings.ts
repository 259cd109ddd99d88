import { unprocessable } from '../errors.ts';
import { divRound } from '../money/arithmetic.ts';
import type { SaleCompletedPayload, SaleRefundedPayload, SaleVoidedPayload, RateTax } from './event-payloads.ts';
import type { Posting } from './postings.ts';

/**
 * A sale's, a refund's or a channel void's postings. Every figure comes from the payload as
 * core-sales priced it; nothing is recomputed but the tax share of a tax-inclusive discount.
 * Figures that do not add up are refused, naming the document and the difference: the ledger
 * never makes up a line to balance them.
 */

/** The tax code of a line: its rates' names joined with ` + ` (`VAT 20%`, `GST + PST`), or `No tax`. */
export function taxCodeOf(taxes: readonly Pick<RateTax, 'name'>[]): string {
  return taxes.length === 0 ? 'No tax' : taxes.map((t) => t.name).join(' + ');
}

/** A tender's ledger key: the method, or `method:provider` when the payload names the payments plugin that took it. */
export function tenderKey(tender: { readonly method: string; readonly provider?: string | null | undefined }): string {
  return tender.provider ? `${tender.method}:${tender.provider}` : tender.method;
}

/** The key a channel's money refunded beyond its lines and charges is posted under (sales@1: "a shipping refund beyond the lines"). */
export const REFUNDED_CHARGES_KEY = 'shipping';

const refuse = (detail: string, extensions: Record<string, unknown> = {}) =>
  unprocessable(
    'accounting.unbalanced_event',
    `${detail} Nothing of it was posted; the producing plugin's payload needs fixing.`,
    extensions,
  );

function taxesOf(what: string, taxes: readonly RateTax[] | undefined, tax: number): readonly RateTax[] {
  if (taxes === undefined) {
    if (tax === 0) return [];
    throw refuse(`${what} has tax ${tax} but does not say its rates, so it cannot be keyed by rate.`);
  }
  const sum = taxes.reduce((n, t) => n + t.amount, 0);
  if (sum !== tax) throw refuse(`${what}'s taxes by rate come to ${sum}, but its tax is ${tax} (difference ${sum - tax}).`);
  return taxes;
}

/** Σ amount of postings. */
const sumOf = (postings: readonly Posting[]) => postings.reduce((n, p) => n + p.amount, 0);

/** A sale as people name it in an error: `Sale 0190… (receipt 12)`. */
function saleName(sale: SaleCompletedPayload): string {
  if (sale.receiptNumber !== null && sale.receiptNumber !== undefined) return `Sale ${sale.id} (receipt ${sale.receiptNumber})`;
  return sale.source?.name ? `Sale ${sale.id} (${sale.source.name})` : `Sale ${sale.id}`;
}

/**
 * The part of a line's discounts without tax. Till prices are shown tax excluded or included (the
 * shop's setting, not in the payload): included when the line's gross less its discounts is its
 * total, excluded when it is its net — a line that is neither is refused. An included discount's
 * tax share is taken out at the line's rates, so net sales and discounts are both without tax.
 */
function discountWithoutTax(sale: SaleCompletedPayload, line: SaleCompletedPayload['lines'][number], index: number): number {
  const discount = (line.promotionDiscount ?? 0) + (line.lineDiscount ?? 0) + (line.cartDiscount ?? 0);
  const what = `${saleName(sale)} line ${line.lineNo ?? index + 1}`;
  if (line.net + line.tax !== line.total)
    throw refuse(
      `${what}: net ${line.net} + tax ${line.tax} is not its total ${line.total} (difference ${line.net + line.tax - line.total}).`,
    );
  const amount = line.gross - discount;
  const included = sale.taxIncluded ?? (line.tax !== 0 && amount === line.total);
  const expected = included ? line.total : line.net;
  if (amount !== expected)
    throw refuse(
      `${what}: gross ${line.gross} less discounts ${discount} is ${amount}, but its ${included ? 'total (prices with tax)' : 'net (prices without tax)'} is ${expected} (difference ${amount - expected}).`,
    );
  if (!included || discount === 0) return discount;
  const basisPoints = line.taxes.reduce((n, t) => n + t.basisPoints, 0);
  const taxShare = Number(divRound(BigInt(discount) * BigInt(basisPoints), BigInt(10_000 + basisPoints)));
  return Math.min(Math.max(discount - taxShare, 0), discount);
}

/**
 * `sales.sale.completed`: per line, net sales with the discounts carried back (credit) and the
 * discounts (debit), by tax code; tax by rate (credit); a channel's charges net of tax (credit) and
 * their tax; tenders (debit); cash rounding (credit when the customer paid more than the total).
 */
export function salePostings(sale: SaleCompletedPayload): Posting[] {
  const postings: Posting[] = [];
  sale.lines.forEach((line, index) => {
    const code = taxCodeOf(line.taxes);
    const taxes = taxesOf(`${saleName(sale)} line ${line.lineNo ?? index + 1}`, line.taxes, line.tax);
    const discount = discountWithoutTax(sale, line, index);
    postings.push({ role: 'sales', key: code, amount: -(line.net + discount) });
    if (discount !== 0) postings.push({ role: 'discounts', key: code, amount: discount });
    for (const t of taxes) postings.push({ role: 'tax', key: t.name, amount: -t.amount });
  });
  (sale.charges ?? []).forEach((charge, index) => {
    const what = `${saleName(sale)} charge ${index + 1} (${charge.kind})`;
    if (charge.total !== undefined && charge.amount + charge.tax !== charge.total)
      throw refuse(`${what}: amount ${charge.amount} + tax ${charge.tax} is not its total ${charge.total}.`);
    postings.push({ role: 'charges', key: charge.kind, amount: -charge.amount });
    for (const t of taxesOf(what, charge.taxes, charge.tax)) postings.push({ role: 'tax', key: t.name, amount: -t.amount });
  });
  const goods = -sumOf(postings);
  if (goods !== sale.total)
    throw refuse(
      `${saleName(sale)}: its lines and charges come to ${goods}, but its total is ${sale.total} (difference ${goods - sale.total}).`,
      {
        saleId: sale.id,
        difference: goods - sale.total,
      },
    );
  const rounding = sale.rounding ?? 0;
  if (rounding !== 0) postings.push({ role: 'rounding', key: '', amount: -rounding });
  for (const tender of sale.tenders) postings.push({ role: 'tender', key: tenderKey(tender), amount: tender.amount });
  const tendered = sale.tenders.reduce((n, t) => n + t.amount, 0);
  const due = sale.total + rounding;
  if (tendered !== due)
    throw refuse(
      `${saleName(sale)}: its tenders come to ${tendered}, but its lines, charges and rounding come to ${due} (difference ${tendered - due}).`,
      { saleId: sale.id, difference: tendered - due },
    );
  return postings;
}

type ReturnDocument = {
  readonly what: string;
  readonly id: string;
  /** A channel's document: money given back beyond the lines and charges is a shipping refund. */
  readonly channel: boolean;
  readonly lines: SaleRefundedPayload['lines'];
  readonly charges: SaleRefundedPayload['charges'];
  readonly tenders: SaleRefundedPayload['tenders'];
  readonly rounding: number;
};

/**
 * What goes back: refunds net of tax by tax code (debit), their tax by rate (debit), charges given
 * back (debit), tenders (credit), cash rounding. A channel's refund may give back more money than
 * its lines (sales@1: a shipping refund beyond the lines, whose tax the channel does not split): the
 * rest is posted as charges refunded, tax included. Less money than the goods is refused.
 */
function returnPostings(doc: ReturnDocument): Posting[] {
  const postings: Posting[] = [];
  doc.lines.forEach((line, index) => {
    const what = `${doc.what} line ${line.lineNo ?? index + 1}`;
    const taxes = taxesOf(what, line.taxes, line.tax);
    postings.push({ role: 'refunds', key: taxCodeOf(taxes), amount: line.amount - line.tax });
    for (const t of taxes) postings.push({ role: 'tax', key: t.name, amount: t.amount });
  });
  (doc.charges ?? []).forEach((charge, index) => {
    const what = `${doc.what} charge ${index + 1} (${charge.kind})`;
    if (charge.total !== undefined && charge.amount + charge.tax !== charge.total)
      throw refuse(`${what}: amount ${charge.amount} + tax ${charge.tax} is not its total ${charge.total}.`);
    postings.push({ role: 'charges', key: charge.kind, amount: charge.amount });
    for (const t of taxesOf(what, charge.taxes, charge.tax)) postings.push({ role: 'tax', key: t.name, amount: t.amount });
  });
  const goods = sumOf(postings);
  const tendered = doc.tenders.reduce((n, t) => n + t.amount, 0);
  const beyond = tendered - goods - doc.rounding;
  if (beyond < 0 || (beyond > 0 && !doc.channel))
    throw refuse(
      `${doc.what}: its tenders give back ${tendered}, but its lines${doc.charges?.length ? ', charges' : ''} and rounding come to ${goods + doc.rounding} (difference ${beyond}).`,
      { id: doc.id, difference: beyond },
    );
  if (beyond > 0) postings.push({ role: 'charges', key: REFUNDED_CHARGES_KEY, amount: beyond });
  if (doc.rounding !== 0) postings.push({ role: 'rounding', key: '', amount: doc.rounding });
  for (const tender of doc.tenders) postings.push({ role: 'tender', key: tenderKey(tender), amount: -tender.amount });
  return postings;
}

const isChannel = (channel: string | undefined, source: unknown) => (channel !== undefined ? channel !== 'till' : source != null);

/** `sales.sale.refunded`. */
export function refundPostings(refund: SaleRefundedPayload): Posting[] {
  return returnPostings({
    what: `Refund ${refund.id}${refund.saleId ? ` of sale ${refund.saleId}` : ' (no receipt)'}`,
    id: refund.id,
    channel: isChannel(refund.channel, refund.source),
    lines: refund.lines,
    charges: refund.charges,
    tenders: refund.tenders,
    // Given back above the lines (cash rounded up): a debit, as the sale's rounding was a credit.
    rounding: refund.rounding ?? 0,
  });
}

/** `sales.sale.voided` of a channel's completed sale: a refund of the whole sale. A till's void (no lines, no tenders) posts nothing. */
export function voidPostings(voided: SaleVoidedPayload): Posting[] {
  if ((voided.lines ?? []).length === 0 && (voided.tenders ?? []).length === 0) return [];
  return returnPostings({
    what: `Void of sale ${voided.saleId}`,
    id: voided.saleId,
    channel: true,
    lines: voided.lines ?? [],
    charges: voided.charges,
    tenders: voided.tenders ?? [],
    rounding: 0,
  });
}
