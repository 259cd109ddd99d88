import { randomUUID } from 'node:crypto';
import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastReport } from '../../src/shared/report-types.ts';
import { addDays } from '../../src/server/local-days.ts';
import { intermittentSeries, seasonalSeries } from './generated-series.ts';
import { DATABASE_KINDS, daysEndingOn, reportsKit, seedVariantDays, yesterday } from './support.ts';

interface Problem {
  code: string;
  detail: string;
  status: number;
}

/** A weekly pattern with its peak on the sixth day of each week of the series. */
const WEEKLY = [-3, -2, -1, 0, 1, 6, -1];

describe.each(DATABASE_KINDS)('GET /reports/forecast on %s', (db) => {
  let kit: TestKernel;
  let lastDay: string;
  const seasonal = randomUUID();
  const sparse = randomUUID();
  const recent = randomUUID();
  const seasonalHistory = seasonalSeries({ level: 20, trend: 0.02, weekly: WEEKLY, noise: 0.5 }, 140, 5);

  beforeAll(async () => {
    kit = await reportsKit(db);
    lastDay = await yesterday(kit);
    const at = kit.tenant.locationId;
    await seedVariantDays(kit, { variantId: seasonal, locationId: at }, daysEndingOn(lastDay, seasonalHistory));
    // Two refunds inside the history: net units are what sold less what came back.
    await seedVariantDays(kit, { variantId: seasonal, locationId: at }, [{ day: addDays(lastDay, -10), quantity: 0, refunded: 2 }], 15);
    await seedVariantDays(kit, { variantId: sparse, locationId: at }, daysEndingOn(lastDay, intermittentSeries(200, 0.2, 3, 9)));
    await seedVariantDays(kit, { variantId: recent, locationId: at }, daysEndingOn(lastDay, [3, 4, 2, 5, 6, 1, 2, 3, 4, 5]));
  });
  afterAll(async () => kit?.close());

  const forecast = <Body = ForecastReport>(query: string, token?: string) =>
    kit.request<Body>('GET', `/api/v1/reports/forecast?${query}`, token ? { token } : {});

  it('fits Holt-Winters to a seasonal variant: its history, 28 days from tomorrow with intervals, the held-out error', async () => {
    const answer = await forecast(`variantId=${seasonal}&locationId=${kit.tenant.locationId}`);
    expect(answer.status).toBe(200);
    const report = answer.body;
    expect(report.method).toBe('holt-winters-additive');
    expect(Object.keys(report.parameters).sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(report.intervalLevel).toBe(0.8);
    expect(report.meta).toMatchObject({
      from: addDays(lastDay, -139),
      to: lastDay,
      timezone: 'UTC',
      currency: 'EUR',
      locationIds: [kit.tenant.locationId],
      source: 'primary',
      lagSeconds: 0,
    });
    expect(Date.parse(report.meta.generatedAt)).not.toBeNaN();
    // The history is the seeded net units, day by day; the refund day is 2 lower.
    expect(report.history).toHaveLength(140);
    const seeded = daysEndingOn(lastDay, seasonalHistory);
    expect(report.history.map((d) => d.day)).toEqual(seeded.map((d) => d.day));
    expect(report.history.map((d) => d.quantity)).toEqual(
      seeded.map((d) => (d.day === addDays(lastDay, -10) ? d.quantity - 2 : d.quantity)),
    );
    // 28 days from tomorrow (today sits between history and forecast).
    expect(report.forecast.map((d) => d.day)).toEqual(Array.from({ length: 28 }, (_, i) => addDays(lastDay, i + 2)));
    for (const day of report.forecast) {
      expect(day.low).toBeGreaterThanOrEqual(0);
      expect(day.low).toBeLessThanOrEqual(day.quantity);
      expect(day.high).toBeGreaterThanOrEqual(day.quantity);
    }
    // The peak weekday of the history (series day 5 of each week) is the peak of each forecast week.
    const peakOffset = (5 - ((140 + 1) % 7) + 7) % 7; // forecast day i is series day 141 + i
    const week = report.forecast.slice(0, 7).map((d) => d.quantity);
    expect(week.indexOf(Math.max(...week))).toBe(peakOffset);
    // About the level the series ended at (20 + 0.02·139 ≈ 22.8, ±6 by weekday).
    const mean = report.forecast.reduce((sum, d) => sum + d.quantity, 0) / 28;
    expect(mean).toBeGreaterThan(21.5);
    expect(mean).toBeLessThan(24.5);
    expect(report.error).not.toBeNull();
    expect(report.error!.heldOutDays).toBe(28);
    expect(report.error!.mase).toBeLessThan(1);
    expect(report.error!.mape).toBeLessThan(10);
  });

  it('uses Croston-SBA for a variant that sells on few days, and never forecasts below zero', async () => {
    const answer = await forecast(`variantId=${sparse}&locationId=${kit.tenant.locationId}&days=90`);
    expect(answer.status).toBe(200);
    expect(answer.body.method).toBe('croston-sba');
    expect(answer.body.forecast).toHaveLength(90);
    const rate = answer.body.forecast[0]!.quantity;
    expect(rate).toBeGreaterThan(0);
    expect(answer.body.forecast.every((d) => d.quantity === rate && d.low >= 0 && d.high >= rate)).toBe(true);
  });

  it('answers CSV with format=csv: history then forecast, one row a day, named for the report and its range', async () => {
    const answer = await forecast<string>(`variantId=${seasonal}&locationId=${kit.tenant.locationId}&days=7&format=csv`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe(
      `attachment; filename="forecast-${addDays(lastDay, -139)}-to-${addDays(lastDay, 8)}.csv"`,
    );
    const rows = answer.body.trim().split('\r\n');
    expect(rows[0]).toBe('day,kind,quantity,low,high,method');
    expect(rows).toHaveLength(1 + 140 + 7);
    expect(rows[1]).toBe(`${addDays(lastDay, -139)},history,${Math.max(0, Math.round(seasonalHistory[0]!))},,,`);
    expect(rows.at(-1)).toMatch(new RegExp(`^${addDays(lastDay, 8)},forecast,[0-9.]+,[0-9.]+,[0-9.]+,holt-winters-additive$`));
  });

  it('groups hours into the tenant’s local days', async () => {
    const tenant = await kit.createTenant();
    await kit.kernel.db.query(`update kernel.tenants set timezone = 'America/New_York' where tenant_id = $1`, [tenant.id]);
    const variantId = randomUUID();
    const last = await yesterday(kit, tenant.id);
    const history = daysEndingOn(last, seasonalSeries({ level: 10, trend: 0, weekly: WEEKLY, noise: 0.5 }, 35, 2));
    const item = { variantId, locationId: tenant.locationId, tenantId: tenant.id };
    await seedVariantDays(kit, item, history);
    // 23:00 New York is 04:00 the next day in UTC: it belongs to the local day it happened on.
    await seedVariantDays(kit, item, [{ day: addDays(last, -3), quantity: 100 }], 23);
    const answer = await kit.request<ForecastReport>(
      'GET',
      `/api/v1/reports/forecast?variantId=${variantId}&locationId=${tenant.locationId}`,
      { token: tenant.admin.token },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.meta.timezone).toBe('America/New_York');
    expect(answer.body.meta.to).toBe(last);
    const day = (d: string) => answer.body.history.find((h) => h.day === d)!.quantity;
    const seeded = (d: string) => history.find((h) => h.day === d)!.quantity;
    expect(day(addDays(last, -3))).toBe(seeded(addDays(last, -3)) + 100);
    expect(day(addDays(last, -2))).toBe(seeded(addDays(last, -2)));
    // The other tenant sees none of it.
    expect((await forecast(`variantId=${variantId}&locationId=${tenant.locationId}`)).status).toBe(404);
  });

  it('refuses bad input with problem+json and changes nothing', async () => {
    const rowsBefore = await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from reports.variant_hours');
    const at = kit.tenant.locationId;
    for (const days of ['0', '91', '1.5', 'soon']) {
      const refused = await forecast<Problem>(`variantId=${seasonal}&locationId=${at}&days=${days}`);
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.code).toBe('request.invalid');
    }
    for (const query of [
      `variantId=not-a-uuid&locationId=${at}`,
      `variantId=${seasonal}`,
      `locationId=${at}`,
      `variantId=${seasonal}&locationId=${at}&format=xlsx`,
    ]) {
      const refused = await forecast<Problem>(query);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('request.invalid');
    }
    const nowhere = await forecast<Problem>(`variantId=${seasonal}&locationId=${randomUUID()}`);
    expect([nowhere.status, nowhere.body.code]).toEqual([404, 'reports.unknown_location']);
    const nothing = await forecast<Problem>(`variantId=${randomUUID()}&locationId=${at}`);
    expect([nothing.status, nothing.body.code]).toEqual([404, 'reports.unknown_variant']);
    const tooNew = await forecast<Problem & { historyDays: number; minHistoryDays: number }>(`variantId=${recent}&locationId=${at}`);
    expect(tooNew.status).toBe(422);
    expect(tooNew.body).toMatchObject({ code: 'reports.not_enough_history', historyDays: 10, minHistoryDays: 28 });
    expect(tooNew.body.detail).toMatch(/10 days of sales history.*28 days/);
    const rowsAfter = await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from reports.variant_hours');
    expect(rowsAfter).toEqual(rowsBefore);
  });

  it('needs reports:view at the location asked about', async () => {
    const other = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
      body: { name: 'Harbour Store', kind: 'store' },
    });
    expect(other.status).toBe(201);
    await seedVariantDays(kit, { variantId: seasonal, locationId: other.body.id }, daysEndingOn(lastDay, seasonalHistory));
    const viewer = await kit.signInTill({ locationId: other.body.id, permissions: ['reports:view'] });
    const cashier = await kit.signInTill({ permissions: [] });

    const elsewhere = await forecast<Problem>(`variantId=${seasonal}&locationId=${kit.tenant.locationId}`, viewer.token);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'auth.forbidden']);
    const own = await forecast(`variantId=${seasonal}&locationId=${other.body.id}`, viewer.token);
    expect(own.status).toBe(200);
    expect(own.body.history).toHaveLength(140);
    const none = await forecast<Problem>(`variantId=${seasonal}&locationId=${kit.tenant.locationId}`, cashier.token);
    expect([none.status, none.body.code]).toEqual([403, 'auth.forbidden']);
  });
});
