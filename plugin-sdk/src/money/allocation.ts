import { wholeAmount } from './arithmetic.ts';

/**
 * Splits `total` over `weights` in proportion, in whole minor units, so the parts add up to exactly
 * `total` — a cart discount over its lines, a bundle's saving over its items. Largest remainder:
 * each part is its exact share rounded down, and the cents left over go one each to the parts with
 * the largest remainders, ties to the earlier weight (so equal weights get the extra cent in order).
 * A negative total is split like its magnitude, every part negated. When every weight is 0 the
 * total is split equally, rather than lost; weights must be whole and not negative.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  wholeAmount(total);
  for (const weight of weights)
    if (!Number.isSafeInteger(weight) || weight < 0)
      throw new RangeError(`allocate needs whole weights of 0 or more (line amounts, quantities), not ${String(weight)}`);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError(`allocate cannot split ${total} over no lines`);
  }
  const even = weights.every((weight) => weight === 0);
  const shares = (even ? weights.map(() => 1) : weights).map(BigInt);
  const sum = shares.reduce((a, b) => a + b, 0n);
  const magnitude = BigInt(Math.abs(total));
  const parts = shares.map((share) => (magnitude * share) / sum);
  const byRemainder = shares
    .map((share, index) => ({ index, remainder: (magnitude * share) % sum }))
    .sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index));
  let left = magnitude - parts.reduce((a, b) => a + b, 0n);
  for (const { index } of byRemainder) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  // `0 - 0n` would be −0 as a number: keep zero parts plain 0.
  return parts.map((part) => (total < 0 && part !== 0n ? -Number(part) : Number(part)));
}
