import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, level, makeVariant, receive } from './support.ts';

type Transfer = { id: string; status: string; lines: Array<{ variantId: string; sent: number; received: number; inTransit: number }> };
type Variance = { status: string; lines: Array<{ sku: string; expected: number; counted: number; variance: number }> };

describe.each(['pglite', 'postgres'] as const)('transfers and counts on %s', (db) => {
  let kit: TestKernel;
  let store: string;
  let warehouse: string;
  beforeAll(async () => {
    kit = await inventoryKit(db);
    store = kit.tenant.locationId;
    warehouse = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Warehouse', kind: 'warehouse' } })
    ).body.id;
  });
  afterAll(async () => kit?.close());

  it('draft → shipped (stock leaves the origin, in transit) → received in parts, the shortfall recorded on closing', async () => {
    const variantId = await makeVariant(kit, 'Espresso Beans 1kg');
    await receive(kit, variantId, 20, warehouse);
    const draft = await kit.request<Transfer>('POST', '/api/v1/core-inventory/transfers', {
      body: { fromLocationId: warehouse, toLocationId: store, lines: [{ variantId, quantity: 8 }] },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    expect((await level(kit, variantId, warehouse)).onHand).toBe(20);

    const shipped = await kit.request<Transfer>('POST', `/api/v1/core-inventory/transfers/${draft.body.id}/ship`);
    expect(shipped.body.status).toBe('shipped');
    expect(shipped.body.lines[0]).toMatchObject({ sent: 8, received: 0, inTransit: 8 });
    expect((await level(kit, variantId, warehouse)).onHand).toBe(12);
    expect((await level(kit, variantId, store)).onHand).toBe(0);

    const part = await kit.request<Transfer>('POST', `/api/v1/core-inventory/transfers/${draft.body.id}/receive`, {
      body: { lines: [{ variantId, quantity: 5 }] },
    });
    expect(part.body.lines[0]).toMatchObject({ received: 5, inTransit: 3 });
    expect((await level(kit, variantId, store)).onHand).toBe(5);

    const over = await kit.request<{ code: string }>('POST', `/api/v1/core-inventory/transfers/${draft.body.id}/receive`, {
      body: { lines: [{ variantId, quantity: 4 }] },
    });
    expect(over.status).toBe(400);
    expect(over.body.code).toBe('inventory.over_receipt');

    const closed = await kit.request<Transfer>('POST', `/api/v1/core-inventory/transfers/${draft.body.id}/receive`, {
      body: { lines: [{ variantId, quantity: 2 }], final: true },
    });
    expect(closed.body.status).toBe('received');
    expect((await level(kit, variantId, store)).onHand).toBe(7);
    const [missing] = await kit.kernel.db.query<{ quantity_short: number }>(
      "select quantity_short::int as quantity_short from inventory.discrepancies where reference_kind = 'transfer' and variant_id = $1",
      [variantId],
    );
    expect(missing).toEqual({ quantity_short: 1 });
    expect((await kit.request<{ code: string }>('POST', `/api/v1/core-inventory/transfers/${draft.body.id}/ship`)).body.code).toBe(
      'inventory.transfer_not_draft',
    );
  });

  it('shipping more than the origin has is 409 and moves nothing', async () => {
    const variantId = await makeVariant(kit, 'Oat Milk 1L');
    await receive(kit, variantId, 2, warehouse);
    const draft = await kit.request<Transfer>('POST', '/api/v1/core-inventory/transfers', {
      body: { fromLocationId: warehouse, toLocationId: store, lines: [{ variantId, quantity: 3 }] },
    });
    const refused = await kit.request<{ code: string }>('POST', `/api/v1/core-inventory/transfers/${draft.body.id}/ship`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('inventory.insufficient_stock');
    expect((await level(kit, variantId, warehouse)).onHand).toBe(2);
    expect((await kit.request<Transfer>('GET', `/api/v1/core-inventory/transfers/${draft.body.id}`)).body.status).toBe('draft');
  });

  it.each([
    [
      'to the same location',
      (v: string) => ({ fromLocationId: warehouse, toLocationId: warehouse, lines: [{ variantId: v, quantity: 1 }] }),
      'inventory.same_location',
    ],
    [
      'with a zero quantity',
      (v: string) => ({ fromLocationId: warehouse, toLocationId: store, lines: [{ variantId: v, quantity: 0 }] }),
      'request.invalid',
    ],
    [
      'to an unknown location',
      (v: string) => ({
        fromLocationId: warehouse,
        toLocationId: '0190a000-0000-7000-8000-000000000000',
        lines: [{ variantId: v, quantity: 1 }],
      }),
      'inventory.unknown_location',
    ],
    [
      'listing a variant twice',
      (v: string) => ({
        fromLocationId: warehouse,
        toLocationId: store,
        lines: [
          { variantId: v, quantity: 1 },
          { variantId: v, quantity: 2 },
        ],
      }),
      'inventory.duplicate_line',
    ],
  ])('a transfer %s is 400 (%s) and writes nothing', async (_case, body, code) => {
    const variantId = await makeVariant(kit, 'Paper Cups');
    const before = await kit.kernel.db.query('select count(*)::int as n from inventory.transfers');
    const response = await kit.request<{ code: string }>('POST', '/api/v1/core-inventory/transfers', { body: body(variantId) });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
    expect(await kit.kernel.db.query('select count(*)::int as n from inventory.transfers')).toEqual(before);
  });

  it('a blind count by scanning, its variance, and approval writing count corrections', async () => {
    const counter = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
      body: { name: 'Kiosk', kind: 'store' },
    });
    const kiosk = counter.body.id;
    const a = await makeVariant(kit, 'Counted Apples', { barcodes: [{ code: '96385074' }] });
    const b = await makeVariant(kit, 'Counted Bananas');
    const c = await makeVariant(kit, 'Counted Cherries');
    await receive(kit, a, 10, kiosk);
    await receive(kit, b, 4, kiosk);
    const skuOf = async (variantId: string) =>
      (await kit.kernel.db.query<{ sku: string }>('select sku from inventory.variants where variant_id = $1', [variantId]))[0]!.sku;

    const count = await kit.request<{ id: string }>('POST', '/api/v1/core-inventory/counts', { body: { locationId: kiosk } });
    expect(count.status).toBe(201);
    const scan = async (code: string, quantity?: number) =>
      kit.request<{ counted: number; expected?: number }>('POST', `/api/v1/core-inventory/counts/${count.body.id}/scans`, {
        body: { code, ...(quantity ? { quantity } : {}) },
      });
    for (let i = 0; i < 8; i++) await scan('96385074');
    const blind = await scan(await skuOf(c), 2);
    expect(blind.body.counted).toBe(2);
    expect(blind.body.expected).toBeUndefined();

    const report = await kit.request<Variance>('GET', `/api/v1/core-inventory/counts/${count.body.id}/variance`);
    const byName = Object.fromEntries(report.body.lines.map((l) => [l.sku, l]));
    expect(byName[await skuOf(a)]).toMatchObject({ expected: 10, counted: 8, variance: -2 });
    expect(byName[await skuOf(b)]).toMatchObject({ expected: 4, counted: 0, variance: -4 });
    expect(byName[await skuOf(c)]).toMatchObject({ expected: 0, counted: 2, variance: 2 });

    const approved = await kit.request<Variance>('POST', `/api/v1/core-inventory/counts/${count.body.id}/approve`);
    expect(approved.body.status).toBe('approved');
    expect((await level(kit, a, kiosk)).onHand).toBe(8);
    expect((await level(kit, b, kiosk)).onHand).toBe(0);
    expect((await level(kit, c, kiosk)).onHand).toBe(2);
    const corrections = await kit.kernel.db.query<{ quantity: number }>(
      "select quantity::int as quantity from inventory.stock_movements where kind = 'count_correction' and reference_id = $1 order by quantity",
      [count.body.id],
    );
    expect(corrections.map((m) => m.quantity)).toEqual([-4, -2, 2]);
    expect((await scan('96385074')).body).toMatchObject({ code: 'inventory.count_closed' });
  });

  it('a count resolves the discrepancy an offline sale raised', async () => {
    const variantId = await makeVariant(kit, 'Oversold Socks');
    await receive(kit, variantId, 1);
    await kit.request('POST', '/api/v1/sales-probe/sell', {
      body: { saleId: 'offline-1', policy: 'allow-negative', lines: [{ variantId, locationId: store, quantity: 3 }] },
    });
    expect((await level(kit, variantId)).onHand).toBe(-2);
    const count = await kit.request<{ id: string }>('POST', '/api/v1/core-inventory/counts', { body: { locationId: store } });
    const sku = (await kit.kernel.db.query<{ sku: string }>('select sku from inventory.variants where variant_id = $1', [variantId]))[0]!
      .sku;
    await kit.request('POST', `/api/v1/core-inventory/counts/${count.body.id}/scans`, { body: { code: sku, quantity: 4 } });
    await kit.request('POST', `/api/v1/core-inventory/counts/${count.body.id}/approve`);
    expect((await level(kit, variantId)).onHand).toBe(4);
    const open = await kit.kernel.db.query('select * from inventory.discrepancies where variant_id = $1 and resolved_at is null', [
      variantId,
    ]);
    expect(open).toEqual([]);
  });
});

describe.each(['pglite', 'postgres'] as const)('tenant isolation of the inventory schema on %s', (db) => {
  it('every inventory table has forced row-level security with a tenant policy', async () => {
    const kit = await inventoryKit(db);
    try {
      const tables = await kit.kernel.db.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'inventory' and table_type = 'BASE TABLE'",
      );
      expect(tables.length).toBeGreaterThanOrEqual(12);
      expect(await kit.tablesWithoutTenantIsolation()).toEqual([]);
    } finally {
      await kit.close();
    }
  });
});
