import { crostonForecast, fitCrostonSba } from './croston-sba.ts';
import { fitHoltWinters, holtWintersForecast } from './holt-winters.ts';
import type { ForecastPoint } from './prediction-interval.ts';

/** A week: the season of daily retail demand. */
export const WEEK = 7;
/** Days of history (from the first sale) a forecast needs: four weeks, so the weekly pattern is seen. */
export const MIN_HISTORY_DAYS = 28;

export type ForecastMethod = 'holt-winters-additive' | 'croston-sba';

/** A demand model fitted to one variant's daily history at one location. */
export interface DemandModel {
  readonly method: ForecastMethod;
  /** The fitted smoothing parameters (α, β, γ or α), rounded to 4 places. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Expected units and 80 % intervals for the days after the history's last, never negative. */
  forecast(horizon: number): ForecastPoint[];
}

/** More days without demand than this share makes a series intermittent (Croston-SBA, not Holt-Winters). */
export const INTERMITTENT_ZERO_SHARE = 0.5;

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Picks and fits the method for a daily history of net units (oldest first, at least
 * MIN_HISTORY_DAYS): Croston-SBA when more than half the days sold nothing, Holt-Winters
 * additive with a weekly season otherwise.
 */
export function fitDemandModel(history: readonly number[]): DemandModel {
  if (history.length < MIN_HISTORY_DAYS)
    throw new RangeError(`a forecast needs ${MIN_HISTORY_DAYS} days of history; this one has ${history.length}`);
  const zeroDays = history.filter((v) => v <= 0).length;
  if (zeroDays / history.length > INTERMITTENT_ZERO_SHARE) {
    const fit = fitCrostonSba(history);
    return { method: 'croston-sba', parameters: { alpha: round4(fit.alpha) }, forecast: (horizon) => crostonForecast(fit, horizon) };
  }
  const fit = fitHoltWinters(history, WEEK);
  const { alpha, beta, gamma } = fit.parameters;
  return {
    method: 'holt-winters-additive',
    parameters: { alpha: round4(alpha), beta: round4(beta), gamma: round4(gamma) },
    forecast: (horizon) => holtWintersForecast(fit, horizon),
  };
}
