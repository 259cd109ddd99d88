import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin } from '../../../testing/first-party-plugins.ts';
import { DATABASE_KINDS, INVENTORY, makeSupplier, makeVariant, PURCHASING, SALES, setSupplierItem, type Order } from './support.ts';

const REPORTS = firstPartyPlugin('reports');

type Suggestion = {
  variantId: string;
  basis: 'reorder-point' | 'forecast' | 'velocity';
  forecastMethod: string | null;
  available: number;
  sold: number;
  shortBy: number;
  packs: number;
  quantity: number;
  target: number;
};

const DAY_MS = 86_400_000;
const utcDay = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

describe.each(DATABASE_KINDS)('reorder suggestions with forecast@1 (reports) on %s', (db) => {
  let kit: TestKernel;
  let till: { token: string };
  beforeAll(async () => {
    // reports provides forecast@1; purchasing names it in optionalRequires. The test tenant is in UTC.
    kit = await createTestKernel({ plugins: [INVENTORY, SALES, REPORTS, PURCHASING], db });
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    await kit.request('POST', '/api/v1/core-sales/shifts', { token: till.token, body: { openingFloat: 0 } });
  });
  afterAll(async () => kit?.close());

  const suggestions = async (token?: string) =>
    (
      await kit.request<{ items: Suggestion[] }>('GET', `/api/v1/purchasing/reorder-suggestions?locationId=${kit.tenant.locationId}`, {
        ...(token ? { token } : {}),
      })
    ).body.items;
  const stockAndSell = async (variantId: string, stocked: number, sold: number) => {
    await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity: stocked }] },
    });
    const sale = await kit.request('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId, quantity: sold }], tenders: [{ method: 'cash', amount: sold * 500 }] },
    });
    expect(sale.status).toBe(201);
  };
  /** 84 days of sales history up to yesterday in reports' rollup, growing from ~2 to ~6 a day with a Saturday peak. */
  const seedGrowingHistory = (variantId: string) =>
    kit.kernel.db.query(
      `insert into reports.variant_hours (tenant_id, location_id, variant_id, hour, quantity)
       select $1, $2, $3, (day + time '12:00') at time zone 'UTC',
              round(2 + (84 - d) * 0.05 + case when extract(isodow from day) = 6 then 3 else 0 end)
         from generate_series(1, 84) as d, lateral (select (now() at time zone 'UTC')::date - d as day) as days`,
      [kit.tenant.id, kit.tenant.locationId, variantId],
    );

  it('order what the forecast expects over lead time and cover days, and velocity once reports is disabled', async () => {
    const beans = await makeVariant(kit, 'Espresso Beans');
    const supplier = await makeSupplier(kit, { name: 'Roastery', leadTimeDays: 7 });
    await setSupplierItem(kit, supplier.id, beans.id, { packSize: 5, cost: 1200 });
    await stockAndSell(beans.id, 60, 56); // 4 left; 56 sold in the 28-day window: velocity says 2 a day
    await seedGrowingHistory(beans.id);

    // What reports forecasts for the 7 days of lead time and the 7 + 14 cover days from tomorrow.
    const report = await kit.request<{ method: string; forecast: Array<{ day: string; quantity: number }> }>(
      'GET',
      `/api/v1/reports/forecast?variantId=${beans.id}&locationId=${kit.tenant.locationId}&days=21`,
    );
    expect(report.status).toBe(200);
    expect(report.body.forecast[0]!.day).toBe(utcDay(1));
    const units = (days: number) => report.body.forecast.slice(0, days).reduce((sum, d) => sum + d.quantity, 0);
    const target = Math.ceil(units(21));
    expect(Math.ceil(units(7))).toBeGreaterThanOrEqual(4); // 4 in stock do not last the lead time
    const packs = Math.ceil((target - 4) / 5);

    const byForecast = (await suggestions()).find((s) => s.variantId === beans.id);
    expect(byForecast).toMatchObject({
      basis: 'forecast',
      forecastMethod: report.body.method,
      available: 4,
      sold: 56,
      target,
      shortBy: target - 4,
      packs,
      quantity: packs * 5,
    });
    // Velocity (2 a day → up to 42: 8 packs) would have under-ordered for a product selling ~6 a day now.
    expect(byForecast!.packs).toBeGreaterThan(8);

    // A draft takes the forecast's quantity.
    const drafted = await kit.request<{ items: Order[] }>('POST', '/api/v1/purchasing/reorder-suggestions/drafts', {
      body: { locationId: kit.tenant.locationId },
    });
    expect(drafted.status).toBe(201);
    const draft = drafted.body.items.find((o) => o.lines.some((l) => l.variantId === beans.id));
    expect(draft?.lines).toMatchObject([{ variantId: beans.id, packs, orderedQuantity: packs * 5 }]);
    expect((await kit.request('POST', `/api/v1/purchasing/purchase-orders/${draft!.id}/cancel`)).status).toBe(200);

    // Reports disabled for the tenant: no forecast@1 — the same variant falls back to velocity.
    expect((await kit.request('POST', '/api/v1/plugins/reports/disable')).status).toBe(200);
    const byVelocity = (await suggestions()).find((s) => s.variantId === beans.id);
    expect(byVelocity).toMatchObject({
      basis: 'velocity',
      forecastMethod: null,
      available: 4,
      sold: 56,
      target: 42,
      packs: 8,
      quantity: 40,
    });

    // Enabled again, the forecast is back.
    expect((await kit.request('POST', '/api/v1/plugins/reports/enable')).status).toBe(200);
    expect((await suggestions()).find((s) => s.variantId === beans.id)).toMatchObject({ basis: 'forecast', packs });
  });

  it('uses velocity for a variant the forecast has too little history of, and the reorder point where one is set', async () => {
    const tea = await makeVariant(kit, 'Green Tea');
    const milk = await makeVariant(kit, 'Oat Milk 1L');
    const supplier = await makeSupplier(kit, { name: 'Tea House', leadTimeDays: 7 });
    await setSupplierItem(kit, supplier.id, tea.id, { packSize: 1, cost: 300 });
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 1, cost: 100 });
    await stockAndSell(tea.id, 30, 28); // no history in reports beyond today: left out by forecast@1
    await stockAndSell(milk.id, 10, 8);
    await seedGrowingHistory(milk.id);
    await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: kit.tenant.locationId, variantId: milk.id, reorderPoint: 3, reorderMax: 12 },
    });
    const found = await suggestions();
    // 28 sold in 28 days = 1 a day; 2 left ≤ 7 → up to 21: 19 short.
    expect(found.find((s) => s.variantId === tea.id)).toMatchObject({ basis: 'velocity', forecastMethod: null, quantity: 19 });
    // 2 left ≤ 3 → up to 12, whatever the forecast says.
    expect(found.find((s) => s.variantId === milk.id)).toMatchObject({ basis: 'reorder-point', forecastMethod: null, quantity: 10 });
  });
});
