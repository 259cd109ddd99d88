import { describe, expect, it } from 'vitest';
import { fitDemandModel } from '../../src/server/forecast/demand-model.ts';
import {
  fitHoltWinters,
  holtWintersForecast,
  holtWintersMeans,
  initialHoltWintersState,
  runHoltWinters,
} from '../../src/server/forecast/holt-winters.ts';
import { expectedAt, seasonalSeries, type SeasonalSeries } from './generated-series.ts';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
/** Level 20 units a day, +0.03 a day, a weekly pattern peaking on day 5 (a Saturday, say). */
const KNOWN: SeasonalSeries = { level: 20, trend: 0.03, weekly: [-3, -2, -1, 0, 1, 6, -1], noise: 0.5 };

describe('Holt-Winters additive (ETS(A,A,A), season 7)', () => {
  it('follows the recursion exactly: a worked example by hand', () => {
    // m = 2; l = 10, b = 1, s = [−2, 2]; α = 0.5, β = 0.1, γ = 0.2; y = 10, 15, 12.
    // t0: ŷ = 10 + 1 − 2 = 9, e = 1 → l = 11.5, b = 1.1, s0 = −1.8
    // t1: ŷ = 11.5 + 1.1 + 2 = 14.6, e = 0.4 → l = 12.8, b = 1.14, s1 = 2.08
    // t2: ŷ = 12.8 + 1.14 − 1.8 = 12.14, e = −0.14 → l = 13.87, b = 1.126, s0 = −1.828
    // ŷ(3) = 13.87 + 1.126 + 2.08 = 17.076; ŷ(4) = 13.87 + 2·1.126 − 1.828 = 14.294
    const parameters = { alpha: 0.5, beta: 0.1, gamma: 0.2 };
    const run = runHoltWinters([10, 15, 12], parameters, { level: 10, trend: 1, season: [-2, 2] });
    expect(run.residuals.map((e) => round(e))).toEqual([1, 0.4, -0.14]);
    expect(round(run.state.level)).toBe(13.87);
    expect(round(run.state.trend)).toBe(1.126);
    expect(run.state.season.map(round)).toEqual([-1.828, 2.08]);
    const fit = { parameters, period: 2, state: run.state, initial: run.state, residuals: run.residuals, sigma: 0, length: 3 };
    expect(holtWintersMeans(fit, 2).map(round)).toEqual([17.076, 14.294]);
  });

  it('starts from the exact level, trend and weekly terms of a series without noise, and then never errs', () => {
    const exact = { ...KNOWN, noise: 0 };
    const y = seasonalSeries(exact, 70, 1);
    const initial = initialHoltWintersState(y, 7);
    expect(initial.level).toBeCloseTo(exact.level - exact.trend, 9); // day −1
    expect(initial.trend).toBeCloseTo(exact.trend, 9);
    initial.season.forEach((s, phase) => expect(s).toBeCloseTo(exact.weekly[phase]!, 9));
    const run = runHoltWinters(y, { alpha: 0.3, beta: 0.05, gamma: 0.1 }, initial);
    expect(Math.max(...run.residuals.map(Math.abs))).toBeLessThan(1e-9);
  });

  it.each(SEEDS)('recovers level (±0.5), trend (±0.01/day) and each weekday (±0.5) from a year with noise σ = 0.5 (seed %d)', (seed) => {
    const y = seasonalSeries(KNOWN, 365, seed);
    const fit = fitHoltWinters(y, 7);
    expect(Math.abs(fit.state.level - expectedAt({ ...KNOWN, weekly: [0, 0, 0, 0, 0, 0, 0] }, 364))).toBeLessThan(0.5);
    expect(Math.abs(fit.state.trend - KNOWN.trend)).toBeLessThan(0.01);
    fit.state.season.forEach((s, phase) => expect(Math.abs(s - KNOWN.weekly[phase]!)).toBeLessThan(0.5));
    // The next four weeks follow the true path: mean absolute gap under 0.4 units (≈ 1.3 % of the level).
    const means = holtWintersMeans(fit, 28);
    const gap = means.reduce((sum, m, i) => sum + Math.abs(m - expectedAt(KNOWN, 365 + i)), 0) / 28;
    expect(gap).toBeLessThan(0.4);
    // Fitted by least squares, so the residual spread is the noise's.
    expect(fit.sigma).toBeGreaterThan(0.4);
    expect(fit.sigma).toBeLessThan(0.6);
  });

  it('its 80 % intervals hold about 80 % of what followed (20 years of σ = 2, four weeks each)', () => {
    const noisy = { ...KNOWN, noise: 2 };
    let inside = 0;
    let days = 0;
    for (const seed of SEEDS) {
      const y = seasonalSeries(noisy, 365 + 28, seed);
      const fit = fitHoltWinters(y.slice(0, 365), 7);
      holtWintersForecast(fit, 28).forEach((point, i) => {
        days += 1;
        const actual = y[365 + i]!;
        if (actual >= point.low && actual <= point.high) inside += 1;
        expect(point.low).toBeLessThanOrEqual(point.mean);
        expect(point.high).toBeGreaterThanOrEqual(point.mean);
      });
    }
    expect(inside / days).toBeGreaterThan(0.72);
    expect(inside / days).toBeLessThan(0.88);
  });

  it('never forecasts negative demand for a series falling towards zero', () => {
    const falling: SeasonalSeries = { level: 12, trend: -0.1, weekly: [-1, -1, 0, 0, 0, 3, -1], noise: 0.3 };
    const y = seasonalSeries(falling, 100, 7).map((v) => Math.max(0, v));
    const fit = fitHoltWinters(y, 7);
    expect(Math.min(...holtWintersMeans(fit, 90))).toBeLessThan(0); // the straight line goes below zero …
    const model = fitDemandModel(y);
    expect(model.method).toBe('holt-winters-additive');
    for (const point of model.forecast(90)) {
      expect(point.mean).toBeGreaterThanOrEqual(0); // … the forecast does not
      expect(point.low).toBeGreaterThanOrEqual(0);
      expect(point.high).toBeGreaterThanOrEqual(0);
    }
  });

  it('is deterministic: the same history gives the same parameters and forecast', () => {
    const y = seasonalSeries({ ...KNOWN, noise: 2 }, 200, 3);
    const first = fitDemandModel(y);
    const second = fitDemandModel(y);
    expect(second.parameters).toEqual(first.parameters);
    expect(second.forecast(28)).toEqual(first.forecast(28));
    expect(Object.keys(first.parameters).sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(first.parameters.beta).toBeLessThanOrEqual(first.parameters.alpha!);
  });
});

const round = (x: number) => Math.round(x * 1e6) / 1e6;
