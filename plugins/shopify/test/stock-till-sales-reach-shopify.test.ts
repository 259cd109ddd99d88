import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectByToken,
  DATABASE_KINDS,
  mapLocation,
  matchCatalogs,
  sellAtTill,
  shopifyKit,
  stock,
  stockCalls,
  syncStatus,
  tillWithShift,
  until,
  type ShopifyKit,
} from './support.ts';

const PRICE = 450;

describe.each(DATABASE_KINDS)('till sales reach Shopify on %s', (db) => {
  let s: ShopifyKit;
  let till: string;
  let shopifyLocation: string;
  let mug: { variantId: string; inventoryItemId: string };
  let tee: { variantId: string; inventoryItemId: string };

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    till = await tillWithShift(s);
    const seed = async (sku: string, stockLevel: number) => {
      const kits = await shelveVariant(s.kit, { name: sku, sku, price: PRICE, stock: stockLevel });
      const product = s.shop.addProduct({ title: sku, variants: [{ sku, price: '4.50' }] });
      const inventoryItemId = product.variants[0]!.inventoryItemId;
      s.shop.setLevel(inventoryItemId, shopifyLocation, stockLevel);
      return { variantId: kits.variantId, inventoryItemId };
    };
    mug = await seed('MUG-1', 10);
    tee = await seed('TEE-1', 500);
    const matched = await matchCatalogs(s);
    expect(matched).toMatchObject({ state: 'done', linked: 2 });
  });
  afterAll(async () => s?.close());

  it('a sale at the till lowers Shopify’s level once, comparing with what Shopify was known to hold', async () => {
    expect(s.shop.level(mug.inventoryItemId, shopifyLocation)).toBe(10);
    const before = stockCalls(s, mug.inventoryItemId).length;

    await sellAtTill(s, till, [{ variantId: mug.variantId, quantity: 2, price: PRICE }]);
    await until(() => s.shop.level(mug.inventoryItemId, shopifyLocation) === 8, 'Shopify’s new level');
    // Nothing more goes to Shopify for it: the level is settled.
    await until(async () => (await syncStatus(s)).pendingStock === 0, 'nothing pending');
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const calls = stockCalls(s, mug.inventoryItemId).slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.variables.input).toMatchObject({
      name: 'available',
      reason: 'correction',
      ignoreCompareQuantity: false,
      quantities: [{ inventoryItemId: mug.inventoryItemId, locationId: shopifyLocation, quantity: 8, compareQuantity: 10 }],
    });
    expect(s.shop.level(mug.inventoryItemId, shopifyLocation)).toBe(8);
    expect((await stock(s, mug.variantId)).available).toBe(8);
    const status = await syncStatus(s);
    expect(status.failures).toEqual([]);
    expect(status.lastStockPushAt).not.toBeNull();
  });

  it('100 sales in a second become a few calls, and Shopify ends at KiTS’s level', async () => {
    const before = stockCalls(s, tee.inventoryItemId).length;
    const started = Date.now();
    // Over about a second: ten rounds of ten sales at once (the checkout serialises them on the level).
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 10 }, () => sellAtTill(s, till, [{ variantId: tee.variantId, quantity: 1, price: PRICE }])));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const selling = Date.now() - started;
    expect((await stock(s, tee.variantId)).available).toBe(400);
    await until(() => s.shop.level(tee.inventoryItemId, shopifyLocation) === 400, 'Shopify at 400', 20_000);
    await until(async () => (await syncStatus(s)).pendingStock === 0, 'nothing pending');

    const calls = stockCalls(s, tee.inventoryItemId).slice(before);
    // One call per pusher run (every 500 ms) that found the level moved while the sales went on,
    // and one after: far fewer than the sales. A loaded machine sells slower, so the bound follows
    // the time the sales took (about a second when idle, so 4 calls).
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(selling / 500) + 2);
    expect(calls.length).toBeLessThan(25);
    // Each call compared with what the one before it left: none was stale.
    const quantities = calls.map(
      (call) => (call.variables.input as { quantities: Array<{ quantity: number; compareQuantity: number }> }).quantities[0]!,
    );
    expect(quantities[0]!.compareQuantity).toBe(500);
    for (let i = 1; i < quantities.length; i++) expect(quantities[i]!.compareQuantity).toBe(quantities[i - 1]!.quantity);
    expect(quantities.at(-1)!.quantity).toBe(400);
  });
});
