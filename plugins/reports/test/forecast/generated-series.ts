/**
 * Daily demand series with known parts, for testing forecasts: a seeded generator (mulberry32)
 * so every run sees the same numbers.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller). */
export function normal(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface SeasonalSeries {
  readonly level: number;
  readonly trend: number;
  /** Seven terms summing to zero: day t has weekly[t mod 7]. */
  readonly weekly: readonly number[];
  readonly noise: number;
}

/** The series' expected value on day t (no noise). */
export const expectedAt = (spec: SeasonalSeries, t: number): number => spec.level + spec.trend * t + spec.weekly[t % 7]!;

/** `days` values of level + trend·t + weekly[t mod 7] + N(0, noise²). */
export function seasonalSeries(spec: SeasonalSeries, days: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: days }, (_, t) => expectedAt(spec, t) + spec.noise * normal(random));
}

/** Intermittent demand: on a share of days a sale of 1 … maxSize units, nothing on the others. */
export function intermittentSeries(days: number, share: number, maxSize: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: days }, () => (random() < share ? 1 + Math.floor(random() * maxSize) : 0));
}
