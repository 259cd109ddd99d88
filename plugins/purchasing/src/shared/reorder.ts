/**
 * How much to reorder of a variant at a location. The position is what is available plus what is
 * on order and not yet delivered.
 *
 * - With a reorder point: when the position is at or below it (and below the target), order up
 *   to the reorder maximum (or the reorder point when no maximum is set).
 * - Without one, from a demand forecast (forecast@1) when one is given: when the position would
 *   not last the supplier's lead time (position ≤ ⌈forecast units over the lead time⌉), order up
 *   to ⌈forecast units over lead time + cover days⌉.
 * - Otherwise from sales velocity: `sold` units over `windowDays` is the daily rate; when the
 *   position would not last the supplier's lead time (position ≤ ⌈rate × lead time⌉), order up to
 *   ⌈rate × (lead time + cover days)⌉.
 * The quantity is rounded up to whole packs of the supplier. Integers only (no floating point):
 * a forecast's fractional units are rounded up to whole units first.
 */
export interface ReorderInput {
  readonly available: number;
  readonly onOrder: number;
  readonly reorderPoint: number | null;
  readonly reorderMax: number | null;
  readonly sold: number;
  readonly windowDays: number;
  readonly leadTimeDays: number;
  readonly coverDays: number;
  readonly packSize: number;
  /** Expected units from tomorrow over the lead time, and over lead time + cover days (forecast@1), when forecast. */
  readonly forecast?: ForecastDemand | null;
}

export interface ForecastDemand {
  readonly leadTimeUnits: number;
  readonly targetUnits: number;
}

export interface ReorderSuggestion {
  readonly basis: 'reorder-point' | 'forecast' | 'velocity';
  /** Units the position falls short of the target. */
  readonly shortBy: number;
  readonly packs: number;
  /** packs × pack size: what would be ordered. */
  readonly quantity: number;
  readonly target: number;
}

const ceilDiv = (a: number, b: number) => Math.floor((a + b - 1) / b);
/** Fractional forecast units up to whole units (a hair over a whole number, float noise, stays that number). */
const wholeUnits = (units: number) => Math.max(0, Math.ceil(units - 1e-9));

export function suggestReorder(input: ReorderInput): ReorderSuggestion | undefined {
  const position = input.available + input.onOrder;
  let basis: ReorderSuggestion['basis'];
  let target: number;
  if (input.reorderPoint !== null) {
    target = input.reorderMax ?? input.reorderPoint;
    if (position > input.reorderPoint || position >= target) return undefined;
    basis = 'reorder-point';
  } else if (input.forecast) {
    const leadDemand = wholeUnits(input.forecast.leadTimeUnits);
    target = wholeUnits(input.forecast.targetUnits);
    if (target <= 0 || position > leadDemand || position >= target) return undefined;
    basis = 'forecast';
  } else {
    if (input.sold <= 0) return undefined;
    const leadDemand = ceilDiv(input.sold * input.leadTimeDays, input.windowDays);
    target = ceilDiv(input.sold * (input.leadTimeDays + input.coverDays), input.windowDays);
    if (position > leadDemand || position >= target) return undefined;
    basis = 'velocity';
  }
  const shortBy = target - position;
  const packs = ceilDiv(shortBy, input.packSize);
  return { basis, shortBy, packs, quantity: packs * input.packSize, target };
}
