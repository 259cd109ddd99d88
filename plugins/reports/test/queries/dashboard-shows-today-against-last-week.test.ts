import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import type { DashboardReport } from '../../src/shared/report-types.ts';
import { addLocation, DATABASE_KINDS, queriesKit, seedRollup, setTimezone } from './support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The tenant is on UTC: today starts at UTC midnight. Rows go in today's first hour, which is always before now. */
const todayStart = () => Math.floor(Date.now() / DAY) * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(DATABASE_KINDS)('the dashboard on %s', (db) => {
  let kit: TestKernel;
  let harbour: string;
  let oat: { variantId: string; sku: string };
  let rye: { variantId: string; sku: string };
  let lastSale: string;
  const tillA = '00000000-0000-7000-8000-0000000000a1';
  const tillB = '00000000-0000-7000-8000-0000000000b2';

  beforeAll(async () => {
    kit = await queriesKit(db);
    harbour = await addLocation(kit, 'Harbour Street');
    oat = await shelveVariant(kit, { name: 'Oat Milk', price: 625 });
    rye = await shelveVariant(kit, { name: 'Rye Bread', price: 500 });
    const store = kit.tenant.locationId;
    const today = iso(todayStart());
    const weekAgo = iso(todayStart() - 7 * DAY);
    const weekAgoLater = iso(Math.floor((Date.now() - 7 * DAY + 2 * HOUR) / HOUR) * HOUR); // after "this time last week"
    const eightDaysAgo = iso(todayStart() - 8 * DAY);
    const basket = (hour: string, deviceId: string, sums: Record<string, number>, basis = 'happened', locationId = store) => ({
      basis,
      location_id: locationId,
      device_id: deviceId,
      cashier_id: 'ann',
      hour,
      ...sums,
    });
    await seedRollup(kit, 'basket_hours', [
      basket(today, tillA, { sales: 3, items: 5, gross: 3_300, discount: 300, net: 3_000, tax: 600, total: 3_600 }),
      basket(today, tillB, { sales: 1, items: 1, gross: 500, net: 500, tax: 100, total: 600, refunds: 1, refunded_total: 120 }),
      basket(today, tillA, { sales: 2, late_sales: 1 }, 'arrived'),
      basket(today, tillA, { sales: 9, net: 90_000 }, 'happened', harbour),
      basket(weekAgo, tillA, { sales: 2, items: 2, gross: 1_000, net: 1_000, tax: 200, total: 1_200 }),
      basket(weekAgo, tillA, { sales: 7, late_sales: 5 }, 'arrived'),
      basket(weekAgoLater, tillA, { sales: 50, net: 50_000 }),
      basket(eightDaysAgo, tillA, { sales: 60, net: 60_000 }),
    ]);
    await seedRollup(kit, 'variant_hours', [
      {
        location_id: store,
        variant_id: oat.variantId,
        hour: today,
        quantity: 4,
        gross: 2_800,
        discount: 300,
        net: 2_500,
        tax: 500,
        cost: 1_000,
      },
      {
        location_id: store,
        variant_id: rye.variantId,
        hour: today,
        quantity: 2,
        gross: 1_000,
        net: 1_000,
        tax: 200,
        cost: 600,
        refunded_quantity: 1,
        refunded_net: 100,
        refunded_tax: 20,
        refunded_cost: 60,
      },
      { location_id: store, variant_id: oat.variantId, hour: weekAgo, quantity: 2, gross: 1_000, net: 1_000, tax: 200, cost: 400 },
      { location_id: harbour, variant_id: rye.variantId, hour: today, quantity: 90, net: 90_000 },
    ]);
    await seedRollup(kit, 'tender_hours', [
      { location_id: store, method: 'cash', hour: today, count: 2, amount: 1_800 },
      { location_id: store, method: 'card', hour: today, count: 2, amount: 2_400 },
      { location_id: store, method: 'card', hour: weekAgo, count: 2, amount: 1_200 },
    ]);
    lastSale = iso(Date.now() - 5 * 60_000);
    await seedRollup(kit, 'last_sales', [
      { location_id: store, variant_id: oat.variantId, last_sale_at: lastSale },
      { location_id: store, variant_id: rye.variantId, last_sale_at: weekAgo },
    ]);
  });
  afterAll(async () => kit?.close());

  const dashboard = async (query = `?locationId=${kit.tenant.locationId}`): Promise<DashboardReport> => {
    const answer = await kit.request<DashboardReport>('GET', `/api/v1/reports/dashboard${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  it('today so far: the baskets’ figures, with margin from the goods', async () => {
    const report = await dashboard();

    expect(report.today).toEqual({
      sales: 4,
      items: 6,
      gross: 3_800,
      discount: 300,
      net: 3_500,
      tax: 700,
      total: 4_200,
      refunds: 1,
      refundedTotal: 120,
      cost: 1_600,
      margin: 1_860, // 3500 − 1600 − (100 − 60)
      marginBasisPoints: 5_314,
      basketSize: 875,
      itemsPerBasket: 1.5,
    });
    const today = iso(todayStart()).slice(0, 10);
    expect(report.meta).toMatchObject({ from: today, to: today, timezone: 'UTC', locationIds: [kit.tenant.locationId] });
  });

  it('the same time last week: that day up to this hour, not later', async () => {
    const report = await dashboard();

    expect(report.sameTimeLastWeek).toMatchObject({ sales: 2, items: 2, net: 1_000, cost: 400, margin: 600, basketSize: 500 });
  });

  it('every hour from midnight to now, the first with today’s sales and the rest empty', async () => {
    const report = await dashboard();
    const hoursSoFar = Math.floor((Date.now() - todayStart()) / HOUR) + 1;

    expect(report.hours.length).toBeGreaterThanOrEqual(hoursSoFar - 1);
    expect(report.hours.length).toBeLessThanOrEqual(hoursSoFar);
    expect(report.hours[0]).toEqual({ hour: `${iso(todayStart()).slice(0, 10)}T00:00`, net: 3_500, sales: 4 });
    expect(report.hours.slice(1).every((hour) => hour.net === 0 && hour.sales === 0)).toBe(true);
  });

  it('best sellers by net, tenders by amount, late arrivals today and the newest sale', async () => {
    const report = await dashboard();

    expect(report.topProducts).toEqual([
      { variantId: oat.variantId, label: `Oat Milk (${oat.sku})`, quantity: 4, net: 2_500 },
      { variantId: rye.variantId, label: `Rye Bread (${rye.sku})`, quantity: 2, net: 1_000 },
    ]);
    expect(report.tenders).toEqual([
      { method: 'card', amount: 2_400, count: 2 },
      { method: 'cash', amount: 1_800, count: 2 },
    ]);
    expect(report.lateArrivals).toBe(1);
    expect(report.lastSaleAt).toBe(lastSale);
  });

  it('without a location: every location the caller may see, together', async () => {
    const report = await dashboard('');

    expect(report.meta.locationIds.sort()).toEqual([kit.tenant.locationId, harbour].sort());
    expect(report.today).toMatchObject({ sales: 13, net: 93_500 });
    expect(report.topProducts[0]).toMatchObject({ variantId: rye.variantId, quantity: 92, net: 91_000 });
  });

  it('today is the shop’s local day', async () => {
    const other = await kit.createTenant();
    await setTimezone(kit, 'Pacific/Kiritimati', other);

    const answer = await kit.request<DashboardReport>('GET', '/api/v1/reports/dashboard', { token: other.admin.token });

    const localToday = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Pacific/Kiritimati',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date());
    expect(answer.status).toBe(200);
    expect(answer.body.meta).toMatchObject({ from: localToday, to: localToday, timezone: 'Pacific/Kiritimati' });
    expect(answer.body.hours[0]!.hour).toBe(`${localToday}T00:00`);
    expect(answer.body.today).toMatchObject({ sales: 0, net: 0, basketSize: null });
    expect(answer.body.lastSaleAt).toBeNull();
  });
});
