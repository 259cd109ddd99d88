import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import type { InventoryHealthItem, InventoryHealthReport } from '../../src/shared/report-types.ts';
import { addLocation, DATABASE_KINDS, queriesKit, seedRollup } from './support.ts';

const DAY = 86_400_000;
const hourAgo = (days: number) => new Date(Math.floor((Date.now() - days * DAY) / 3_600_000) * 3_600_000).toISOString();
const dayAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
let events = 0;
const eventId = () => `00000000-0000-7000-8000-${String((events += 1)).padStart(12, '0')}`;

/**
 * Five positions, seeded as the ingest leaves them: a steady seller over its reorder maximum with
 * shrinkage (A), stock never sold for 200 days (B), stock last sold 120 days ago (C), an oversold
 * position at another location (D) and one costed in another currency (E).
 */
describe.each(DATABASE_KINDS)('inventory health on %s', (db) => {
  let kit: TestKernel;
  let harbour: string;
  const v: Record<'a' | 'b' | 'c' | 'd' | 'e', { variantId: string; sku: string }> = {} as never;

  beforeAll(async () => {
    kit = await queriesKit(db);
    harbour = await addLocation(kit, 'Harbour Street');
    const store = kit.tenant.locationId;
    v.a = await shelveVariant(kit, { name: 'Apple Juice', price: 300 });
    v.b = await shelveVariant(kit, { name: 'Beach Towel', price: 2_000 });
    v.c = await shelveVariant(kit, { name: 'Candle', price: 900 });
    v.d = await shelveVariant(kit, { name: 'Dish Soap', price: 400 });
    v.e = await shelveVariant(kit, { name: 'Elk Figurine', price: 5_000 });
    const reorder = await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: store, variantId: v.a.variantId, reorderPoint: 2, reorderMax: 6 },
    });
    expect(reorder.status).toBe(200);

    const position = (
      locationId: string,
      variantId: string,
      onHand: number,
      unitCost: number,
      asOfDays: number,
      lastSaleDays: number | null,
      currency = 'EUR',
    ) => ({
      location_id: locationId,
      variant_id: variantId,
      on_hand: onHand,
      unit_cost: unitCost,
      cost_currency: currency,
      as_of: hourAgo(asOfDays),
      event_id: eventId(),
      last_sale_at: lastSaleDays === null ? null : hourAgo(lastSaleDays),
    });
    const positions = [
      position(store, v.a.variantId, 10, 200, 1, 1),
      position(store, v.b.variantId, 50, 100, 200, null),
      position(store, v.c.variantId, 30, 50, 120, 120),
      position(harbour, v.d.variantId, -2, 300, 3, 3),
      position(store, v.e.variantId, 5, 700, 2, null, 'SEK'),
    ];
    await seedRollup(
      kit,
      'stock_positions',
      positions.map(({ last_sale_at: _lastSale, ...row }) => row),
    );
    await seedRollup(
      kit,
      'last_sales',
      positions.flatMap(({ location_id, variant_id, last_sale_at }) =>
        last_sale_at === null ? [] : [{ location_id, variant_id, last_sale_at }],
      ),
    );
    await seedRollup(kit, 'variant_hours', [
      { location_id: store, variant_id: v.a.variantId, hour: hourAgo(1), quantity: 10, net: 2_500 },
      { location_id: store, variant_id: v.a.variantId, hour: hourAgo(10), quantity: 4, net: 1_000 },
      { location_id: store, variant_id: v.a.variantId, hour: hourAgo(40), quantity: 100, net: 25_000 }, // before the 28 days
      { location_id: harbour, variant_id: v.d.variantId, hour: hourAgo(3), quantity: 2, net: 800 },
    ]);
    await seedRollup(kit, 'movement_days', [
      { location_id: store, variant_id: v.a.variantId, day: dayAgo(3), kind: 'count_correction', quantity: -2, cost: -400 },
      { location_id: store, variant_id: v.a.variantId, day: dayAgo(5), kind: 'adjustment', quantity: -1, cost: -200 },
      { location_id: store, variant_id: v.a.variantId, day: dayAgo(1), kind: 'sale', quantity: -10, cost: -2_000 }, // sold, not lost
      { location_id: store, variant_id: v.b.variantId, day: dayAgo(4), kind: 'count_correction', quantity: 3, cost: 300 }, // found, not lost
      { location_id: store, variant_id: v.c.variantId, day: dayAgo(40), kind: 'count_correction', quantity: -5, cost: -250 }, // before the 28 days
    ]);
  });
  afterAll(async () => kit?.close());

  const health = async (query = ''): Promise<InventoryHealthReport> => {
    const answer = await kit.request<InventoryHealthReport>('GET', `/api/v1/reports/inventory-health${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  const item = (report: InventoryHealthReport, variantId: string) => report.items.find((i) => i.variantId === variantId)!;

  it('totals: stock value at cost, units, dead stock, overstock and shrinkage of the last 28 days', async () => {
    const report = await health();

    expect(report.totals).toEqual({
      stockValue: 8_500, // 10 × 2.00 + 50 × 1.00 + 30 × 0.50; none for −2 on hand or a cost in SEK
      units: 95,
      deadStockValue: 6_500,
      overstockUnits: 4,
      shrinkageUnits: 3,
      shrinkageValue: 600,
    });
    expect(report.meta).toMatchObject({ deadStockDays: 90, currency: 'EUR', to: dayAgo(0), from: dayAgo(27) });
  });

  it('a seller: days of cover and sell-through from its last 28 days, overstock above its reorder maximum', async () => {
    const report = await health();

    expect(item(report, v.a.variantId)).toEqual<InventoryHealthItem>({
      variantId: v.a.variantId,
      sku: v.a.sku,
      name: 'Apple Juice',
      locationId: kit.tenant.locationId,
      onHand: 10,
      unitCost: 200,
      stockValue: 2_000,
      soldLast28Days: 14,
      daysOfCover: 20, // 10 on hand at 14 per 28 days
      sellThroughPercent: 58.3, // 14 of 24
      lastSaleAt: hourAgo(1),
      dead: false,
      reorderMax: 6,
      overstockUnits: 4,
      shrinkageUnits: 3,
      shrinkageValue: 600,
    });
  });

  it('dead stock: on hand with no sale in deadStockDays, or never sold and untouched as long', async () => {
    const report = await health();

    expect(item(report, v.b.variantId)).toMatchObject({
      dead: true,
      lastSaleAt: null,
      soldLast28Days: 0,
      daysOfCover: null,
      sellThroughPercent: 0,
      stockValue: 5_000,
    });
    expect(item(report, v.c.variantId)).toMatchObject({ dead: true, stockValue: 1_500, shrinkageUnits: 0 });
    expect(item(report, v.d.variantId)).toMatchObject({
      dead: false,
      onHand: -2,
      stockValue: 0,
      soldLast28Days: 2,
      daysOfCover: 0,
      sellThroughPercent: 100,
    });
    expect(item(report, v.e.variantId)).toMatchObject({ unitCost: null, stockValue: 0, dead: false });

    const longer = await health('?deadStockDays=150');
    expect(longer.totals.deadStockValue).toBe(5_000);
    expect(item(longer, v.c.variantId).dead).toBe(false);
    expect(longer.meta.deadStockDays).toBe(150);
  });

  it('dead stock after the days the shop set, when the request names none', async () => {
    const saved = await kit.request('PUT', '/api/v1/plugins/reports/settings', { body: { deadStockDays: 130 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    const report = await health();

    expect(report.meta.deadStockDays).toBe(130);
    expect(report.totals.deadStockValue).toBe(5_000);
    await kit.request('PUT', '/api/v1/plugins/reports/settings', { body: { deadStockDays: 90 } });
  });

  it('by location: every location covered, named, with its stock, dead stock and shrinkage value', async () => {
    const report = await health();

    expect(report.byLocation).toEqual([
      {
        locationId: kit.tenant.locationId,
        label: expect.any(String),
        stockValue: 8_500,
        units: 95,
        deadStockValue: 6_500,
        shrinkageValue: 600,
      },
      { locationId: harbour, label: 'Harbour Street', stockValue: 0, units: 0, deadStockValue: 0, shrinkageValue: 0 },
    ]);
    const one = await health(`?locationId=${harbour}`);
    expect(one.items.map((i) => i.variantId)).toEqual([v.d.variantId]);
    expect(one.byLocation.map((l) => l.locationId)).toEqual([harbour]);
  });

  it('show narrows the items to the dead, the overstocked or the shrinking; totals still cover every item', async () => {
    const dead = await health('?show=dead');
    expect(dead.items.map((i) => i.variantId)).toEqual([v.b.variantId, v.c.variantId]);
    expect(dead.totals.stockValue).toBe(8_500);

    expect((await health('?show=overstock')).items.map((i) => i.variantId)).toEqual([v.a.variantId]);
    expect((await health('?show=shrinkage')).items.map((i) => i.variantId)).toEqual([v.a.variantId]);
    expect((await health('?show=all')).items).toHaveLength(5);

    const firstDead = await health('?show=dead&limit=1');
    const secondDead = await health(`?show=dead&limit=1&cursor=${firstDead.nextCursor}`);
    expect([...firstDead.items, ...secondDead.items].map((i) => i.variantId)).toEqual([v.b.variantId, v.c.variantId]);
    expect(secondDead.nextCursor).toBeNull();
  });

  it('sort and dir order the items on the server, those without a value last; ties by location and variant', async () => {
    const order = async (query: string) => (await health(query)).items.map((i) => i.variantId);
    // Never sold, or nothing sold in the window: no value for the sort, so last (by location and variant).
    const unsold = [v.b.variantId, v.c.variantId, v.e.variantId].sort();

    expect(await order('?sort=onHand&dir=asc')).toEqual([v.d.variantId, v.e.variantId, v.a.variantId, v.c.variantId, v.b.variantId]);
    expect(await order('?sort=lastSaleAt&dir=desc')).toEqual([
      v.a.variantId,
      v.d.variantId,
      v.c.variantId,
      ...[v.b.variantId, v.e.variantId].sort(),
    ]);
    expect(await order('?sort=lastSaleAt&dir=asc')).toEqual([
      v.c.variantId,
      v.d.variantId,
      v.a.variantId,
      ...[v.b.variantId, v.e.variantId].sort(),
    ]);
    // Days of cover: none on hand (D) is 0; A lasts 20 days; the rest sold nothing in 28 days.
    expect(await order('?sort=daysOfCover&dir=asc')).toEqual([v.d.variantId, v.a.variantId, ...unsold]);
    expect(await order('?sort=soldLast28Days&dir=desc')).toEqual([v.a.variantId, v.d.variantId, ...unsold]);
    const noShrinkage = [
      [kit.tenant.locationId, v.b.variantId],
      [kit.tenant.locationId, v.c.variantId],
      [kit.tenant.locationId, v.e.variantId],
      [harbour, v.d.variantId],
    ]
      .sort(([l1, v1], [l2, v2]) => (l1! < l2! ? -1 : l1! > l2! ? 1 : v1! < v2! ? -1 : 1))
      .map(([, variantId]) => variantId);
    expect(await order('?sort=shrinkageValue&dir=desc&show=all')).toEqual([v.a.variantId, ...noShrinkage]);
    expect(await order('?show=dead&sort=stockValue&dir=asc')).toEqual([v.c.variantId, v.b.variantId]);
  });

  it('a sorted list pages with its cursor, across items with and without a value, each once', async () => {
    for (const query of ['sort=lastSaleAt&dir=desc', 'sort=sellThroughPercent&dir=asc', 'sort=onHand&dir=desc']) {
      const all = (await health(`?${query}`)).items.map((i) => `${i.locationId}:${i.variantId}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: InventoryHealthReport = await health(`?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i) => `${i.locationId}:${i.variantId}`));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen, query).toEqual(all);
      expect(all).toHaveLength(5);
    }
  });

  it('items come highest stock value first, a page at a time, each once', async () => {
    const all = await health();
    expect(all.items.slice(0, 3).map((i) => i.variantId)).toEqual([v.b.variantId, v.a.variantId, v.c.variantId]);
    expect(all.items).toHaveLength(5);
    expect(all.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: InventoryHealthReport = await health(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => `${i.locationId}:${i.variantId}`));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);

    expect(pages).toBe(3);
    expect(seen).toEqual(all.items.map((i) => `${i.locationId}:${i.variantId}`));
  });
});
