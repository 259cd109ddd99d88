/**
 * Nelder–Mead downhill simplex (Nelder & Mead 1965, with the standard coefficients: reflection 1,
 * expansion 2, contraction ½, shrink ½): the minimum of a function of a few unbounded parameters
 * without derivatives. Deterministic — the same start gives the same answer — so a forecast is
 * reproducible.
 */
export interface Minimum {
  readonly point: readonly number[];
  readonly value: number;
  readonly evaluations: number;
}

export interface NelderMeadOptions {
  /** Size of the first simplex's steps along each axis. */
  readonly step?: number;
  readonly maxEvaluations?: number;
  /** Stops when the simplex's values differ by less than this. */
  readonly tolerance?: number;
}

export function nelderMead(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): Minimum {
  const { step = 0.5, maxEvaluations = 400, tolerance = 1e-10 } = options;
  const dimensions = start.length;
  let evaluations = 0;
  const evaluate = (point: number[]) => {
    evaluations += 1;
    const value = objective(point);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  let simplex = [start.slice(), ...start.map((_, axis) => start.map((x, i) => (i === axis ? x + step : x)))].map((point) => ({
    point,
    value: evaluate(point),
  }));
  const combine = (a: readonly number[], b: readonly number[], t: number) => a.map((x, i) => x + t * (b[i]! - x));

  while (evaluations < maxEvaluations) {
    simplex.sort((p, q) => p.value - q.value);
    const best = simplex[0]!;
    const worst = simplex[dimensions]!;
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + tolerance)) break;
    const centroid = Array.from(
      { length: dimensions },
      (_, i) => simplex.slice(0, dimensions).reduce((sum, p) => sum + p.point[i]!, 0) / dimensions,
    );
    const reflected = combine(centroid, worst.point, -1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < best.value) {
      const expanded = combine(centroid, worst.point, -2);
      const expandedValue = evaluate(expanded);
      simplex[dimensions] =
        expandedValue < reflectedValue ? { point: expanded, value: expandedValue } : { point: reflected, value: reflectedValue };
      continue;
    }
    if (reflectedValue < simplex[dimensions - 1]!.value) {
      simplex[dimensions] = { point: reflected, value: reflectedValue };
      continue;
    }
    const outside = reflectedValue < worst.value;
    const contracted = outside ? combine(centroid, reflected, 0.5) : combine(centroid, worst.point, 0.5);
    const contractedValue = evaluate(contracted);
    if (contractedValue < Math.min(reflectedValue, worst.value)) {
      simplex[dimensions] = { point: contracted, value: contractedValue };
      continue;
    }
    simplex = simplex.map((p, i) => {
      if (i === 0) return p;
      const point = combine(best.point, p.point, 0.5);
      return { point, value: evaluate(point) };
    });
  }
  simplex.sort((p, q) => p.value - q.value);
  return { point: simplex[0]!.point, value: simplex[0]!.value, evaluations };
}
