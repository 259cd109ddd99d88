/**
 * A channel's refund lines (by variant, amounts as the channel computed them) laid onto the sale's
 * lines: each refunded unit goes to the first line of its variant with units left, the amount and
 * tax split by units (the last part takes what is left, so the parts add up). Pure: no I/O.
 */

export interface SaleLineLeft {
  readonly lineNo: number;
  readonly variantId: string;
  /** Units not refunded yet. */
  readonly quantity: number;
  /** Money of the line not refunded yet (tax included). */
  readonly amount: number;
}

export interface ChannelRefundLine {
  readonly variantId: string;
  readonly quantity: number;
  readonly amount: number;
  readonly tax: number;
}

export interface RefundedPart {
  readonly saleLineNo: number;
  readonly variantId: string;
  readonly quantity: number;
  readonly amount: number;
  readonly tax: number;
}

export type RefundPartsResult =
  { readonly ok: true; readonly parts: readonly RefundedPart[] } | { readonly ok: false; readonly detail: string; readonly field: string };

export function refundParts(saleLines: readonly SaleLineLeft[], refund: readonly ChannelRefundLine[]): RefundPartsResult {
  const left = saleLines.map((line) => ({ ...line }));
  const parts: RefundedPart[] = [];
  for (const [i, line] of refund.entries()) {
    const field = `lines.${i}`;
    if (line.tax > line.amount) return { ok: false, detail: `Refund line ${i + 1}'s tax is more than its amount.`, field: `${field}.tax` };
    const lines = left.filter((l) => l.variantId === line.variantId && l.quantity > 0);
    const units = lines.reduce((n, l) => n + l.quantity, 0);
    if (units < line.quantity)
      return {
        ok: false,
        detail: `The sale has ${units} of variant ${line.variantId} left to refund; ${line.quantity} cannot be.`,
        field: `${field}.quantity`,
      };
    let quantityLeft = line.quantity;
    let amountLeft = line.amount;
    let taxLeft = line.tax;
    for (const saleLine of lines) {
      if (quantityLeft === 0) break;
      const quantity = Math.min(saleLine.quantity, quantityLeft);
      const last = quantity === quantityLeft;
      // Whole minor units by share of units; the last part takes the remainder.
      const amount = last ? amountLeft : Math.floor((line.amount * quantity) / line.quantity);
      const tax = last ? taxLeft : Math.floor((line.tax * quantity) / line.quantity);
      if (amount > saleLine.amount)
        return {
          ok: false,
          detail: `Line ${saleLine.lineNo} of the sale has ${saleLine.amount} left to refund; ${amount} cannot be.`,
          field: `${field}.amount`,
        };
      saleLine.quantity -= quantity;
      saleLine.amount -= amount;
      quantityLeft -= quantity;
      amountLeft -= amount;
      taxLeft -= tax;
      parts.push({ saleLineNo: saleLine.lineNo, variantId: line.variantId, quantity, amount, tax });
    }
  }
  return { ok: true, parts };
}

/**
 * What each of the sale's tenders gives back of a refund's tenders: a method's own tender first,
 * then any tender with room, each up to what it has left. Answers per sale tender (tender_no → amount);
 * undefined when the refund is more than the tenders have left.
 */
export function tenderRefunds(
  saleTenders: ReadonlyArray<{ readonly tenderNo: number; readonly method: string; readonly left: number }>,
  refund: ReadonlyArray<{ readonly method: string; readonly amount: number }>,
): Map<number, number> | undefined {
  const room = new Map(saleTenders.map((t) => [t.tenderNo, t.left]));
  const given = new Map<number, number>();
  for (const tender of refund) {
    let due = tender.amount;
    const order = [...saleTenders.filter((t) => t.method === tender.method), ...saleTenders.filter((t) => t.method !== tender.method)];
    for (const saleTender of order) {
      const take = Math.min(due, room.get(saleTender.tenderNo)!);
      if (take <= 0) continue;
      room.set(saleTender.tenderNo, room.get(saleTender.tenderNo)! - take);
      given.set(saleTender.tenderNo, (given.get(saleTender.tenderNo) ?? 0) + take);
      due -= take;
    }
    if (due > 0) return undefined;
  }
  return given;
}
