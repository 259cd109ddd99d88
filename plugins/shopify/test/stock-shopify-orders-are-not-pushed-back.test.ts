import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectByToken,
  DATABASE_KINDS,
  mapLocation,
  matchCatalogs,
  orderRow,
  sellAtTill,
  shopifyKit,
  stock,
  stockCalls,
  syncStatus,
  tillWithShift,
  until,
  type ShopifyKit,
} from './support.ts';

const PRICE = 900;

describe.each(DATABASE_KINDS)('Shopify’s own orders and the stock push on %s', (db) => {
  let s: ShopifyKit;
  let shopifyLocation: string;
  let lamp: { variantId: string; inventoryItemId: string; shopifyVariantId: string };

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    const kits = await shelveVariant(s.kit, { name: 'Lamp', sku: 'LAMP-1', price: PRICE, stock: 10 });
    const product = s.shop.addProduct({ title: 'Lamp', variants: [{ sku: 'LAMP-1', price: '9.00' }] });
    lamp = { variantId: kits.variantId, inventoryItemId: product.variants[0]!.inventoryItemId, shopifyVariantId: product.variants[0]!.id };
    s.shop.setLevel(lamp.inventoryItemId, shopifyLocation, 10);
    await matchCatalogs(s);
  });
  afterAll(async () => s?.close());

  it('an order Shopify took stock for is not “corrected” on Shopify after KiTS records it', async () => {
    const before = stockCalls(s, lamp.inventoryItemId).length;
    const order = s.shop.createOrder({ lineItems: [{ variantId: lamp.shopifyVariantId, quantity: 2 }], locationId: shopifyLocation });
    expect(s.shop.level(lamp.inventoryItemId, shopifyLocation)).toBe(8);
    await s.shop.deliverSubscribedWebhooks('orders/create', s.shop.webhookPayload('orders/create', order));
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the order recorded as a sale');
    expect((await stock(s, lamp.variantId)).available).toBe(8);

    // The sale's stock movement reaches the pusher, which finds both sides at 8: no call.
    await until(async () => (await syncStatus(s)).pendingStock === 0, 'the movement settled');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(stockCalls(s, lamp.inventoryItemId).length).toBe(before);
    expect(s.shop.level(lamp.inventoryItemId, shopifyLocation)).toBe(8);
    const [drift] = await s.kit.kernel.db.query('select 1 from shopify.stock_drift where tenant_id = $1 and variant_id = $2', [
      s.kit.tenant.id,
      lamp.variantId,
    ]);
    expect(drift).toBeUndefined();
  });

  it('a till sale after it compares with what the order left on Shopify', async () => {
    const till = await tillWithShift(s);
    await sellAtTill(s, till, [{ variantId: lamp.variantId, quantity: 1, price: PRICE }]);
    await until(() => s.shop.level(lamp.inventoryItemId, shopifyLocation) === 7, 'Shopify at 7');
    const last = stockCalls(s, lamp.inventoryItemId).at(-1)!;
    expect((last.variables.input as { quantities: unknown[] }).quantities).toEqual([
      { inventoryItemId: lamp.inventoryItemId, locationId: shopifyLocation, quantity: 7, compareQuantity: 8 },
    ]);
  });
});
