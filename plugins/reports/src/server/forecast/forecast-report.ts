import { notFound, unprocessable, type DataSource, type TenantTransaction } from '@kits/plugin-sdk';
import type { ForecastReport } from '../../shared/report-types.ts';
import { historyWindow, itemKey, readDemandHistory } from './demand-history.ts';
import { fitDemandModel, MIN_HISTORY_DAYS } from './demand-model.ts';
import { heldOutError } from './held-out-error.ts';
import { addDays } from '../local-days.ts';
import { INTERVAL_LEVEL } from './prediction-interval.ts';

export interface ForecastQuery {
  readonly variantId: string;
  readonly locationId: string;
  readonly days: number;
}

/**
 * The forecast report of one variant at one location: its daily history (a year at most, from
 * its first sale), the method fitted to it with its parameters, the next `days` days from
 * tomorrow with 80 % intervals, and the method's error on the last month held out.
 * 404 `reports.unknown_location` / `reports.unknown_variant` (not seen at that location);
 * 422 `reports.not_enough_history` below MIN_HISTORY_DAYS days since the first sale.
 */
export async function forecastReport(
  tx: TenantTransaction,
  query: ForecastQuery,
  now: Date,
  dataSource: DataSource,
): Promise<ForecastReport> {
  const [location] = await tx.directory.locations([query.locationId]);
  if (!location)
    throw notFound('reports.unknown_location', `There is no location ${query.locationId}: pick one of the tenant's locations.`, {
      errors: [{ field: 'querystring.locationId', message: 'is not a location of the tenant' }],
    });
  if (!(await variantIsKnown(tx, query.variantId, query.locationId)))
    throw notFound(
      'reports.unknown_variant',
      `Reports knows no variant ${query.variantId} at ${location.name}: it has neither sold nor had stock there. Check the variant and the location.`,
      { errors: [{ field: 'querystring.variantId', message: 'has no sales or stock at this location' }] },
    );
  const tenant = await tx.directory.tenant();
  const window = historyWindow(now, tenant.timezone);
  const item = { variantId: query.variantId, locationId: query.locationId };
  const history = (await readDemandHistory(tx, [item], window)).get(itemKey(item));
  const length = history?.quantities.length ?? 0;
  if (!history || length < MIN_HISTORY_DAYS)
    throw unprocessable(
      'reports.not_enough_history',
      `${location.name} has ${length === 0 ? 'no sales of this variant' : `${length} day${length === 1 ? '' : 's'} of sales history for this variant`} in the last year; a forecast needs ${MIN_HISTORY_DAYS} days from its first sale. Use its recent sales until then.`,
      { historyDays: length, minHistoryDays: MIN_HISTORY_DAYS },
    );

  const model = fitDemandModel(history.quantities);
  // The history ends yesterday; the model's first day ahead is today, which the forecast skips.
  const points = model.forecast(query.days + 1).slice(1);
  const forecast = points.map((point, i) => ({
    day: addDays(window.today, i + 1),
    quantity: point.mean,
    low: point.low,
    high: point.high,
  }));
  return {
    meta: {
      from: history.days[0]!,
      to: window.to,
      timezone: tenant.timezone,
      currency: tenant.currency,
      locationIds: [query.locationId],
      source: dataSource.source,
      lagSeconds: dataSource.lagSeconds,
      generatedAt: now.toISOString(),
    },
    method: model.method,
    parameters: model.parameters,
    intervalLevel: INTERVAL_LEVEL,
    history: history.days.map((day, i) => ({ day, quantity: history.quantities[i]! })),
    forecast,
    error: heldOutError(history.quantities),
  };
}

/**
 * Whether reports has seen the variant at the location: a stock position there (every variant
 * stocked or sold there has one) or a sale there (both lookups follow a primary key's leading columns).
 */
async function variantIsKnown(tx: TenantTransaction, variantId: string, locationId: string): Promise<boolean> {
  const [row] = await tx.query<{ known: boolean }>(
    `select exists (select 1 from reports.stock_positions where tenant_id = $1 and location_id = $3 and variant_id = $2)
         or exists (select 1 from reports.variant_hours where tenant_id = $1 and location_id = $3 and variant_id = $2) as known`,
    [tx.tenantId, variantId, locationId],
  );
  return row?.known === true;
}
