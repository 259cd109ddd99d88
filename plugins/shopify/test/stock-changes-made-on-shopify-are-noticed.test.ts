import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectByToken,
  DATABASE_KINDS,
  mapLocation,
  matchCatalogs,
  sellAtTill,
  shopifyKit,
  stockCalls,
  syncStatus,
  tillWithShift,
  until,
  type ShopifyKit,
} from './support.ts';

const PRICE = 300;

interface Drift {
  found_by: string;
  shopify: number;
  expected: number | null;
  kits: number;
}

describe.each(DATABASE_KINDS)('changes made on Shopify on %s', (db) => {
  let s: ShopifyKit;
  let till: string;
  let shopifyLocation: string;
  let cap: { variantId: string; inventoryItemId: string };
  let scarf: { variantId: string; inventoryItemId: string };

  const drifts = (variantId: string) =>
    s.kit.kernel.db.query<Drift>(
      'select found_by, shopify, expected, kits from shopify.stock_drift where tenant_id = $1 and variant_id = $2 order by drift_id',
      [s.kit.tenant.id, variantId],
    );

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    till = await tillWithShift(s);
    const seed = async (sku: string, kitsStock: number, shopifyStock: number) => {
      const kits = await shelveVariant(s.kit, { name: sku, sku, price: PRICE, stock: kitsStock });
      const product = s.shop.addProduct({ title: sku, variants: [{ sku, price: '3.00' }] });
      const inventoryItemId = product.variants[0]!.inventoryItemId;
      s.shop.setLevel(inventoryItemId, shopifyLocation, shopifyStock);
      return { variantId: kits.variantId, inventoryItemId };
    };
    cap = await seed('CAP-1', 10, 10);
    // Shopify holds 7 where KiTS counts 12: the first push sets 12 and says what Shopify had.
    scarf = await seed('SCARF-1', 12, 7);
    await matchCatalogs(s);
  });
  afterAll(async () => s?.close());

  it('the first push of a new link replaces what Shopify held, and records it', async () => {
    expect(s.shop.level(scarf.inventoryItemId, shopifyLocation)).toBe(12);
    expect(await drifts(scarf.variantId)).toEqual([{ found_by: 'first_push', shopify: 7, expected: null, kits: 12 }]);
    expect(await drifts(cap.variantId)).toEqual([]);
  });

  it('a stale compareQuantity is read again and set again with KiTS’s quantity; what Shopify had is recorded', async () => {
    // The merchant counts 15 on Shopify meanwhile; then the till sells one.
    s.shop.setLevel(cap.inventoryItemId, shopifyLocation, 15);
    const before = s.shop.calls.length;
    await sellAtTill(s, till, [{ variantId: cap.variantId, quantity: 1, price: PRICE }]);
    await until(() => s.shop.level(cap.inventoryItemId, shopifyLocation) === 9, 'Shopify set to KiTS’s 9');

    const calls = s.shop.calls.slice(before).filter((c) => !c.throttled);
    // The set refused as stale (nothing changed), the level read, the set again comparing with 15.
    expect(calls.map((c) => c.operation)).toEqual(['inventorySetQuantities', 'nodes', 'inventorySetQuantities']);
    const compares = stockCalls(s, cap.inventoryItemId)
      .slice(-2)
      .map((c) => (c.variables.input as { quantities: Array<{ compareQuantity: number; quantity: number }> }).quantities[0]);
    expect(compares).toEqual([
      expect.objectContaining({ quantity: 9, compareQuantity: 10 }),
      expect.objectContaining({ quantity: 9, compareQuantity: 15 }),
    ]);
    // The push's transaction commits just after Shopify answered.
    await until(async () => (await drifts(cap.variantId)).length > 0, 'the difference recorded');
    expect(await drifts(cap.variantId)).toEqual([{ found_by: 'stale_compare', shopify: 15, expected: 10, kits: 9 }]);
    const status = await syncStatus(s);
    expect(status.failures).toEqual([]);
    expect(status.pendingStock).toBe(0);
  });

  it('a reconciliation reads every linked level, repairs drift and reports what it fixed', async () => {
    await until(async () => (await syncStatus(s)).pendingStock === 0, 'nothing pending');
    // Shopify drifts with no movement in KiTS (another app, an edit on Shopify).
    s.shop.setLevel(scarf.inventoryItemId, shopifyLocation, 3);

    const run = await s.kit.request<{ state: string; checked: number; repaired: Array<Record<string, unknown>>; at: string }>(
      'POST',
      '/api/v1/shopify/sync/reconcile',
    );
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ state: 'done', checked: 2, trigger: 'manual' });
    expect(run.body.repaired).toEqual([
      { variantId: scarf.variantId, locationId: s.kit.tenant.locationId, shopify: 3, expected: 12, kits: 12 },
    ]);
    expect(s.shop.level(scarf.inventoryItemId, shopifyLocation)).toBe(12);
    expect(s.shop.level(cap.inventoryItemId, shopifyLocation)).toBe(9);

    const status = await syncStatus(s);
    expect(status.lastReconciliation).toMatchObject({ at: run.body.at, checked: 2, repaired: run.body.repaired });

    // Nothing drifted since: the next reconciliation repairs nothing and sets nothing.
    const sets = stockCalls(s).length;
    const again = await s.kit.request<{ state: string; repaired: unknown[] }>('POST', '/api/v1/shopify/sync/reconcile');
    expect(again.body).toMatchObject({ state: 'done', repaired: [] });
    expect(stockCalls(s).length).toBe(sets);
  });
});
