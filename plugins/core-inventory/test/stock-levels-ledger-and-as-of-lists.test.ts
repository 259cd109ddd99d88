import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, makeVariant, receive } from './support.ts';

type Money = { amount: number; currency: string };
type LevelPage = {
  items: Array<{
    variantId: string;
    productName: string;
    locationId: string;
    onHand: number;
    reserved: number | null;
    available: number | null;
    low: boolean;
    unitCost: Money | null;
    valueAtCost: Money | null;
  }>;
  nextCursor: string | null;
};
type Summary = { levels: number; low: number; units: number; value: Money[]; withoutCost: number };
type LedgerPage = {
  items: Array<{ id: string; variantId: string; sku: string; productName: string; kind: string; quantity: number; occurredAt: string }>;
  nextCursor: string | null;
};
type Problem = { code: string; errors?: Array<{ field: string }> };

const API = '/api/v1/core-inventory';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('stock levels, their summary and the ledger, listed for the back office (postgres)', () => {
  let kit: TestKernel;
  let store: string;
  let depot: string;
  let beans: string;
  let cups: string;
  let betweenReceipts: string;
  beforeAll(async () => {
    kit = await inventoryKit('postgres');
    store = kit.tenant.locationId;
    depot = (await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Depot', kind: 'warehouse' } }))
      .body.id;
    beans = await makeVariant(kit, 'Ledger Beans 1kg');
    cups = await makeVariant(kit, 'Ledger Cups');
    const costed = await kit.request('POST', `${API}/stock/receive`, {
      body: { locationId: store, lines: [{ variantId: beans, quantity: 10, unitCost: { amount: 450, currency: 'EUR' } }] },
    });
    expect(costed.status).toBe(201);
    await receive(kit, cups, 3, depot);
    await pause(50);
    betweenReceipts = new Date().toISOString();
    await pause(50);
    await receive(kit, beans, 5, depot);
    await kit.request('POST', `${API}/stock/adjust`, { body: { locationId: store, variantId: beans, quantity: -2, reason: 'Torn bags' } });
    const reorder = await kit.request('PUT', `${API}/stock/reorder`, {
      body: { locationId: store, variantId: beans, reorderPoint: 10, reorderMax: 30 },
    });
    expect(reorder.status).toBe(200);
  });
  afterAll(async () => kit?.close());

  const levels = async (query: string) => (await kit.request<LevelPage>('GET', `${API}/stock/levels?${query}`)).body;

  it('lists the levels at one location with low stock and value at cost, by name', async () => {
    const page = await levels(`locationId=${store}&q=Ledger`);
    expect(page.items.map((l) => [l.productName, l.onHand, l.available, l.low])).toEqual([['Ledger Beans 1kg', 8, 8, true]]);
    expect(page.items[0]).toMatchObject({ unitCost: { amount: 450, currency: 'EUR' }, valueAtCost: { amount: 3600, currency: 'EUR' } });
    const everywhere = await levels('q=ledger');
    expect(everywhere.items.map((l) => [l.productName, l.locationId, l.onHand])).toEqual(
      expect.arrayContaining([
        ['Ledger Beans 1kg', store, 8],
        ['Ledger Beans 1kg', depot, 5],
        ['Ledger Cups', depot, 3],
      ]),
    );
    expect(everywhere.items).toHaveLength(3);
    expect((await levels('low=true&q=ledger')).items.map((l) => l.locationId)).toEqual([store]);
  });

  it('pages through the levels with a cursor, each row once', async () => {
    const first = await levels('q=ledger&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await levels(`q=ledger&limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const keys = [...first.items, ...second.items].map((l) => `${l.variantId}@${l.locationId}`);
    expect(new Set(keys).size).toBe(3);
  });

  it('rebuilds the levels as they were at an earlier instant from the ledger', async () => {
    const then = await levels(`q=ledger&asOf=${encodeURIComponent(betweenReceipts)}`);
    expect(then.items.map((l) => [l.productName, l.locationId, l.onHand, l.reserved])).toEqual(
      expect.arrayContaining([
        ['Ledger Beans 1kg', store, 10, null],
        ['Ledger Cups', depot, 3, null],
      ]),
    );
    expect(then.items).toHaveLength(2);
    const before = await levels(`q=ledger&asOf=${encodeURIComponent('2020-01-01T00:00:00Z')}`);
    expect(before.items).toEqual([]);
  });

  it('sums up levels, low ones, units and value at cost per currency', async () => {
    const summary = (await kit.request<Summary>('GET', `${API}/stock/summary?q=ledger`)).body;
    // Beans: 8 at the store + 5 at the depot at 450 (the cost the receipt set); cups have no cost.
    expect(summary).toEqual({ levels: 3, low: 1, units: 16, value: [{ amount: 13 * 450, currency: 'EUR' }], withoutCost: 1 });
    const atStore = (await kit.request<Summary>('GET', `${API}/stock/summary?q=ledger&locationId=${store}`)).body;
    expect(atStore).toMatchObject({ levels: 1, low: 1, units: 8 });
  });

  it('lists the ledger newest first, filtered by variant, location, kind and period, a page at a time', async () => {
    const all = (await kit.request<LedgerPage>('GET', `${API}/stock/movements?variantId=${beans}`)).body;
    expect(all.items.map((m) => [m.kind, m.quantity])).toEqual([
      ['adjustment', -2],
      ['receive', 5],
      ['receive', 10],
    ]);
    expect(all.items[0]).toMatchObject({ productName: 'Ledger Beans 1kg' });
    const atStore = (await kit.request<LedgerPage>('GET', `${API}/stock/movements?variantId=${beans}&locationId=${store}&kind=receive`))
      .body;
    expect(atStore.items.map((m) => m.quantity)).toEqual([10]);
    const since = (
      await kit.request<LedgerPage>('GET', `${API}/stock/movements?variantId=${beans}&from=${encodeURIComponent(betweenReceipts)}`)
    ).body;
    expect(since.items.map((m) => m.quantity)).toEqual([-2, 5]);
    const until = (
      await kit.request<LedgerPage>('GET', `${API}/stock/movements?variantId=${beans}&to=${encodeURIComponent(betweenReceipts)}`)
    ).body;
    expect(until.items.map((m) => m.quantity)).toEqual([10]);
    const first = (await kit.request<LedgerPage>('GET', `${API}/stock/movements?variantId=${beans}&limit=2`)).body;
    const rest = (await kit.request<LedgerPage>('GET', `${API}/stock/movements?variantId=${beans}&limit=2&cursor=${first.nextCursor}`))
      .body;
    expect([...first.items, ...rest.items].map((m) => m.id)).toEqual(all.items.map((m) => m.id));
    expect(rest.nextCursor).toBeNull();
  });

  it("lists a lot-tracked variant's lots at every location when no location is given", async () => {
    const created = await kit.request<{ variants: Array<{ id: string }> }>('POST', `${API}/products`, {
      body: { name: 'Listed Skyr', unit: 'piece', tracking: 'lot', variants: [{ sku: `SKYR-${Date.now()}` }] },
    });
    const skyr = created.body.variants[0]!.id;
    for (const [locationId, code, expiresOn] of [
      [store, 'S-LATE', '2031-05-01'],
      [depot, 'D-SOON', '2031-02-01'],
    ] as const) {
      await kit.request('POST', `${API}/stock/receive`, {
        body: { locationId, lines: [{ variantId: skyr, quantity: 2, lot: { code, expiresOn } }] },
      });
    }
    const lots = await kit.request<{ items: Array<{ code: string; locationId: string; expiresOn: string }> }>(
      'GET',
      `${API}/variants/${skyr}/lots`,
    );
    expect(lots.body.items.map((l) => [l.code, l.locationId, l.expiresOn])).toEqual([
      ['D-SOON', depot, '2031-02-01'],
      ['S-LATE', store, '2031-05-01'],
    ]);
  });

  it.each([
    ['levels as of something that is not an instant', `/stock/levels?asOf=yesterday`, 'request.invalid', 'querystring.asOf'],
    ['levels at a location that is not an id', `/stock/levels?locationId=store-1`, 'request.invalid', 'querystring.locationId'],
    ['levels with a cursor of another list', `/stock/levels?cursor=WyJ4Il0`, 'pagination.bad_cursor', 'querystring.cursor'],
    ['a summary with an unknown filter', `/stock/summary?colour=red`, 'request.invalid', undefined],
    ['movements of a kind there is not', `/stock/movements?kind=theft`, 'request.invalid', 'querystring.kind'],
    [
      'movements in a period that ends before it starts',
      `/stock/movements?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`,
      'inventory.invalid_period',
      'querystring.to',
    ],
    ['movements with a page of 1,000 rows', `/stock/movements?limit=1000`, 'request.invalid', 'querystring.limit'],
  ])('%s is 400 %s naming the field, and changes nothing', async (_case, path, code, field) => {
    const before = await kit.kernel.db.query('select count(*)::int as n, sum(quantity)::int as units from inventory.stock_movements');
    const response = await kit.request<Problem>('GET', `${API}${path}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe(code);
    if (field) expect(response.body.errors?.map((e) => e.field)).toContain(field);
    expect(await kit.kernel.db.query('select count(*)::int as n, sum(quantity)::int as units from inventory.stock_movements')).toEqual(
      before,
    );
  });
});
