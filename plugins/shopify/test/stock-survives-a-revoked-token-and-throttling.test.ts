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

const PRICE = 200;
/** Shopify's bucket stays empty this long (the "throttled for 30 s"): sixty pusher runs (every 500 ms). */
const THROTTLE_MS = 30_000;

describe.each(DATABASE_KINDS)('the stock push when Shopify says no, on %s', (db) => {
  let s: ShopifyKit;
  let till: string;
  let token: string;
  let shopifyLocation: string;
  let pen: { variantId: string; inventoryItemId: string };

  beforeAll(async () => {
    s = await shopifyKit(db);
    token = await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    till = await tillWithShift(s);
    const kits = await shelveVariant(s.kit, { name: 'Pen', sku: 'PEN-1', price: PRICE, stock: 50 });
    const product = s.shop.addProduct({ title: 'Pen', variants: [{ sku: 'PEN-1', price: '2.00' }] });
    pen = { variantId: kits.variantId, inventoryItemId: product.variants[0]!.inventoryItemId };
    s.shop.setLevel(pen.inventoryItemId, shopifyLocation, 50);
    await matchCatalogs(s);
  });
  afterAll(async () => s?.close());

  it('a revoked token stops the push with Shopify’s message; nothing is lost, and it catches up once connected again', async () => {
    s.shop.revokeToken(token);
    await sellAtTill(s, till, [{ variantId: pen.variantId, quantity: 3, price: PRICE }]);
    await until(async () => (await syncStatus(s)).failures.some((f) => f.area === 'stock'), 'the failure');

    const status = await syncStatus(s);
    expect(status.failures.filter((f) => f.area === 'stock')).toEqual([
      expect.objectContaining({ area: 'stock', target: 'shop', shopifyCode: '401', message: expect.stringMatching(/Invalid API key/) }),
    ]);
    expect(status.pendingStock).toBe(1);
    const connection = await s.kit.request<{ status: string }>('GET', '/api/v1/shopify/connection');
    expect(connection.body.status).toBe('disconnected');
    // More sales wait too; nobody calls Shopify with the dead token meanwhile.
    const calls = s.shop.calls.length;
    await sellAtTill(s, till, [{ variantId: pen.variantId, quantity: 2, price: PRICE }]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(s.shop.calls.length).toBe(calls);
    expect(s.shop.level(pen.inventoryItemId, shopifyLocation)).toBe(50);

    token = await connectByToken(s);
    await until(() => s.shop.level(pen.inventoryItemId, shopifyLocation) === 45, 'the push caught up');
    await until(async () => !(await syncStatus(s)).failures.some((f) => f.area === 'stock'), 'the stock failure resolved');
    expect((await syncStatus(s)).pendingStock).toBe(0);
    expect((await stock(s, pen.variantId)).available).toBe(45);
  });

  it('throttled by Shopify, the push backs off without losing a sale and catches up when the budget is back', async () => {
    s.shop.throttleFor(THROTTLE_MS);
    const throttledFrom = Date.now();
    const before = s.shop.calls.length;
    for (let i = 0; i < 5; i++) await sellAtTill(s, till, [{ variantId: pen.variantId, quantity: 1, price: PRICE }]);
    expect((await stock(s, pen.variantId)).available).toBe(40);

    await until(() => s.shop.level(pen.inventoryItemId, shopifyLocation) === 40, 'the push caught up', THROTTLE_MS + 30_000);
    const caughtUpAt = Date.now();
    // The stock push's tries (the order intake polls Shopify too, on its own schedule).
    const during = s.shop.calls.slice(before).filter((c) => c.operation === 'inventorySetQuantities');
    const throttled = during.filter((c) => c.throttled);
    // It was refused while the bucket was empty, and it waited: far fewer tries than pusher runs
    // (one every 500 ms), each later than the one before by at least a second.
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled.length).toBeLessThan(THROTTLE_MS / 500);
    for (let i = 1; i < throttled.length; i++) expect(throttled[i]!.at - throttled[i - 1]!.at).toBeGreaterThanOrEqual(900);
    // The push that went through came after the throttle, with KiTS's quantity: no sale lost.
    const sets = stockCalls(s, pen.inventoryItemId).filter((c) => c.at >= throttledFrom);
    expect(sets.at(-1)!.at).toBeGreaterThanOrEqual(throttledFrom + THROTTLE_MS);
    expect(sets.at(-1)!.at).toBeLessThanOrEqual(caughtUpAt);
    expect((sets.at(-1)!.variables.input as { quantities: Array<{ quantity: number }> }).quantities[0]!.quantity).toBe(40);
    // Throttling is Shopify's pacing, not a failure to show (read once the push's transaction committed).
    await until(async () => (await syncStatus(s)).pendingStock === 0, 'nothing pending');
    const status = await syncStatus(s);
    expect(status.failures.filter((f) => f.area === 'stock')).toEqual([]);
    expect(status.pendingStock).toBe(0);
  }, THROTTLE_MS + 60_000);
});
