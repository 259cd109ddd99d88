import { describe, expect, it } from 'vitest';
import { crostonForecast, fitCrostonSba } from '../../src/server/forecast/croston-sba.ts';
import { fitDemandModel, MIN_HISTORY_DAYS } from '../../src/server/forecast/demand-model.ts';
import { heldOutError } from '../../src/server/forecast/held-out-error.ts';
import { intermittentSeries } from './generated-series.ts';

describe('intermittent demand (more than half the days sell nothing): Croston with the Syntetos–Boylan approximation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('forecasts a flat rate near the mean daily demand, never negative (seed %d)', (seed) => {
    // A sale on ~20 % of days of 1–4 units.
    const history = intermittentSeries(365, 0.2, 4, seed);
    const model = fitDemandModel(history);
    expect(model.method).toBe('croston-sba');
    const points = model.forecast(90);
    const meanDemand = history.reduce((a, b) => a + b, 0) / history.length;
    expect(Math.abs(points[0]!.mean - meanDemand) / meanDemand).toBeLessThan(0.2);
    expect(new Set(points.map((p) => p.mean)).size).toBe(1);
    for (const point of points) {
      expect(point.low).toBeGreaterThanOrEqual(0);
      expect(point.low).toBeLessThanOrEqual(point.mean);
      expect(point.high).toBeGreaterThanOrEqual(point.mean);
    }
    const error = heldOutError(history)!;
    expect(error.heldOutDays).toBe(28);
    expect(error.mase).toBeGreaterThan(0);
  });

  it('applies the SBA correction: the rate is (1 − α/2) × size ÷ interval, below Croston’s', () => {
    // A sale of 4 every 4th day, exactly: size 4, interval 4 → Croston 1 a day, SBA (1 − α/2).
    const history = Array.from({ length: 84 }, (_, t) => (t % 4 === 3 ? 4 : 0));
    const fit = fitCrostonSba(history);
    expect(fit.rate).toBeCloseTo(1 - fit.alpha / 2, 9);
    expect(crostonForecast(fit, 3).map((p) => p.mean)).toEqual([fit.rate, fit.rate, fit.rate]);
  });

  it('counts days of net returns as days without demand, and still never goes below zero', () => {
    const history = intermittentSeries(120, 0.15, 3, 11).map((v, t) => (t % 17 === 0 ? -2 : v));
    const model = fitDemandModel(history);
    expect(model.method).toBe('croston-sba');
    expect(model.forecast(28).every((p) => p.mean > 0 && p.low >= 0)).toBe(true);
  });

  it(`needs ${MIN_HISTORY_DAYS} days of history`, () => {
    expect(() => fitDemandModel(intermittentSeries(MIN_HISTORY_DAYS - 1, 0.5, 3, 1))).toThrow(/28 days of history/);
  });
});
