// The day generator's arithmetic: a seeded random source (a run is repeatable) and the tax inside a
// tax-inclusive amount, rounded as core-sales rounds it.

/** mulberry32: a small seeded generator, so a run is repeatable. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** x × bp / (10,000 + bp), rounded half away from zero: the tax inside a tax-inclusive amount. */
export function taxInside(amount: number, basisPoints: number): number {
  const n = BigInt(amount) * BigInt(basisPoints);
  const d = BigInt(10_000 + basisPoints);
  const q = n / d;
  return Number((n % d) * 2n >= d ? q + 1n : q);
}
