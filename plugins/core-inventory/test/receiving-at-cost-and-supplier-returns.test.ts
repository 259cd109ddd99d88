import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, level, makeVariant } from './support.ts';

type Movement = { kind: string; quantity: number; reason: string | null; unitCost: { amount: number; currency: string } | null };

describe.each(['pglite', 'postgres'] as const)('inventory@1 costs, supplier returns and reorder reads on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    // The shop (EUR) also buys in USD: core-inventory takes costs in it.
    kit = await inventoryKit(db, {}, { otherCurrencies: ['USD'] });
  });
  afterAll(async () => kit?.close());

  const receiveAt = (variantId: string, quantity: number, amount: number, currency = 'EUR') =>
    kit.request<{ movements: Movement[]; code?: string }>('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity, unitCost: { amount, currency } }] },
    });
  const sell = (variantId: string, quantity: number, policy: 'deny' | 'allow-negative') =>
    kit.request<{ movements: Movement[] }>('POST', '/api/v1/sales-probe/sell', {
      body: { saleId: `s-${Math.random()}`, policy, lines: [{ variantId, locationId: kit.tenant.locationId, quantity }] },
    });
  const cost = async (variantId: string) =>
    (
      await kit.kernel.db.query<{ cost_minor: string | null; cost_currency: string | null }>(
        'select cost_minor::text as cost_minor, cost_currency from inventory.variants where variant_id = $1',
        [variantId],
      )
    )[0]!;

  it('a costed receipt moves the variant cost to the weighted average; a later sale records it on its movement', async () => {
    const variantId = await makeVariant(kit);
    const first = await receiveAt(variantId, 10, 100);
    expect(first.status).toBe(201);
    expect(first.body.movements[0]!.unitCost).toEqual({ amount: 100, currency: 'EUR' });
    expect(await cost(variantId)).toEqual({ cost_minor: '100', cost_currency: 'EUR' });
    await receiveAt(variantId, 20, 201); // (10 × 100 + 20 × 201) / 30 = 167.33 → 167
    expect(await cost(variantId)).toEqual({ cost_minor: '167', cost_currency: 'EUR' });

    const online = await sell(variantId, 3, 'deny');
    expect(online.body.movements).toMatchObject([{ kind: 'sale', quantity: -3, unitCost: { amount: 167, currency: 'EUR' } }]);
    const offline = await sell(variantId, 2, 'allow-negative');
    expect(offline.body.movements[0]!.unitCost).toEqual({ amount: 167, currency: 'EUR' });
    // Cost of goods sold is a sum over the ledger.
    const [cogs] = await kit.kernel.db.query<{ cogs: string }>(
      "select sum(-quantity * unit_cost_minor) as cogs from inventory.stock_movements where variant_id = $1 and kind = 'sale'",
      [variantId],
    );
    expect(Number(cogs!.cogs)).toBe(5 * 167);
  });

  it('stock at or below zero before a receipt takes the receipt cost, and may change currency', async () => {
    const variantId = await makeVariant(kit);
    await receiveAt(variantId, 2, 500);
    await sell(variantId, 4, 'allow-negative');
    expect((await level(kit, variantId)).onHand).toBe(-2);
    await receiveAt(variantId, 10, 320, 'USD');
    expect(await cost(variantId)).toEqual({ cost_minor: '320', cost_currency: 'USD' });
  });

  it('a cost in another currency while stock is on hand is 409 and changes neither cost nor stock', async () => {
    const variantId = await makeVariant(kit);
    await receiveAt(variantId, 4, 250);
    const movementsBefore = await kit.kernel.db.query('select count(*)::int as n from inventory.stock_movements where variant_id = $1', [
      variantId,
    ]);
    const refused = await receiveAt(variantId, 4, 300, 'USD');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('inventory.cost_currency_mismatch');
    expect(await cost(variantId)).toEqual({ cost_minor: '250', cost_currency: 'EUR' });
    expect((await level(kit, variantId)).onHand).toBe(4);
    expect(
      await kit.kernel.db.query('select count(*)::int as n from inventory.stock_movements where variant_id = $1', [variantId]),
    ).toEqual(movementsBefore);
  });

  it('a supplier return takes stock out as supplier_return with its reason, at the cost then, leaving the cost alone', async () => {
    const variantId = await makeVariant(kit);
    await receiveAt(variantId, 6, 400);
    const returned = await kit.request<{ movements: Movement[] }>('POST', '/api/v1/sales-probe/return-to-supplier', {
      body: { id: 'rtv-1', reason: 'damaged on arrival', lines: [{ variantId, locationId: kit.tenant.locationId, quantity: 2 }] },
    });
    expect(returned.status).toBe(201);
    expect(returned.body.movements).toMatchObject([
      { kind: 'supplier_return', quantity: -2, reason: 'damaged on arrival', unitCost: { amount: 400, currency: 'EUR' } },
    ]);
    expect((await level(kit, variantId)).onHand).toBe(4);
    expect(await cost(variantId)).toEqual({ cost_minor: '400', cost_currency: 'EUR' });
    const tooMany = await kit.request<{ code: string }>('POST', '/api/v1/sales-probe/return-to-supplier', {
      body: { id: 'rtv-2', reason: 'wrong item', lines: [{ variantId, locationId: kit.tenant.locationId, quantity: 5 }] },
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('inventory.insufficient_stock');
    expect((await level(kit, variantId)).onHand).toBe(4);
  });

  it('reorder levels and quantities sold in a window are readable through inventory@1', async () => {
    const variantId = await makeVariant(kit);
    const since = new Date(Date.now() - 1000).toISOString();
    await receiveAt(variantId, 20, 100);
    await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: kit.tenant.locationId, variantId, reorderPoint: 5, reorderMax: 30 },
    });
    await sell(variantId, 3, 'deny');
    await sell(variantId, 4, 'deny');
    const until = new Date(Date.now() + 1000).toISOString();
    const levels = await kit.request<{ items: Array<{ variantId: string; reorderPoint: number; reorderMax: number; onHand: number }> }>(
      'GET',
      `/api/v1/sales-probe/reorder-levels?locationId=${kit.tenant.locationId}`,
    );
    expect(levels.body.items.find((l) => l.variantId === variantId)).toMatchObject({ onHand: 13, reorderPoint: 5, reorderMax: 30 });
    const sold = await kit.request<{ items: Array<{ variantId: string; quantity: number }> }>(
      'GET',
      `/api/v1/sales-probe/sold?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`,
    );
    expect(sold.body.items.find((s) => s.variantId === variantId)).toEqual({ variantId, locationId: kit.tenant.locationId, quantity: 7 });
    const before = await kit.request<{ items: unknown[] }>(
      'GET',
      `/api/v1/sales-probe/sold?since=${encodeURIComponent('2000-01-01T00:00:00Z')}&until=${encodeURIComponent(since)}`,
    );
    expect(before.body.items.filter((s) => (s as { variantId: string }).variantId === variantId)).toEqual([]);
  });
});
