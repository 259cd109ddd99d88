import { badRequest, FORECAST_MAX_DAYS, type DemandForecast, type ForecastService, type TenantTransaction } from '@kits/plugin-sdk';
import { historyWindow, itemKey, readDemandHistory, type DemandItem } from './demand-history.ts';
import { fitDemandModel, MIN_HISTORY_DAYS } from './demand-model.ts';

/**
 * forecast@1 as reports provides it: each item's daily history from the rollups, a model fitted
 * to it, its expected units for the `days` from tomorrow. The model's first day ahead is today
 * (the history ends yesterday), so `daily` starts at its second.
 */
export function forecastService(tx: TenantTransaction, now: () => Date = () => new Date()): ForecastService {
  return {
    async demand(items, days) {
      if (!Number.isInteger(days) || days < 1 || days > FORECAST_MAX_DAYS)
        throw badRequest(
          'reports.forecast_days_out_of_range',
          `A forecast covers 1 to ${FORECAST_MAX_DAYS} days (a whole number); ${days} was asked for.`,
        );
      const unique = [
        ...new Map(items.map((item) => [itemKey(item), { variantId: item.variantId, locationId: item.locationId }])).values(),
      ];
      const { timezone } = await tx.directory.tenant();
      const histories = await readDemandHistory(tx, unique, historyWindow(now(), timezone));
      const forecasts: DemandForecast[] = [];
      for (const item of unique) {
        const history = histories.get(itemKey(item));
        if (!history || history.quantities.length < MIN_HISTORY_DAYS) continue;
        forecasts.push(demandFrom(item, fitDemandModel(history.quantities), days));
      }
      return forecasts;
    },
  };
}

function demandFrom(item: DemandItem, model: ReturnType<typeof fitDemandModel>, days: number): DemandForecast {
  const daily = model
    .forecast(days + 1)
    .slice(1)
    .map((point) => point.mean);
  return {
    variantId: item.variantId,
    locationId: item.locationId,
    method: model.method,
    days,
    daily,
    total: daily.reduce((sum, units) => sum + units, 0),
  };
}
