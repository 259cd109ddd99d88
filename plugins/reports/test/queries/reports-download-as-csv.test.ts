import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import { salesReportOf, type SalesAnswer } from '../../src/shared/sales-answer.ts';
import { DATABASE_KINDS, queriesKit, seedRollup } from './support.ts';

/** format=csv: the same rows as the JSON answer, money in major units, a file name naming report and range. */
describe.each(DATABASE_KINDS)('reports as CSV on %s', (db) => {
  let kit: TestKernel;
  let storeName: string;
  let till: string;
  let mug: { variantId: string; sku: string };

  beforeAll(async () => {
    kit = await queriesKit(db);
    storeName = (
      await kit.kernel.db.query<{ name: string }>('select name from kernel.locations where location_id = $1', [kit.tenant.locationId])
    )[0]!.name;
    till = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
        body: { name: 'Till "North", 1', locationId: kit.tenant.locationId },
      })
    ).body.id;
    mug = await shelveVariant(kit, { name: 'Mug, "Blue"', price: 1_250 });
    const store = kit.tenant.locationId;
    await seedRollup(kit, 'basket_hours', [
      {
        basis: 'happened',
        location_id: store,
        device_id: till,
        cashier_id: 'ann',
        hour: '2026-12-01T09:00:00Z',
        sales: 3,
        items: 4,
        gross: 5_100,
        discount: 100,
        net: 5_000,
        tax: 1_000,
        total: 6_000,
        refunds: 1,
        refunded_total: 1_250,
      },
      {
        basis: 'happened',
        location_id: store,
        device_id: till,
        cashier_id: 'ann',
        hour: '2026-11-30T09:00:00Z',
        sales: 1,
        items: 1,
        gross: 999,
        net: 999,
        tax: 200,
        total: 1_199,
      },
    ]);
    await seedRollup(kit, 'variant_hours', [
      {
        location_id: store,
        variant_id: mug.variantId,
        hour: '2026-12-01T09:00:00Z',
        quantity: 4,
        gross: 5_100,
        discount: 100,
        net: 5_000,
        tax: 1_000,
        cost: 2_001,
        refunded_quantity: 1,
        refunded_net: 1_042,
        refunded_tax: 208,
        refunded_cost: 500,
      },
    ]);
  });
  afterAll(async () => kit?.close());

  it('sales by day: header row, one row per bucket, money as decimals, empty cells for what the grouping cannot say', async () => {
    const answer = await kit.request<string>('GET', '/api/v1/reports/sales?from=2026-12-01&to=2026-12-01&format=csv');

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe('attachment; filename="sales-by-day-2026-12-01-to-2026-12-01.csv"');
    expect(answer.body).toBe(
      'bucket,key,label,sales,items,gross,discount,net,tax,total,refunds,refundedTotal,cost,margin,marginBasisPoints,basketSize,itemsPerBasket\n' +
        // margin = 5000 − 2001 − (1042 − 500) = 2457; 2457 / 5000 = 4914 bp; 5000 / 3 = 1667; 4 / 3 = 1.33
        '2026-12-01,,,3,4,51.00,1.00,50.00,10.00,60.00,1,12.50,20.01,24.57,4914,16.67,1.33\n',
    );
  });

  it('grouped and compared: a period column, labels quoted where they hold commas or quotes, cost left empty per till', async () => {
    const answer = await kit.request<string>(
      'GET',
      '/api/v1/reports/sales?from=2026-12-01&to=2026-12-01&group=till&compare=previous&format=csv',
    );

    expect(answer.headers['content-disposition']).toBe('attachment; filename="sales-by-day-per-till-2026-12-01-to-2026-12-01.csv"');
    expect(answer.body).toBe(
      'period,bucket,key,label,sales,items,gross,discount,net,tax,total,refunds,refundedTotal,cost,margin,marginBasisPoints,basketSize,itemsPerBasket\n' +
        `current,2026-12-01,${till},"Till ""North"", 1",3,4,51.00,1.00,50.00,10.00,60.00,1,12.50,,,,16.67,1.33\n` +
        `previous,2026-11-30,${till},"Till ""North"", 1",1,1,9.99,0.00,9.99,2.00,11.99,0,0.00,,,,9.99,1\n`,
    );
  });

  it('the same query as JSON has the same figures', async () => {
    const answer = await kit.request<SalesAnswer>('GET', '/api/v1/reports/sales?from=2026-12-01&to=2026-12-01');

    expect(salesReportOf(answer.body).rows).toEqual([
      expect.objectContaining({
        bucket: '2026-12-01',
        sales: 3,
        gross: 5_100,
        net: 5_000,
        cost: 2_001,
        margin: 2_457,
        marginBasisPoints: 4_914,
        basketSize: 1_667,
      }),
    ]);
  });

  it('inventory health: every item with its location, money as decimals', async () => {
    const jug = await shelveVariant(kit, { name: 'Jug, "Tall"', price: 2_000 });
    const twoDaysAgo = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 86_400_000).toISOString();
    await seedRollup(kit, 'stock_positions', [
      {
        location_id: kit.tenant.locationId,
        variant_id: jug.variantId,
        on_hand: 12,
        unit_cost: 505,
        cost_currency: 'EUR',
        as_of: twoDaysAgo,
        event_id: '00000000-0000-7000-8000-00000000000a',
      },
    ]);
    await seedRollup(kit, 'last_sales', [{ location_id: kit.tenant.locationId, variant_id: jug.variantId, last_sale_at: twoDaysAgo }]);
    await seedRollup(kit, 'variant_hours', [
      { location_id: kit.tenant.locationId, variant_id: jug.variantId, hour: twoDaysAgo, quantity: 4, net: 6_000 },
    ]);

    const answer = await kit.request<string>('GET', '/api/v1/reports/inventory-health?format=csv');

    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="inventory-health-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(answer.body).toBe(
      'locationId,location,variantId,sku,name,onHand,unitCost,stockValue,soldLast28Days,daysOfCover,sellThroughPercent,lastSaleAt,dead,reorderMax,overstockUnits,shrinkageUnits,shrinkageValue\n' +
        // 12 × 5.05 = 60.60; 4 sold in 28 days: 12 last 84 days; 4 of 16 is 25 %
        `${kit.tenant.locationId},${storeName},${jug.variantId},${jug.sku},"Jug, ""Tall""",12,5.05,60.60,4,84,25,${twoDaysAgo},false,,0,0,0.00\n`,
    );
  });

  it('the dashboard: today by the hour', async () => {
    const answer = await kit.request<string>('GET', '/api/v1/reports/dashboard?format=csv');

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="dashboard-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = answer.body.trimEnd().split('\n');
    expect(lines[0]).toBe('hour,sales,net');
    expect(lines.slice(1).every((line) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2},0,0\.00$/.test(line))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
  });
});
