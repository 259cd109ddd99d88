import type { OfficePluginContext } from '@kits/plugin-sdk/office';

/** What the forecast page shows, as its URL query holds it. */
export interface ForecastChoice {
  readonly variantId: string | undefined;
  /** The item's name as it was picked (the report answers figures only). */
  readonly item: string | undefined;
  readonly locationId: string | undefined;
  /** Days ahead (1–90; the report's default 28). */
  readonly days: number;
}

export const FORECAST_DAY_CHOICES = [7, 14, 28, 56, 90] as const;
export const DEFAULT_FORECAST_DAYS = 28;

export function readForecastChoice(query: URLSearchParams): ForecastChoice {
  const days = Number(query.get('days'));
  return {
    variantId: query.get('variantId') || undefined,
    item: query.get('item') || undefined,
    locationId: query.get('locationId') || undefined,
    days: Number.isInteger(days) && days >= 1 && days <= 90 ? days : DEFAULT_FORECAST_DAYS,
  };
}

export function forecastQuery(choice: ForecastChoice): URLSearchParams {
  const query = new URLSearchParams();
  if (choice.variantId) query.set('variantId', choice.variantId);
  if (choice.item) query.set('item', choice.item);
  if (choice.locationId) query.set('locationId', choice.locationId);
  query.set('days', String(choice.days));
  return query;
}

/** The office address of an item's forecast at a location (from a row of the inventory health report). */
export function forecastHref(context: OfficePluginContext, choice: Omit<ForecastChoice, 'days'>): string {
  return context.href(`forecast?${forecastQuery({ ...choice, days: DEFAULT_FORECAST_DAYS }).toString()}`);
}
