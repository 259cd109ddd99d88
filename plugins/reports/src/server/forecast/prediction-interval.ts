/** One day ahead: the expected units and the central 80 % prediction interval around them. */
export interface ForecastPoint {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** The share of outcomes a prediction interval is meant to hold (80 %: the 10th to the 90th percentile). */
export const INTERVAL_LEVEL = 0.8;
/** The standard normal's 90th percentile: mean ± z·σ holds 80 % of a normal outcome. */
export const Z_80 = 1.2815515655446004;

/** Demand is never negative: a model's raw value and its interval are cut at zero. */
export const nonNegativePoint = (mean: number, low: number, high: number): ForecastPoint => ({
  mean: Math.max(0, mean),
  low: Math.max(0, low),
  high: Math.max(0, high),
});

/** The q-quantile (0…1) of values, linearly interpolated between order statistics (Hyndman & Fan type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}
