import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, level, makeVariant, receive } from './support.ts';

describe.each(['pglite', 'postgres'] as const)('stock ledger on %s', (db) => {
  let kit: TestKernel;
  let warehouse: string;
  beforeAll(async () => {
    kit = await inventoryKit(db);
    warehouse = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Warehouse', kind: 'warehouse' } })
    ).body.id;
  });
  afterAll(async () => kit?.close());

  const sell = (variantId: string, quantity: number, policy: 'deny' | 'allow-negative', saleId = `s-${Math.random()}`) =>
    kit.request<{ code: string; short: Array<{ variantId: string; available: number }>; discrepancies: unknown[] }>(
      'POST',
      '/api/v1/sales-probe/sell',
      {
        body: { saleId, policy, lines: [{ variantId, locationId: kit.tenant.locationId, quantity }] },
      },
    );

  it('stock of a variant across every location, and each change as a movement with its event', async () => {
    const variantId = await makeVariant(kit);
    await receive(kit, variantId, 12);
    await receive(kit, variantId, 30, warehouse);
    const adjusted = await kit.request<{ movement: { kind: string; quantity: number; reason: string } }>(
      'POST',
      '/api/v1/core-inventory/stock/adjust',
      {
        body: { locationId: kit.tenant.locationId, variantId, quantity: -2, reason: 'damaged in transit' },
      },
    );
    expect(adjusted.body.movement).toMatchObject({ kind: 'adjustment', quantity: -2, reason: 'damaged in transit' });
    const stock = await kit.request<{ items: Array<{ locationId: string; onHand: number; available: number }> }>(
      'GET',
      `/api/v1/core-inventory/variants/${variantId}/stock`,
    );
    expect(stock.body.items.sort((a, b) => a.onHand - b.onHand)).toEqual([
      { locationId: kit.tenant.locationId, onHand: 10, reserved: 0, available: 10 },
      { locationId: warehouse, onHand: 30, reserved: 0, available: 30 },
    ]);
    const moved = await kit.kernel.db.query<{ n: number }>(
      "select count(*)::int as n from kernel.outbox where type = 'inventory.stock.moved' and payload->>'variantId' = $1",
      [variantId],
    );
    expect(moved[0]!.n).toBe(3);
  });

  it('stock at a past instant is rebuilt from the ledger, and equals the projection at now', async () => {
    const variantId = await makeVariant(kit);
    await receive(kit, variantId, 5);
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await receive(kit, variantId, 7);
    await sell(variantId, 3, 'deny');
    const past = await kit.request<{ items: Array<{ onHand: number }> }>(
      'GET',
      `/api/v1/core-inventory/variants/${variantId}/stock?at=${encodeURIComponent(between)}`,
    );
    expect(past.body.items).toEqual([{ locationId: kit.tenant.locationId, onHand: 5 }]);
    const now = await kit.request<{ items: Array<{ onHand: number }> }>(
      'GET',
      `/api/v1/core-inventory/variants/${variantId}/stock?at=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`,
    );
    expect(now.body.items[0]!.onHand).toBe((await level(kit, variantId)).onHand);
    expect(now.body.items[0]!.onHand).toBe(9);
  });

  it('deny: a sale that would take available below zero is 409 naming the short line, and changes nothing', async () => {
    const variantId = await makeVariant(kit);
    await receive(kit, variantId, 2);
    const refused = await sell(variantId, 3, 'deny');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('inventory.insufficient_stock');
    expect(refused.body.short).toEqual([{ variantId, locationId: kit.tenant.locationId, quantity: 3, available: 2 }]);
    expect((await level(kit, variantId)).onHand).toBe(2);
  });

  it('allow-negative: an offline sale is recorded and the shortfall raised as a discrepancy', async () => {
    const variantId = await makeVariant(kit);
    await receive(kit, variantId, 1);
    const accepted = await sell(variantId, 3, 'allow-negative');
    expect(accepted.status).toBe(201);
    expect(accepted.body.discrepancies).toEqual([{ variantId, locationId: kit.tenant.locationId, quantity: 3, available: 1 }]);
    expect((await level(kit, variantId)).onHand).toBe(-2);
    const [discrepancy] = await kit.kernel.db.query<{ quantity_short: string; reference_kind: string }>(
      'select quantity_short::int as quantity_short, reference_kind from inventory.discrepancies where variant_id = $1',
      [variantId],
    );
    expect(discrepancy).toEqual({ quantity_short: 2, reference_kind: 'sale' });
  });

  it('reservations lower available stock; over-reserving is 409; release gives it back', async () => {
    const variantId = await makeVariant(kit);
    await receive(kit, variantId, 5);
    const reservation = await kit.request<{ id: string }>('POST', '/api/v1/core-inventory/reservations', {
      body: {
        lines: [{ variantId, locationId: kit.tenant.locationId, quantity: 4 }],
        expiresInSeconds: 600,
        reference: { kind: 'parked-sale', id: 'p1' },
      },
    });
    expect(reservation.status).toBe(201);
    expect(await level(kit, variantId)).toMatchObject({ onHand: 5, reserved: 4, available: 1 });
    expect((await sell(variantId, 2, 'deny')).status).toBe(409);
    const over = await kit.request<{ code: string }>('POST', '/api/v1/core-inventory/reservations', {
      body: {
        lines: [{ variantId, locationId: kit.tenant.locationId, quantity: 2 }],
        expiresInSeconds: 600,
        reference: { kind: 'order', id: 'o1' },
      },
    });
    expect(over.status).toBe(409);
    expect((await kit.request('DELETE', `/api/v1/core-inventory/reservations/${reservation.body.id}`)).status).toBe(204);
    expect(await level(kit, variantId)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await kit.request('DELETE', `/api/v1/core-inventory/reservations/${reservation.body.id}`)).status).toBe(404);
  });

  it('an expired reservation is released by the job and its stock is available again', async () => {
    const variantId = await makeVariant(kit);
    await receive(kit, variantId, 3);
    const held = await kit.request('POST', '/api/v1/core-inventory/reservations', {
      body: {
        lines: [{ variantId, locationId: kit.tenant.locationId, quantity: 3 }],
        expiresInSeconds: 10,
        reference: { kind: 'online-order', id: 'o-expiring' },
      },
    });
    expect(held.status).toBe(201);
    expect((await level(kit, variantId)).available).toBe(0);
    const deadline = Date.now() + 30_000;
    let current = await level(kit, variantId);
    while (current.reserved > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      current = await level(kit, variantId);
    }
    expect(current).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    const [reservation] = await kit.kernel.db.query<{ released: boolean }>(
      "select released_at is not null as released from inventory.reservations where reference_id = 'o-expiring'",
    );
    expect(reservation).toEqual({ released: true });
  });

  it('crossing the reorder point publishes inventory.stock.low once', async () => {
    const variantId = await makeVariant(kit);
    await receive(kit, variantId, 6);
    const set = await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: kit.tenant.locationId, variantId, reorderPoint: 5, reorderMax: 20 },
    });
    expect(set.status).toBe(200);
    await sell(variantId, 2, 'deny');
    await sell(variantId, 1, 'deny');
    const low = await kit.kernel.db.query<{ payload: { available: number } }>(
      "select payload from kernel.outbox where type = 'inventory.stock.low' and payload->>'variantId' = $1",
      [variantId],
    );
    expect(low.map((row) => row.payload.available)).toEqual([4]);
  });

  it('a return with restock puts stock back', async () => {
    const variantId = await makeVariant(kit);
    await receive(kit, variantId, 1);
    await sell(variantId, 1, 'deny');
    const returned = await kit.request('POST', '/api/v1/sales-probe/return', {
      body: { lines: [{ variantId, locationId: kit.tenant.locationId, quantity: 1 }], restock: true },
    });
    expect(returned.status).toBe(201);
    expect((await level(kit, variantId)).onHand).toBe(1);
  });

  it.each([
    [{ quantity: 0 }, 'zero'],
    [{ quantity: -1 }, 'negative'],
    [{ quantity: 1.5 }, 'fractional'],
    [{ quantity: '3' }, 'a string'],
  ])('receiving a %j quantity (%s) is 400 and writes nothing', async (line) => {
    const variantId = await makeVariant(kit);
    const before = await kit.kernel.db.query('select count(*)::int as n from inventory.stock_movements');
    const response = await kit.request<{ code: string }>('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId, ...line }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('request.invalid');
    expect(await kit.kernel.db.query('select count(*)::int as n from inventory.stock_movements')).toEqual(before);
  });

  it('an unknown location or variant is a 4xx and writes nothing', async () => {
    const variantId = await makeVariant(kit);
    const before = await kit.kernel.db.query('select count(*)::int as n from inventory.stock_movements');
    const unknownLocation = await kit.request<{ code: string }>('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: '0190a000-0000-7000-8000-000000000000', lines: [{ variantId, quantity: 1 }] },
    });
    expect(unknownLocation.status).toBe(400);
    expect(unknownLocation.body.code).toBe('inventory.unknown_location');
    const unknownVariant = await kit.request<{ code: string }>('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId: '0190a000-0000-7000-8000-000000000000', quantity: 1 }] },
    });
    expect(unknownVariant.status).toBe(404);
    expect(unknownVariant.body.code).toBe('inventory.unknown_variant');
    const zeroAdjust = await kit.request<{ code: string }>('POST', '/api/v1/core-inventory/stock/adjust', {
      body: { locationId: kit.tenant.locationId, variantId, quantity: 0, reason: 'x' },
    });
    expect(zeroAdjust.status).toBe(400);
    expect(await kit.kernel.db.query('select count(*)::int as n from inventory.stock_movements')).toEqual(before);
  });
});
