import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SalesReport } from '../../src/shared/report-types.ts';
import { salesReportOf, type SalesAnswer } from '../../src/shared/sales-answer.ts';
import { cutTenantDays } from '../days/support.ts';
import { clearRollups, DATABASE_KINDS, queriesKit, seedRollup, setTimezone } from './support.ts';

/**
 * Rollup hours are UTC; a report's days, hours, weeks and months are the shop's. Europe/Berlin
 * goes from CEST (+2) to CET (+1) at 03:00 on 2026-10-25 and back at 02:00 on 2026-03-29. Each
 * case runs twice: as the hours are (read from hour rollups until the job cuts the tenant's days),
 * and with the days cut first, so days, weeks and months are read from day rollups.
 */
const CASES = DATABASE_KINDS.flatMap(
  (db) =>
    [
      [db, 'hour rollups'],
      [db, 'day rollups'],
    ] as const,
);

describe.each(CASES)('sales buckets in the shop’s time zone on %s, from %s', (db, rollups) => {
  let kit: TestKernel;
  const cut = async (tenant = kit.tenant, timezone = 'Europe/Berlin') => {
    if (rollups === 'day rollups') await cutTenantDays(kit, tenant, timezone);
  };
  beforeAll(async () => {
    kit = await queriesKit(db);
    await setTimezone(kit, 'Europe/Berlin');
    await cut();
  });
  afterAll(async () => kit?.close());
  beforeEach(async () => clearRollups(kit));

  /** One basket of `net` at a UTC hour at the test store. */
  const basketAt = (hour: string, net: number) => ({
    basis: 'happened',
    location_id: kit.tenant.locationId,
    device_id: '00000000-0000-7000-8000-000000000001',
    cashier_id: 'cashier-1',
    hour,
    sales: 1,
    items: 1,
    gross: net,
    net,
    total: net,
  });

  const sales = async (query: string) => {
    const answer = await kit.request<SalesAnswer>('GET', `/api/v1/reports/sales?${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return salesReportOf(answer.body);
  };
  const netPerBucket = (report: SalesReport) => Object.fromEntries(report.rows.map((row) => [row.bucket, row.net]));

  it('a day is the local day: the night clocks go back has 25 hours, midnight in UTC is not a boundary', async () => {
    await seedRollup(kit, 'basket_hours', [
      basketAt('2026-10-24T21:00:00Z', 1), // 23:00 on the 24th
      basketAt('2026-10-24T22:00:00Z', 10), // 00:00 on the 25th (CEST)
      basketAt('2026-10-25T00:00:00Z', 100), // 02:00 CEST
      basketAt('2026-10-25T01:00:00Z', 1_000), // 02:00 CET, the hour again
      basketAt('2026-10-25T22:00:00Z', 10_000), // 23:00 CET, the day's 25th hour
      basketAt('2026-10-25T23:00:00Z', 100_000), // 00:00 on the 26th
    ]);

    const report = await sales('from=2026-10-24&to=2026-10-26&by=day');

    expect(netPerBucket(report)).toEqual({ '2026-10-24': 1, '2026-10-25': 11_110, '2026-10-26': 100_000 });
    expect(report.totals.net).toBe(111_111);
    expect(report.meta).toMatchObject({
      from: '2026-10-24',
      to: '2026-10-26',
      timezone: 'Europe/Berlin',
      by: 'day',
      group: 'none',
      basis: 'happened',
    });
  });

  it('by the hour, the two UTC hours that start at 02:00 on the night clocks go back share one local hour', async () => {
    await seedRollup(kit, 'basket_hours', [
      basketAt('2026-10-24T23:00:00Z', 5), // 01:00 CEST
      basketAt('2026-10-25T00:00:00Z', 100), // 02:00 CEST
      basketAt('2026-10-25T01:00:00Z', 1_000), // 02:00 CET
      basketAt('2026-10-25T02:00:00Z', 7), // 03:00 CET
    ]);

    const report = await sales('from=2026-10-25&to=2026-10-25&by=hour');

    expect(netPerBucket(report)).toEqual({ '2026-10-25T01:00': 5, '2026-10-25T02:00': 1_100, '2026-10-25T03:00': 7 });
    expect(report.rows.find((row) => row.bucket === '2026-10-25T02:00')).toMatchObject({ sales: 2, basketSize: 550 });
  });

  it('the night clocks go forward has 23 hours and no 02:00', async () => {
    await seedRollup(kit, 'basket_hours', [
      basketAt('2026-03-28T23:00:00Z', 1), // 00:00 CET on the 29th
      basketAt('2026-03-29T00:00:00Z', 10), // 01:00 CET
      basketAt('2026-03-29T01:00:00Z', 100), // 03:00 CEST
      basketAt('2026-03-29T21:00:00Z', 1_000), // 23:00 CEST
      basketAt('2026-03-29T22:00:00Z', 10_000), // 00:00 on the 30th
    ]);

    const byHour = await sales('from=2026-03-29&to=2026-03-29&by=hour');
    const byDay = await sales('from=2026-03-29&to=2026-03-30&by=day');

    expect(netPerBucket(byHour)).toEqual({
      '2026-03-29T00:00': 1,
      '2026-03-29T01:00': 10,
      '2026-03-29T03:00': 100,
      '2026-03-29T23:00': 1_000,
    });
    expect(netPerBucket(byDay)).toEqual({ '2026-03-29': 1_111, '2026-03-30': 10_000 });
  });

  it('weeks are ISO weeks from Monday, local: the last days of 2026 and the first of 2027 are week 53 of 2026', async () => {
    await seedRollup(kit, 'basket_hours', [
      basketAt('2026-12-27T22:00:00Z', 1), // Sunday 27th, 23:00 local: week 52
      basketAt('2026-12-27T23:00:00Z', 10), // Monday 28th, 00:00 local: week 53
      basketAt('2027-01-01T11:00:00Z', 100), // Friday 1 January: still week 53 of 2026
      basketAt('2027-01-03T22:00:00Z', 1_000), // Sunday 3rd, 23:00 local: week 53
      basketAt('2027-01-03T23:00:00Z', 10_000), // Monday 4th, 00:00 local: week 1 of 2027
    ]);

    const report = await sales('from=2026-12-21&to=2027-01-10&by=week');

    expect(netPerBucket(report)).toEqual({ '2026-W52': 1, '2026-W53': 1_110, '2027-W01': 10_000 });
  });

  it('months are local: the first hour of December in Berlin is the last of November in UTC', async () => {
    await seedRollup(kit, 'basket_hours', [
      basketAt('2026-11-30T22:00:00Z', 1), // 23:00 on 30 November
      basketAt('2026-11-30T23:00:00Z', 10), // 00:00 on 1 December
      basketAt('2026-12-31T22:00:00Z', 100), // 23:00 on 31 December
      basketAt('2026-12-31T23:00:00Z', 1_000), // 00:00 on 1 January
    ]);

    const report = await sales('from=2026-11-01&to=2027-01-31&by=month');

    expect(netPerBucket(report)).toEqual({ '2026-11': 1, '2026-12': 110, '2027-01': 1_000 });
  });

  it('hours outside the local dates asked for are left out, however close in UTC', async () => {
    await seedRollup(kit, 'basket_hours', [
      basketAt('2026-06-30T21:00:00Z', 1), // 23:00 on 30 June (CEST)
      basketAt('2026-06-30T22:00:00Z', 10), // 00:00 on 1 July
      basketAt('2026-07-01T21:00:00Z', 100), // 23:00 on 1 July
      basketAt('2026-07-01T22:00:00Z', 1_000), // 00:00 on 2 July
    ]);

    const report = await sales('from=2026-07-01&to=2026-07-01&by=day');

    expect(netPerBucket(report)).toEqual({ '2026-07-01': 110 });
    expect(report.totals).toMatchObject({ sales: 2, net: 110 });
  });

  it('in a zone half an hour off UTC, an hour is named by the local time it starts at', async () => {
    const other = await kit.createTenant();
    await setTimezone(kit, 'Asia/Kolkata', other);
    await cut(other, 'Asia/Kolkata');
    await seedRollup(kit, 'basket_hours', [{ ...basketAt('2026-12-01T03:00:00Z', 42), location_id: other.locationId }], other);

    const answer = await kit.request<SalesAnswer>('GET', '/api/v1/reports/sales?from=2026-12-01&to=2026-12-01&by=hour', {
      token: other.admin.token,
    });

    expect(answer.status).toBe(200);
    expect(netPerBucket(salesReportOf(answer.body))).toEqual({ '2026-12-01T08:30': 42 });
  });
});
