/**
 * forecast@1 — demand forecasts per variant and location from its sales history (the reports
 * plugin provides it), for replenishment: purchasing's reorder suggestions use it when a plugin
 * providing it is enabled for the tenant, and sales velocity when none is. Quantities are units
 * in the item's smallest unit per local day of the tenant; forecasts are fractional (a rate).
 */

/** The most days one `demand` call forecasts ahead. */
export const FORECAST_MAX_DAYS = 730;

export interface DemandForecast {
  readonly variantId: string;
  readonly locationId: string;
  /** The named method that made it (`holt-winters-additive`, `croston-sba`, …). */
  readonly method: string;
  /** How many days it covers: `daily.length`. */
  readonly days: number;
  /** Expected units per day, from tomorrow (the tenant's local day), fractional, never negative. */
  readonly daily: readonly number[];
  /** The sum of `daily`. */
  readonly total: number;
}

export interface ForecastService {
  /**
   * The expected demand of each variant at its location over the next `days` days (1 to
   * FORECAST_MAX_DAYS; a `DomainError` 400 otherwise). Items without enough sales history to
   * forecast are left out: the caller does without (velocity, a reorder point).
   */
  demand(items: readonly { readonly variantId: string; readonly locationId: string }[], days: number): Promise<DemandForecast[]>;
}

declare module './capabilities.ts' {
  interface CapabilityMap {
    'forecast@1': ForecastService;
  }
}
