import { receiptCardParts } from '@kits/plugin-sdk/till';

/** A tender of the sale a return is made against: what it paid, what came back to it already, and its card. */
export interface RefundableTender {
  readonly method: string;
  readonly paid: number;
  readonly refunded: number;
  /** The card payment (its id) a card tender was paid with. */
  readonly paymentId?: string;
  readonly card?: { readonly brand: string; readonly last4: string };
}

/** One part of a refund: how much goes back to which tender. */
export interface RefundPart {
  readonly method: string;
  readonly amount: number;
  /** The tender's index in the sale (none: cash the sale's tenders had no room for). */
  readonly tender?: number;
  readonly card?: { readonly brand: string; readonly last4: string };
}

/**
 * Where `amount` goes back, the way the server splits a refund by default (`refund-sale.ts`): the
 * sale's own tenders, cash last, each up to what it paid less what came back to it already. What no
 * tender has room for (the till does not know a refund another till made) is given back in cash.
 */
export function splitRefund(tenders: readonly RefundableTender[], amount: number): RefundPart[] {
  const parts: RefundPart[] = [];
  let left = amount;
  const order = tenders.map((tender, index) => ({ tender, index }));
  order.sort((a, b) => Number(a.tender.method === 'cash') - Number(b.tender.method === 'cash'));
  for (const { tender, index } of order) {
    const back = Math.min(tender.paid - tender.refunded, left);
    if (back <= 0) continue;
    parts.push({ method: tender.method, amount: back, tender: index, ...(tender.card ? { card: tender.card } : {}) });
    left -= back;
  }
  if (left > 0) {
    const cash = parts.findIndex((part) => part.method === 'cash');
    if (cash >= 0) parts[cash] = { ...parts[cash]!, amount: parts[cash]!.amount + left };
    else parts.push({ method: 'cash', amount: left });
  }
  return parts;
}

/** `tenders` once `parts` came back to them (for the next return against the same sale). */
export function afterRefund(tenders: readonly RefundableTender[], parts: readonly RefundPart[]): RefundableTender[] {
  return tenders.map((tender, index) => {
    const back = parts.filter((part) => part.tender === index).reduce((n, part) => n + part.amount, 0);
    return back === 0 ? tender : { ...tender, refunded: Math.min(tender.paid, tender.refunded + back) };
  });
}

/**
 * What the cashier does: "€7.50 goes back to the card Visa •••• 4242; give back €5.00 in cash" (the
 * card part first, as the server splits it). All of it in cash reads as it always has.
 */
export function refundInstructions(parts: readonly RefundPart[], fmt: (amount: number) => string): string {
  if (parts.every((part) => part.method === 'cash'))
    return `give the customer back ${fmt(parts.reduce((n, part) => n + part.amount, 0))}, the way they paid`;
  return parts
    .map((part) => {
      if (part.method === 'cash') return `give back ${fmt(part.amount)} in cash`;
      if (part.method === 'card')
        // The card's name never breaks across lines ("Visa •••• 4242" is read as one thing).
        return `${fmt(part.amount)} goes back to the card${part.card ? ` ${receiptCardParts(part.card)[0]!.replace(/ /g, '\u00a0')}` : ''}`;
      return `${fmt(part.amount)} goes back to ${part.method}`;
    })
    .join('; ');
}
