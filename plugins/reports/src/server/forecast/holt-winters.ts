import { nelderMead } from './nelder-mead.ts';
import { nonNegativePoint, Z_80, type ForecastPoint } from './prediction-interval.ts';

/**
 * Holt-Winters additive (triple exponential smoothing: level, trend, a season of `m` days), in
 * the error-correction form of Hyndman, Koehler, Ord & Snyder, *Forecasting with Exponential
 * Smoothing* (2008), model ETS(A,A,A):
 *
 *   ŷ(t)  = l(t−1) + b(t−1) + s(t−m)          e(t) = y(t) − ŷ(t)
 *   l(t)  = l(t−1) + b(t−1) + α·e(t)
 *   b(t)  = b(t−1) + β·e(t)
 *   s(t)  = s(t−m) + γ·e(t)
 *   ŷ(n+h) = l(n) + h·b(n) + s(n+h−m·⌈h/m⌉)
 *
 * with 0 < β ≤ α < 1 and 0 < γ ≤ 1 − α. α, β and γ minimise the sum of squared one-step errors
 * over the history (Nelder–Mead from fixed starts: deterministic). The 80 % prediction interval
 * is ŷ ± z·σ·√(1 + Σ_{j<h} (α + jβ + γ·[j mod m = 0])²), σ from the one-step residuals (ibid.,
 * table 6.1, class 1).
 */
export interface HoltWintersParameters {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}

export interface HoltWintersState {
  readonly level: number;
  readonly trend: number;
  /** One seasonal term per phase: `season[t mod m]` belongs to day t of the series. */
  readonly season: readonly number[];
}

export interface HoltWintersFit {
  readonly parameters: HoltWintersParameters;
  readonly period: number;
  /** The state after the last day of the history. */
  readonly state: HoltWintersState;
  /** The state the recursion started from (before day 0). */
  readonly initial: HoltWintersState;
  /** One-step-ahead errors, one per day of the history. */
  readonly residuals: readonly number[];
  /** The residuals' standard deviation (sum of squares over n − 3 for the three fitted parameters). */
  readonly sigma: number;
  readonly length: number;
}

/** Seasons of history the starting state is estimated from (at most). */
const INITIAL_SEASONS = 4;

/**
 * A starting state from the first seasons: the trend from the change in their means, the level
 * the first season's mean carried back to day −1, each phase's term its mean deviation from its
 * season's trend line (centred so the terms sum to zero).
 */
export function initialHoltWintersState(y: readonly number[], m: number): HoltWintersState {
  const seasons = Math.min(INITIAL_SEASONS, Math.floor(y.length / m));
  if (seasons < 2) throw new RangeError(`Holt-Winters needs two seasons of history (${2 * m} days); it has ${y.length}`);
  const means = Array.from({ length: seasons }, (_, j) => mean(y.slice(j * m, (j + 1) * m)));
  const trend = (means[seasons - 1]! - means[0]!) / ((seasons - 1) * m);
  const middle = (m - 1) / 2;
  const raw = Array.from({ length: m }, (_, phase) =>
    mean(Array.from({ length: seasons }, (_, j) => y[j * m + phase]! - (means[j]! + (phase - middle) * trend))),
  );
  const centre = mean(raw);
  return { level: means[0]! - (middle + 1) * trend, trend, season: raw.map((s) => s - centre) };
}

/** Runs the recursion over the history: the one-step errors and the state after the last day. */
export function runHoltWinters(
  y: readonly number[],
  parameters: HoltWintersParameters,
  initial: HoltWintersState,
): { residuals: number[]; state: HoltWintersState; sse: number } {
  const { alpha, beta, gamma } = parameters;
  const m = initial.season.length;
  let level = initial.level;
  let trend = initial.trend;
  const season = initial.season.slice();
  const residuals: number[] = new Array<number>(y.length);
  let sse = 0;
  for (let t = 0; t < y.length; t += 1) {
    const phase = t % m;
    const error = y[t]! - (level + trend + season[phase]!);
    residuals[t] = error;
    sse += error * error;
    level = level + trend + alpha * error;
    trend = trend + beta * error;
    season[phase] = season[phase]! + gamma * error;
  }
  return { residuals, state: { level, trend, season }, sse };
}

const logistic = (u: number) => 1 / (1 + Math.exp(-u));
const logit = (p: number) => Math.log(p / (1 - p));
const EDGE = 1e-4;
const inside = (p: number) => EDGE + (1 - 2 * EDGE) * p;

/** Unbounded search coordinates → parameters in the admissible region (β ≤ α, γ ≤ 1 − α). */
function parametersAt(u: readonly number[]): HoltWintersParameters {
  const alpha = inside(logistic(u[0]!));
  return { alpha, beta: alpha * inside(logistic(u[1]!)), gamma: (1 - alpha) * inside(logistic(u[2]!)) };
}

/** Starting points of the search: low, middling and quick smoothing (the best answer wins). */
const STARTS: readonly HoltWintersParameters[] = [
  { alpha: 0.1, beta: 0.01, gamma: 0.05 },
  { alpha: 0.3, beta: 0.03, gamma: 0.1 },
  { alpha: 0.6, beta: 0.06, gamma: 0.2 },
];
const coordinatesOf = (p: HoltWintersParameters) => [logit(p.alpha), logit(p.beta / p.alpha), logit(p.gamma / (1 - p.alpha))];

/** Fits α, β, γ to the history (at least two seasons) by least squares of the one-step errors. */
export function fitHoltWinters(y: readonly number[], m = 7, parameters?: HoltWintersParameters): HoltWintersFit {
  const initial = initialHoltWintersState(y, m);
  let chosen = parameters;
  if (!chosen) {
    const objective = (u: readonly number[]) => runHoltWinters(y, parametersAt(u), initial).sse;
    const best = STARTS.map((start) => nelderMead(objective, coordinatesOf(start), { step: 1, maxEvaluations: 300 })).reduce((a, b) =>
      b.value < a.value ? b : a,
    );
    chosen = parametersAt(best.point);
  }
  const run = runHoltWinters(y, chosen, initial);
  const degreesOfFreedom = Math.max(1, y.length - 3);
  return {
    parameters: chosen,
    period: m,
    state: run.state,
    initial,
    residuals: run.residuals,
    sigma: Math.sqrt(run.sse / degreesOfFreedom),
    length: y.length,
  };
}

/** The raw (possibly negative) point forecasts for days n+1 … n+horizon. */
export function holtWintersMeans(fit: HoltWintersFit, horizon: number): number[] {
  const { level, trend, season } = fit.state;
  const m = fit.period;
  return Array.from({ length: horizon }, (_, i) => level + (i + 1) * trend + season[(fit.length + i) % m]!);
}

/** Point forecasts and 80 % intervals for days n+1 … n+horizon, cut at zero. */
export function holtWintersForecast(fit: HoltWintersFit, horizon: number): ForecastPoint[] {
  const { alpha, beta, gamma } = fit.parameters;
  const means = holtWintersMeans(fit, horizon);
  let spread = 1;
  return means.map((value, i) => {
    const h = i + 1;
    if (h > 1) {
      const j = h - 1;
      const c = alpha + j * beta + (j % fit.period === 0 ? gamma : 0);
      spread += c * c;
    }
    const half = Z_80 * fit.sigma * Math.sqrt(spread);
    return nonNegativePoint(value, value - half, value + half);
  });
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
