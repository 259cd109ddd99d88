/**
 * Integer money arithmetic in minor units (1999 = €19.99): rounding a rational amount, a
 * percentage of an amount, cash rounding. BigInt inside, so products beyond 2^53 stay exact;
 * never floating point for amounts (DESIGN §7).
 */

/** n / d rounded half away from zero, exactly (5/2 → 3, −5/2 → −3). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('divRound needs a positive denominator');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = n / denominator;
  const rounded = (n % denominator) * 2n >= denominator ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** amount × basisPoints / 10,000, rounded half away from zero (2000 basis points = 20 %). */
export function percentOf(amount: number, basisPoints: number): number {
  return Number(divRound(BigInt(wholeAmount(amount)) * BigInt(wholeNumber(basisPoints, 'basisPoints')), 10_000n));
}

/**
 * Rounds an amount to the nearest multiple of `step`, halves away from zero: cash rounding (5 for
 * 0.05 in a currency with no 1- and 2-cent coins). A step of 1 or less leaves the amount as it is.
 */
export function roundToStep(amount: number, step: number): number {
  wholeAmount(amount);
  if (step <= 1) return amount;
  return Number(divRound(BigInt(amount), BigInt(wholeNumber(step, 'step')))) * step;
}

/** `amount`, when it is an integer count of minor units; a RangeError naming what was given otherwise. */
export function wholeAmount(amount: number): number {
  return wholeNumber(amount, 'an amount');
}

function wholeNumber(value: number, what: string): number {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${what} must be a whole number of minor units (1999 for 19.99), not ${String(value)}`);
  return value;
}
