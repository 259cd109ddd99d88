import { randomUUID } from 'node:crypto';
import type { TestKernel } from '@kits/kernel/test-kit';
import type { DemandForecast } from '@kits/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastReport } from '../../src/shared/report-types.ts';
import { intermittentSeries, seasonalSeries } from './generated-series.ts';
import { DATABASE_KINDS, daysEndingOn, FORECAST_PROBE, reportsKit, seedVariantDays, yesterday } from './support.ts';

describe.each(DATABASE_KINDS)('forecast@1 for other plugins on %s', (db) => {
  let kit: TestKernel;
  const seasonal = randomUUID();
  const sparse = randomUUID();
  const recent = randomUUID();
  const neverSold = randomUUID();

  beforeAll(async () => {
    kit = await reportsKit(db, [FORECAST_PROBE]);
    const last = await yesterday(kit);
    const at = kit.tenant.locationId;
    await seedVariantDays(
      kit,
      { variantId: seasonal, locationId: at },
      daysEndingOn(last, seasonalSeries({ level: 12, trend: 0.01, weekly: [-2, -1, -1, 0, 1, 4, -1], noise: 0.5 }, 90, 3)),
    );
    await seedVariantDays(kit, { variantId: sparse, locationId: at }, daysEndingOn(last, intermittentSeries(120, 0.25, 2, 4)));
    await seedVariantDays(kit, { variantId: recent, locationId: at }, daysEndingOn(last, [1, 2, 3, 2, 1]));
  });
  afterAll(async () => kit?.close());

  const demand = (items: Array<{ variantId: string; locationId: string }>, days: number) =>
    kit.request<{ available: boolean; items: DemandForecast[]; code?: string }>('POST', '/api/v1/forecast-probe/demand', {
      body: { items, days },
    });

  it('forecasts each item with enough history, from tomorrow, the same as the report; leaves the rest out', async () => {
    const at = kit.tenant.locationId;
    const answer = await demand(
      [
        { variantId: seasonal, locationId: at },
        { variantId: recent, locationId: at },
        { variantId: sparse, locationId: at },
        { variantId: neverSold, locationId: at },
        { variantId: seasonal, locationId: at },
      ],
      21,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.available).toBe(true);
    expect(answer.body.items.map((f) => [f.variantId, f.method, f.days, f.daily.length])).toEqual([
      [seasonal, 'holt-winters-additive', 21, 21],
      [sparse, 'croston-sba', 21, 21],
    ]);
    for (const forecast of answer.body.items) {
      expect(forecast.locationId).toBe(at);
      expect(forecast.daily.every((units) => units >= 0)).toBe(true);
      expect(forecast.total).toBeCloseTo(
        forecast.daily.reduce((a, b) => a + b, 0),
        9,
      );
    }
    // The same numbers the office's forecast page shows for those days.
    const report = await kit.request<ForecastReport>('GET', `/api/v1/reports/forecast?variantId=${seasonal}&locationId=${at}&days=21`);
    expect(answer.body.items[0]!.daily).toEqual(report.body.forecast.map((d) => d.quantity));
  });

  it('refuses a horizon outside 1 to 730 days with a 400 that names the range', async () => {
    for (const days of [0, 731, 2.5]) {
      const refused = await demand([{ variantId: seasonal, locationId: kit.tenant.locationId }], days);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('reports.forecast_days_out_of_range');
    }
    expect((await demand([], 7)).body).toEqual({ available: true, items: [] });
  });

  it('is not offered once reports is disabled for the tenant', async () => {
    const tenant = await kit.createTenant();
    expect((await kit.request('POST', '/api/v1/plugins/reports/disable', { token: tenant.admin.token })).status).toBe(200);
    const answer = await kit.request<{ available: boolean }>('POST', '/api/v1/forecast-probe/demand', {
      token: tenant.admin.token,
      body: { items: [{ variantId: seasonal, locationId: tenant.locationId }], days: 7 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.available).toBe(false);
  });
});
