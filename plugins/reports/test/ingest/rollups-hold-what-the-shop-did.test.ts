import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShopHistory, type ShopHistory } from './shop-history.ts';
import { DATABASE_KINDS, hourOf, reportsKit, rowsOf, settled } from './support.ts';

interface SaleLineRow {
  sale_id: string;
  occurred_at: string;
  received_at: string;
  location_id: string;
  device_id: string;
  cashier_id: string;
  receipt_number: string;
  variant_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price: number;
  gross: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
  currency: string;
}

/** Rows keyed and summed the way a rollup keys them, to compare with what the rollup holds. */
function summed<Row extends Record<string, unknown>>(keys: readonly string[], rows: readonly Row[]): Row[] {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const key = keys.map((k) => String(row[k])).join('|');
    const sum = byKey.get(key);
    if (!sum) byKey.set(key, { ...row });
    else
      for (const [field, value] of Object.entries(row))
        if (!keys.includes(field) && typeof value === 'number') sum[field] = (sum[field] as number) + value;
  }
  const order = (row: Record<string, unknown>) => keys.map((k) => String(row[k])).join('|');
  return [...byKey.values()].sort((a, b) => (order(a) < order(b) ? -1 : 1)) as Row[];
}

describe.each(DATABASE_KINDS)('the rollups hold what the shop did, on %s', (db) => {
  let kit: TestKernel;
  let shop: ShopHistory;
  let tenant: string;
  beforeAll(async () => {
    kit = await reportsKit(db);
    tenant = kit.tenant.id;
    shop = await makeShopHistory(kit);
    expect(await settled(kit)).toEqual([]);
  });
  afterAll(async () => kit?.close());

  it('every reports table is isolated per tenant', async () => {
    expect((await kit.tablesWithoutTenantIsolation()).filter((t) => t.startsWith('reports.'))).toEqual([]);
  });

  it('every event is journaled once, voids and approved counts included', async () => {
    const journal = await kit.kernel.db.query<{ type: string; n: number }>(
      'select type, count(*)::int as n from reports.journal where tenant_id = $1 group by type order by type',
      [tenant],
    );
    expect(journal).toEqual([
      { type: 'inventory.count.approved', n: 1 },
      // 3 receipts, 2 + 1 sold, 1 returned, 1 counted away
      { type: 'inventory.stock.moved', n: 7 },
      { type: 'purchasing.po.received', n: 3 },
      { type: 'sales.sale.completed', n: 2 },
      { type: 'sales.sale.refunded', n: 1 },
      { type: 'sales.sale.voided', n: 1 },
    ]);
    const [counted] = await kit.kernel.db.query<{ payload: { countId: string; locationId: string; lines: unknown[] } }>(
      "select payload from reports.journal where tenant_id = $1 and type = 'inventory.count.approved'",
      [tenant],
    );
    expect(counted!.payload).toMatchObject({
      countId: shop.countId,
      locationId: shop.backRoomId,
      lines: [{ variantId: shop.teaId, expected: 5, counted: 3, variance: -2, unitCost: { amount: 461, currency: 'EUR' } }],
    });
  });

  it('sale lines, refund lines, tenders and voids are the facts of each sale, with the till’s and the server’s clocks', async () => {
    const lines = await rowsOf<SaleLineRow>(kit, tenant, 'sale_lines');
    const online = lines.find((l) => l.sale_id === shop.onlineSaleId)!;
    const offline = lines.find((l) => l.sale_id === shop.offlineSaleId)!;
    expect(lines).toHaveLength(2);
    expect(online).toMatchObject({
      location_id: shop.storeId,
      device_id: shop.tills.online.deviceId,
      cashier_id: shop.tills.online.cashierId,
      variant_id: shop.teaId,
      sku: shop.teaSku,
      name: 'Green Tea',
      quantity: 2,
      unit_price: 1000,
      gross: 2000,
      discount: 0,
      net: 1667,
      tax: 333,
      total: 2000,
      currency: 'EUR',
    });
    expect(offline).toMatchObject({
      device_id: shop.tills.offline.deviceId,
      receipt_number: '1',
      quantity: 1,
      net: 833,
      tax: 167,
      total: 1000,
    });
    expect(offline.occurred_at).toBe(shop.offlineSaleAt);
    expect(Date.parse(offline.received_at) - Date.parse(offline.occurred_at)).toBeGreaterThan(2 * 3_600_000);

    expect(await rowsOf(kit, tenant, 'refund_lines')).toEqual([
      expect.objectContaining({ refund_id: shop.refundId, sale_id: shop.onlineSaleId, quantity: 1, amount: 1000, tax: 167, restock: true }),
    ]);
    const tenders = await rowsOf<{ source_kind: string; source_id: string; method: string; amount: number }>(kit, tenant, 'tenders');
    expect(tenders.map((t) => [t.source_kind, t.source_id, t.method, t.amount]).sort()).toEqual(
      [
        ['refund', shop.refundId, 'cash', 1000],
        ['sale', shop.offlineSaleId, 'cash', 1000],
        ['sale', shop.onlineSaleId, 'cash', 2000],
      ].sort(),
    );
    expect(await rowsOf(kit, tenant, 'voids')).toEqual([
      expect.objectContaining({
        sale_id: shop.voidedSaleId,
        occurred_at: shop.voidedAt,
        device_id: shop.tills.offline.deviceId,
        receipt_number: '2',
        reason: 'customer walked away',
      }),
    ]);
  });

  it('variant hours hold sales, refunds and their cost from the stock movements, in the hour each happened', async () => {
    const [refundLine] = await rowsOf<{ occurred_at: string }>(kit, tenant, 'refund_lines');
    const lines = await rowsOf<SaleLineRow>(kit, tenant, 'sale_lines');
    const online = lines.find((l) => l.sale_id === shop.onlineSaleId)!;
    const zero = {
      quantity: 0,
      gross: 0,
      discount: 0,
      net: 0,
      tax: 0,
      cost: 0,
      refunded_quantity: 0,
      refunded_net: 0,
      refunded_tax: 0,
      refunded_cost: 0,
    };
    const expected = summed(
      ['location_id', 'variant_id', 'hour'],
      [
        // 2 sold at 10.00 (VAT 20 % included) at the average cost of 4.50
        {
          location_id: shop.storeId,
          variant_id: shop.teaId,
          hour: hourOf(online.occurred_at),
          ...zero,
          quantity: 2,
          gross: 2000,
          net: 1667,
          tax: 333,
          cost: 900,
        },
        // 1 of them back: 10.00 of which 1.67 VAT, restocked at 4.50
        {
          location_id: shop.storeId,
          variant_id: shop.teaId,
          hour: hourOf(refundLine!.occurred_at),
          ...zero,
          refunded_quantity: 1,
          refunded_net: 833,
          refunded_tax: 167,
          refunded_cost: 450,
        },
        // the offline sale, in the hour the till made it
        {
          location_id: shop.storeId,
          variant_id: shop.teaId,
          hour: hourOf(shop.offlineSaleAt),
          ...zero,
          quantity: 1,
          gross: 1000,
          net: 833,
          tax: 167,
          cost: 450,
        },
      ],
    );
    const rows = await rowsOf<Record<string, unknown>>(kit, tenant, 'variant_hours');
    expect(
      summed(
        ['location_id', 'variant_id', 'hour'],
        rows.map(({ tenant_id: _t, category_id: _c, ...row }) => row),
      ),
    ).toEqual(expected);
  });

  it('a late offline sale counts in the hour it happened and in the hour it arrived, as late in both', async () => {
    const lines = await rowsOf<SaleLineRow>(kit, tenant, 'sale_lines');
    const offline = lines.find((l) => l.sale_id === shop.offlineSaleId)!;
    const baskets = await rowsOf<Record<string, unknown>>(kit, tenant, 'basket_hours', `device_id = '${shop.tills.offline.deviceId}'`);
    const sale = { sales: 1, items: 1, gross: 1000, discount: 0, net: 833, tax: 167, total: 1000, late_sales: 1 };
    const nothing = {
      sales: 0,
      items: 0,
      gross: 0,
      discount: 0,
      net: 0,
      tax: 0,
      total: 0,
      refunds: 0,
      refunded_total: 0,
      voids: 0,
      late_sales: 0,
    };
    const key = { location_id: shop.storeId, device_id: shop.tills.offline.deviceId, cashier_id: shop.tills.offline.cashierId };
    const expected = summed(
      ['basis', 'hour'],
      [
        { basis: 'happened', hour: hourOf(shop.offlineSaleAt), ...key, ...nothing, ...sale },
        { basis: 'happened', hour: hourOf(shop.voidedAt), ...key, ...nothing, voids: 1 },
        { basis: 'arrived', hour: hourOf(offline.received_at), ...key, ...nothing, ...sale },
        { basis: 'arrived', hour: hourOf(offline.received_at), ...key, ...nothing, voids: 1 },
      ],
    );
    expect(
      summed(
        ['basis', 'hour'],
        baskets.map(({ tenant_id: _t, ...row }) => row),
      ),
    ).toEqual(expected);
    expect(hourOf(offline.received_at)).not.toBe(hourOf(shop.offlineSaleAt));
  });

  it('basket hours of the online till hold its sale and its refund; tender hours what was taken and paid back', async () => {
    const lines = await rowsOf<SaleLineRow>(kit, tenant, 'sale_lines');
    const online = lines.find((l) => l.sale_id === shop.onlineSaleId)!;
    const [refundLine] = await rowsOf<{ occurred_at: string }>(kit, tenant, 'refund_lines');
    const nothing = {
      sales: 0,
      items: 0,
      gross: 0,
      discount: 0,
      net: 0,
      tax: 0,
      total: 0,
      refunds: 0,
      refunded_total: 0,
      voids: 0,
      late_sales: 0,
    };
    const key = { location_id: shop.storeId, device_id: shop.tills.online.deviceId, cashier_id: shop.tills.online.cashierId };
    const sale = { sales: 1, items: 2, gross: 2000, net: 1667, tax: 333, total: 2000 };
    const refund = { refunds: 1, refunded_total: 1000 };
    const expected = summed(
      ['basis', 'hour'],
      [
        { basis: 'happened', hour: hourOf(online.occurred_at), ...key, ...nothing, ...sale },
        { basis: 'arrived', hour: hourOf(online.received_at), ...key, ...nothing, ...sale },
        { basis: 'happened', hour: hourOf(refundLine!.occurred_at), ...key, ...nothing, ...refund },
        { basis: 'arrived', hour: hourOf(refundLine!.occurred_at), ...key, ...nothing, ...refund },
      ],
    );
    const baskets = await rowsOf<Record<string, unknown>>(kit, tenant, 'basket_hours', `device_id = '${shop.tills.online.deviceId}'`);
    expect(
      summed(
        ['basis', 'hour'],
        baskets.map(({ tenant_id: _t, ...row }) => row),
      ),
    ).toEqual(expected);

    const tenders = await rowsOf<Record<string, unknown>>(kit, tenant, 'tender_hours');
    const none = { count: 0, amount: 0, refunded_count: 0, refunded_amount: 0 };
    expect(
      summed(
        ['method', 'hour'],
        tenders.map(({ tenant_id: _t, ...row }) => row),
      ),
    ).toEqual(
      summed(
        ['method', 'hour'],
        [
          { location_id: shop.storeId, method: 'cash', hour: hourOf(online.occurred_at), ...none, count: 1, amount: 2000 },
          {
            location_id: shop.storeId,
            method: 'cash',
            hour: hourOf(refundLine!.occurred_at),
            ...none,
            refunded_count: 1,
            refunded_amount: 1000,
          },
          { location_id: shop.storeId, method: 'cash', hour: hourOf(shop.offlineSaleAt), ...none, count: 1, amount: 1000 },
        ],
      ),
    );
  });

  it('location hours hold the baskets by when they happened and the goods with their cost, per location and hour', async () => {
    const sums = (rows: readonly Record<string, unknown>[], columns: readonly string[]) =>
      summed(
        ['location_id', 'hour'],
        rows.map((row) => ({
          location_id: row.location_id,
          hour: row.hour,
          ...Object.fromEntries(columns.map((column) => [column, row[column]])),
        })),
      );
    const basketColumns = [
      'sales',
      'items',
      'gross',
      'discount',
      'net',
      'tax',
      'total',
      'refunds',
      'refunded_total',
      'voids',
      'late_sales',
    ];
    const goodsColumns = ['cost', 'refunded_quantity', 'refunded_net', 'refunded_tax', 'refunded_cost'];
    const locations = await rowsOf<Record<string, unknown>>(kit, tenant, 'location_hours');
    const baskets = await rowsOf<Record<string, unknown>>(kit, tenant, 'basket_hours', "basis = 'happened'");
    const goods = await rowsOf<Record<string, unknown>>(kit, tenant, 'variant_hours');

    expect(sums(locations, basketColumns)).toEqual(sums(baskets, basketColumns));
    expect(sums(locations, goodsColumns)).toEqual(sums(goods, goodsColumns));
    expect(sums(locations, ['items'])).toEqual(sums(goods, ['quantity']).map(({ quantity, ...row }) => ({ ...row, items: quantity })));
    const offline = locations.find((row) => row.hour === hourOf(shop.offlineSaleAt))!;
    expect(offline).toMatchObject({ location_id: shop.storeId, sales: 1, items: 1, net: 833, cost: 450, late_sales: 1, voids: 1 });
  });

  it('category hours hold the goods in the category they were sold in: the refund in its sale’s, each cost in its line’s', async () => {
    const categories = await rowsOf<Record<string, unknown>>(kit, tenant, 'category_hours');
    expect(new Set(categories.map((row) => row.category_id))).toEqual(new Set([shop.teaCategoryId]));
    const columns = [
      'quantity',
      'gross',
      'discount',
      'net',
      'tax',
      'cost',
      'refunded_quantity',
      'refunded_net',
      'refunded_tax',
      'refunded_cost',
    ];
    const perHour = (rows: readonly Record<string, unknown>[]) =>
      summed(
        ['location_id', 'hour'],
        rows.map((row) => ({
          location_id: row.location_id,
          hour: row.hour,
          ...Object.fromEntries(columns.map((column) => [column, row[column]])),
        })),
      );
    expect(perHour(categories)).toEqual(perHour(await rowsOf(kit, tenant, 'variant_hours')));
    expect(await rowsOf(kit, tenant, 'refund_lines')).toEqual([expect.objectContaining({ category_id: shop.teaCategoryId })]);
  });

  it('last sales hold when each variant last sold where, by the till’s clock', async () => {
    const lines = await rowsOf<SaleLineRow>(kit, tenant, 'sale_lines');
    const newest = lines
      .map((line) => line.occurred_at)
      .sort()
      .at(-1);
    expect(await rowsOf(kit, tenant, 'last_sales')).toEqual([
      { tenant_id: tenant, location_id: shop.storeId, variant_id: shop.teaId, last_sale_at: newest },
    ]);
  });

  it('stock positions hold what is on hand at the variant’s moving-average cost', async () => {
    const positions = (await rowsOf<Record<string, unknown>>(kit, tenant, 'stock_positions'))
      .map(({ location_id, on_hand, unit_cost, cost_currency }) => ({ location_id, on_hand, unit_cost, cost_currency }))
      .sort((a, b) => (String(a.location_id) < String(b.location_id) ? -1 : 1));
    expect(positions).toEqual(
      [
        // 20 received, 2 sold, 1 back, 1 sold offline; the back room's receipt moved the average to (18 × 4.50 + 5 × 5.00) / 23
        { location_id: shop.storeId, on_hand: 18, unit_cost: 461, cost_currency: 'EUR' },
        { location_id: shop.backRoomId, on_hand: 3, unit_cost: 461, cost_currency: 'EUR' },
      ].sort((a, b) => (a.location_id < b.location_id ? -1 : 1)),
    );
    expect(await rowsOf(kit, tenant, 'variant_costs')).toEqual([
      expect.objectContaining({ variant_id: shop.teaId, unit_cost: 461, cost_currency: 'EUR' }),
    ]);
    const [event] = await kit.kernel.db.query<{ payload: { unitCost: unknown; variantCost: unknown } }>(
      "select payload from kernel.outbox where tenant_id = $1 and type = 'inventory.stock.moved' and payload->>'locationId' = $2 and payload->>'kind' = 'receive'",
      [tenant, shop.backRoomId],
    );
    // What the receipt paid, and the variant's new average: the event says both.
    expect(event!.payload).toMatchObject({ unitCost: { amount: 500, currency: 'EUR' }, variantCost: { amount: 461, currency: 'EUR' } });
  });

  it('movement days hold stock in and out per kind, with shrinkage from the approved count', async () => {
    const days = await rowsOf<{ location_id: string; kind: string; quantity: number; cost: number }>(kit, tenant, 'movement_days');
    const byKind = summed(
      ['location_id', 'kind'],
      days.map(({ location_id, kind, quantity, cost }) => ({ location_id, kind, quantity, cost })),
    );
    expect(byKind).toEqual(
      summed(
        ['location_id', 'kind'],
        [
          { location_id: shop.storeId, kind: 'receive', quantity: 20, cost: 10 * 400 + 10 * 500 },
          { location_id: shop.storeId, kind: 'sale', quantity: -3, cost: -3 * 450 },
          { location_id: shop.storeId, kind: 'return', quantity: 1, cost: 450 },
          { location_id: shop.backRoomId, kind: 'receive', quantity: 5, cost: 5 * 500 },
          { location_id: shop.backRoomId, kind: 'count_correction', quantity: -2, cost: -2 * 461 },
        ],
      ),
    );
  });
});
