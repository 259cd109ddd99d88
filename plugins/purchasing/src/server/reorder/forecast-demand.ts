import { FORECAST_MAX_DAYS, isDomainError, type ForecastService, type ServiceLocator } from '@kits/plugin-sdk';
import type { ForecastDemand } from '../../shared/reorder.ts';

/**
 * forecast@1 when a plugin providing it (reports) is enabled for the tenant; undefined when none
 * is — the manifest names it in `optionalRequires`, so suggestions then fall back to velocity.
 */
export function forecastCapability(services: ServiceLocator): ForecastService | undefined {
  try {
    return services.use('forecast@1');
  } catch (error) {
    if (isDomainError(error) && error.code === 'plugins.capability_missing') return undefined;
    throw error;
  }
}

export interface DemandNeed {
  readonly variantId: string;
  readonly locationId: string;
  readonly leadTimeDays: number;
}

export interface ForecastNeed extends ForecastDemand {
  readonly method: string;
}

/**
 * The forecast units over each item's lead time and over lead time + `coverDays`, from one
 * forecast@1 call covering the longest of them. Items the forecast leaves out (too little
 * history) are missing from the answer: their suggestions use velocity.
 */
export async function forecastNeeds(
  forecast: ForecastService,
  items: readonly DemandNeed[],
  coverDays: number,
): Promise<Map<string, ForecastNeed>> {
  const needs = new Map<string, ForecastNeed>();
  const days = Math.min(FORECAST_MAX_DAYS, Math.max(0, ...items.map((item) => item.leadTimeDays + coverDays)));
  if (items.length === 0 || days === 0) return needs;
  const leadTimes = new Map(items.map((item) => [needKey(item), item.leadTimeDays]));
  for (const demand of await forecast.demand(items, days)) {
    const key = needKey(demand);
    const leadTimeDays = leadTimes.get(key);
    if (leadTimeDays === undefined) continue;
    const sum = (n: number) => demand.daily.slice(0, n).reduce((total, units) => total + units, 0);
    needs.set(key, { method: demand.method, leadTimeUnits: sum(leadTimeDays), targetUnits: sum(leadTimeDays + coverDays) });
  }
  return needs;
}

export const needKey = (item: { variantId: string; locationId: string }) => `${item.variantId}@${item.locationId}`;
