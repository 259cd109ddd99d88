import { fitDemandModel, MIN_HISTORY_DAYS, WEEK } from './demand-model.ts';

/** The days held out to measure a forecast: a month of four weeks. */
export const HELD_OUT_DAYS = 28;
/** Fewer held-out days than a week say nothing about a weekly pattern: no error is given. */
const MIN_HELD_OUT_DAYS = WEEK;

/**
 * How far a forecast was off on days it did not see. MASE (Hyndman & Koehler 2006): the mean
 * absolute error over the held-out days ÷ the mean absolute error of the seasonal-naive forecast
 * (same weekday last week) within the fitted part — below 1 beats that baseline's usual error;
 * null when the fitted part repeats itself exactly (the scale is zero). MAPE: the mean absolute
 * error as a percentage of the actual units, over the held-out days that sold (null when none did).
 */
export interface ForecastError {
  readonly heldOutDays: number;
  readonly mase: number | null;
  readonly mape: number | null;
}

/** Mean absolute error of the seasonal-naive one-step forecast within `fitted` (the MASE scale). */
export function seasonalNaiveScale(fitted: readonly number[], m = WEEK): number {
  let sum = 0;
  for (let t = m; t < fitted.length; t += 1) sum += Math.abs(fitted[t]! - fitted[t - m]!);
  return fitted.length > m ? sum / (fitted.length - m) : 0;
}

/** The seasonal-naive forecast: each day as the same weekday in the last week of `fitted`. */
export function seasonalNaiveForecast(fitted: readonly number[], horizon: number, m = WEEK): number[] {
  return Array.from({ length: horizon }, (_, i) => fitted[fitted.length - m + (i % m)]!);
}

/** MASE and MAPE of `forecast` against `actual`, scaled by the seasonal-naive error within `fitted`. */
export function forecastError(fitted: readonly number[], actual: readonly number[], forecast: readonly number[]): ForecastError {
  const errors = actual.map((value, i) => Math.abs(value - forecast[i]!));
  const meanError = errors.reduce((sum, e) => sum + e, 0) / errors.length;
  const scale = seasonalNaiveScale(fitted);
  const sold = actual.map((value, i) => ({ value, error: errors[i]! })).filter((d) => d.value > 0);
  return {
    heldOutDays: actual.length,
    mase: scale > 0 ? round(meanError / scale) : null,
    mape: sold.length > 0 ? round((100 * sold.reduce((sum, d) => sum + d.error / d.value, 0)) / sold.length) : null,
  };
}

/**
 * Fits the method to all but the last month of `history`, forecasts that month and measures the
 * error (fewer held-out days when the history is short, so MIN_HISTORY_DAYS stay to fit; null
 * when not even a week can be held out).
 */
export function heldOutError(history: readonly number[]): ForecastError | null {
  const heldOut = Math.min(HELD_OUT_DAYS, history.length - MIN_HISTORY_DAYS);
  if (heldOut < MIN_HELD_OUT_DAYS) return null;
  const fitted = history.slice(0, history.length - heldOut);
  const actual = history.slice(history.length - heldOut);
  const forecast = fitDemandModel(fitted)
    .forecast(heldOut)
    .map((p) => p.mean);
  return forecastError(fitted, actual, forecast);
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
