import { divRound } from '@kits/plugin-sdk/money';

/** One tax of a line or of a refund of it: 2000 basis points = 20 %, amount in minor units. */
export interface RateTax {
  readonly name: string;
  readonly basisPoints: number;
  readonly amount: number;
}

/** A sold line as a refund takes it: what it came to, its tax by rate, and what earlier refunds took of it. */
export interface RefundableLine {
  readonly quantity: number;
  /** What the customer paid for the line (tax included). */
  readonly total: number;
  readonly taxes: readonly RateTax[];
  readonly refunded: {
    readonly quantity: number;
    readonly amount: number;
    /** Tax taken back so far, by rate (a rate not listed: none yet). */
    readonly taxes: readonly RateTax[];
  };
}

/** What a refund of `quantity` units of a line gives back: the amount, its tax, and that tax by rate. */
export interface RefundShare {
  readonly quantity: number;
  readonly amount: number;
  readonly tax: number;
  readonly taxes: readonly RateTax[];
}

const rateKey = (tax: { name: string; basisPoints: number }) => `${tax.name}:${tax.basisPoints}`;

/**
 * The share of a sold line that `quantity` units returned take back — the server's refund and a
 * till's own reckoning offline share it. Cumulative: the units returned so far, this refund's
 * included, come to their proportion of the line (the amount and each rate's tax rounded on their
 * own, half away from zero), less what earlier refunds gave back. So the refunds of a line add up
 * to the line to the cent, rate by rate, however it is returned, and the one that brings back the
 * last unit takes exactly what is left. Answers undefined when more is asked than is left to return.
 */
export function refundShare(line: RefundableLine, quantity: number): RefundShare | undefined {
  const remaining = line.quantity - line.refunded.quantity;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > remaining) return undefined;
  const returned = BigInt(line.refunded.quantity + quantity);
  const upTo = (whole: number) => Number(divRound(BigInt(whole) * returned, BigInt(line.quantity)));
  // Never below zero, should earlier refunds have been reckoned otherwise and given more.
  const beyond = (whole: number, given: number) => Math.max(0, upTo(whole) - given);
  const earlier = new Map(line.refunded.taxes.map((tax) => [rateKey(tax), tax.amount]));
  const taxes = line.taxes.map((tax) => ({
    name: tax.name,
    basisPoints: tax.basisPoints,
    amount: beyond(tax.amount, earlier.get(rateKey(tax)) ?? 0),
  }));
  return {
    quantity,
    amount: beyond(line.total, line.refunded.amount),
    tax: taxes.reduce((sum, tax) => sum + tax.amount, 0),
    taxes,
  };
}

/**
 * What refunds of `quantity` units of a line gave back, when they were reckoned by `refundShare`
 * (the cumulative rule makes that a function of the quantity alone): for a sale whose earlier
 * refunds are known only by their quantity.
 */
export function refundedUpTo(line: Pick<RefundableLine, 'quantity' | 'total' | 'taxes'>, quantity: number): RefundableLine['refunded'] {
  const upTo = (whole: number) => Number(divRound(BigInt(whole) * BigInt(quantity), BigInt(line.quantity)));
  return { quantity, amount: upTo(line.total), taxes: line.taxes.map((tax) => ({ ...tax, amount: upTo(tax.amount) })) };
}

/** Adds a refund's tax by rate to what was refunded before (the next share's `refunded.taxes`). */
export function addRateTaxes(before: readonly RateTax[], more: readonly RateTax[]): RateTax[] {
  const sums = new Map(before.map((tax) => [rateKey(tax), { ...tax }]));
  for (const tax of more) {
    const sum = sums.get(rateKey(tax));
    if (sum) sum.amount += tax.amount;
    else sums.set(rateKey(tax), { ...tax });
  }
  return [...sums.values()];
}
