import { INTERVAL_LEVEL, nonNegativePoint, quantile, type ForecastPoint } from './prediction-interval.ts';

/**
 * Croston's method (Croston 1972) with the Syntetos–Boylan approximation (Syntetos & Boylan
 * 2005) for intermittent demand — most days sell nothing. Demand sizes and the intervals between
 * demands are smoothed apart, each with α, and only on days that sell:
 *
 *   z ← z + α·(y − z)        p ← p + α·(q − p)        (q: days since the previous sale)
 *   rate = (1 − α/2) · z / p                           (SBA: Croston's z/p is biased upwards)
 *
 * z and p start at the mean size and mean interval of the history. α is the one of 0.05 … 0.30
 * (by 0.01) that minimises the squared one-step errors. The forecast is flat at `rate` per day;
 * its 80 % interval is the 10th and 90th percentiles of the one-step errors around it (demand
 * this lumpy is not normal), cut at zero. Days with net returns count as days without demand.
 */
export interface CrostonFit {
  readonly alpha: number;
  /** Expected units per day from here on. */
  readonly rate: number;
  readonly residuals: readonly number[];
}

const ALPHAS = Array.from({ length: 26 }, (_, i) => Math.round((0.05 + i * 0.01) * 100) / 100);

function run(y: readonly number[], alpha: number): { rate: number; residuals: number[]; sse: number } {
  const sales = y.filter((v) => v > 0);
  let size = sales.reduce((sum, v) => sum + v, 0) / sales.length;
  let interval = y.length / sales.length;
  let sinceLast = 1;
  const correction = 1 - alpha / 2;
  const residuals: number[] = [];
  let sse = 0;
  for (const value of y) {
    const error = value - (correction * size) / interval;
    residuals.push(error);
    sse += error * error;
    if (value > 0) {
      size += alpha * (value - size);
      interval += alpha * (sinceLast - interval);
      sinceLast = 1;
    } else {
      sinceLast += 1;
    }
  }
  return { rate: (correction * size) / interval, residuals, sse };
}

/** Fits Croston-SBA to a history with at least one day of demand. */
export function fitCrostonSba(y: readonly number[]): CrostonFit {
  if (!y.some((v) => v > 0)) throw new RangeError('Croston needs at least one day with demand');
  let best: (ReturnType<typeof run> & { alpha: number }) | undefined;
  for (const alpha of ALPHAS) {
    const candidate = { ...run(y, alpha), alpha };
    if (!best || candidate.sse < best.sse) best = candidate;
  }
  return { alpha: best!.alpha, rate: best!.rate, residuals: best!.residuals };
}

export function crostonForecast(fit: CrostonFit, horizon: number): ForecastPoint[] {
  const tail = (1 - INTERVAL_LEVEL) / 2;
  const low = fit.rate + quantile(fit.residuals, tail);
  const high = fit.rate + quantile(fit.residuals, 1 - tail);
  return Array.from({ length: horizon }, () => nonNegativePoint(fit.rate, low, high));
}
