import { describe, expect, it } from 'vitest';
import {
  forecastError,
  HELD_OUT_DAYS,
  heldOutError,
  seasonalNaiveForecast,
  seasonalNaiveScale,
} from '../../src/server/forecast/held-out-error.ts';
import { seasonalSeries, type SeasonalSeries } from './generated-series.ts';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const weekly = [-3, -2, -1, 0, 1, 6, -1];

/** The seasonal-naive forecast's error on the same held-out month: the baseline to beat. */
function seasonalNaiveError(history: readonly number[]) {
  const fitted = history.slice(0, history.length - HELD_OUT_DAYS);
  const actual = history.slice(history.length - HELD_OUT_DAYS);
  return forecastError(fitted, actual, seasonalNaiveForecast(fitted, HELD_OUT_DAYS));
}

describe('the error on a held-out month (fit on all but the last 28 days, forecast 28)', () => {
  it('MASE and MAPE by their definitions, on numbers worked by hand', () => {
    // Fitted part 8 days, m = 7: the seasonal-naive scale is |y7 − y0| = |12 − 10| = 2.
    const fitted = [10, 4, 4, 4, 4, 4, 4, 12];
    expect(seasonalNaiveScale(fitted)).toBe(2);
    // Errors 1 and 3 → mean 2 → MASE 1; MAPE over the day that sold only: |0 − 3| on a day of 0 is left out → 1/4 = 25 %.
    expect(forecastError(fitted, [4, 0], [5, 3])).toEqual({ heldOutDays: 2, mase: 1, mape: 25 });
    // A fitted part that repeats itself exactly has no scale: MASE is null, not infinite.
    expect(forecastError([1, 1, 1, 1, 1, 1, 1, 1], [1], [2]).mase).toBeNull();
    // Nothing sold on the held-out days: MAPE is null.
    expect(forecastError(fitted, [0, 0], [1, 1]).mape).toBeNull();
  });

  it.each(SEEDS)('beats seasonal-naive, MASE under 0.9, on a seasonal series with noise σ = 0.5 (seed %d)', (seed) => {
    const history = seasonalSeries({ level: 20, trend: 0.03, weekly, noise: 0.5 }, 365, seed);
    const error = heldOutError(history)!;
    expect(error.heldOutDays).toBe(28);
    expect(error.mase).toBeLessThan(0.9);
    expect(error.mase).toBeLessThan(seasonalNaiveError(history).mase!);
    expect(error.mape).toBeLessThan(5); // a weekly swing of 9 units on ~30 a day, forecast within 5 %
  });

  it('beats seasonal-naive by more than 15 % on average over 20 noisier series (σ = 2), MASE under 0.85', () => {
    const noisy: SeasonalSeries = { level: 20, trend: 0.03, weekly, noise: 2 };
    const ours: number[] = [];
    const baseline: number[] = [];
    for (const seed of SEEDS) {
      const history = seasonalSeries(noisy, 365, seed);
      ours.push(heldOutError(history)!.mase!);
      baseline.push(seasonalNaiveError(history).mase!);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(ours)).toBeLessThan(0.85);
    expect(mean(ours)).toBeLessThan(0.85 * mean(baseline));
  });

  it('holds out fewer days when the history is short, and none under five weeks', () => {
    const spec: SeasonalSeries = { level: 20, trend: 0, weekly, noise: 0.5 };
    expect(heldOutError(seasonalSeries(spec, 42, 1))!.heldOutDays).toBe(14); // 28 stay to fit
    expect(heldOutError(seasonalSeries(spec, 34, 1))).toBeNull(); // 6 days: less than a week
  });
});
