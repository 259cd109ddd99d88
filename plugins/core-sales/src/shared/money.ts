/** Integer money arithmetic in minor units. Never floating point for amounts (DESIGN §7). */

/** n / d rounded half away from zero, exactly (BigInt inside, so products beyond 2^53 stay exact). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('divRound needs a positive denominator');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = n / denominator;
  const rounded = (n % denominator) * 2n >= denominator ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** amount × basisPoints / 10,000, rounded half away from zero (2000 basis points = 20 %). */
export const percentOf = (amount: number, basisPoints: number): number => Number(divRound(BigInt(amount) * BigInt(basisPoints), 10_000n));

/**
 * Splits `total` over `weights` in proportion, in whole units, so the parts add up to exactly
 * `total` (largest remainder; ties to the earlier weight).
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const big = BigInt(total);
  const bigSum = BigInt(sum);
  const parts = weights.map((w) => (big * BigInt(w)) / bigSum);
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % bigSum }));
  let left = total - parts.reduce((a, b) => a + Number(b), 0);
  remainders.sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i));
  for (const { i } of remainders) {
    if (left <= 0) break;
    parts[i]! += 1n;
    left -= 1;
  }
  return parts.map(Number);
}

/** Rounds an amount to the nearest multiple of `step` (cash rounding, e.g. 5 for 0.05), halves up. */
export function roundToStep(amount: number, step: number): number {
  if (step <= 1) return amount;
  return Number(divRound(BigInt(amount), BigInt(step))) * step;
}
