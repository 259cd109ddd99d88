import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectByToken,
  DATABASE_KINDS,
  linkedItem,
  mapLocation,
  orderRow,
  salesOfOrder,
  settled,
  shopifyKit,
  stock,
  until,
  type LinkedItem,
  type ShopifyKit,
} from './support.ts';

describe.each(DATABASE_KINDS)('a revoked Shopify token on %s', (db) => {
  let s: ShopifyKit;
  let shopifyLocation: string;
  let item: LinkedItem;
  let token: string;

  beforeAll(async () => {
    s = await shopifyKit(db);
    token = await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    item = await linkedItem(s, { stock: 5 });
    // The first order poll and the item's stock push come first: the order's take-in is the call the revoked token meets.
    await settled(s);
  });
  afterAll(async () => s?.close());

  it('marks the store disconnected with a reason the office shows, records nothing, and stops calling Shopify', async () => {
    s.shop.revokeToken(token);
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 1 }], locationId: shopifyLocation });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(
      async () => (await s.kit.request<{ status: string }>('GET', '/api/v1/shopify/connection')).body.status === 'disconnected',
      'the disconnection',
    );

    const connection = await s.kit.request<{ status: string; disconnectedReason: string }>('GET', '/api/v1/shopify/connection');
    expect(connection.body.disconnectedReason).toMatch(/refused the access token.*Invalid API key/);
    const [failure] = await s.kit.kernel.db.query<{ message: string; shopify_code: string }>(
      `select message, shopify_code from shopify.sync_failures where tenant_id = $1 and area = 'orders' and target = $2`,
      [s.kit.tenant.id, order.id],
    );
    expect(failure).toMatchObject({ shopify_code: '401' });
    expect(failure!.message).toMatch(/Invalid API key/);
    expect(await salesOfOrder(s, order.id)).toHaveLength(0);
    expect((await stock(s, item.variantId)).onHand).toBe(5);
    expect((await orderRow(s, order.id))?.pending).toBe(true);

    // More news from Shopify is noted, but nobody calls Shopify with the dead token any more.
    const calls = s.shop.calls.length;
    const next = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 1 }], locationId: shopifyLocation });
    const delivered = await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', next), { url: s.webhookUrl });
    expect(await delivered.json()).toMatchObject({ outcome: 'applied' });
    const polled = await s.kit.request<{ code: string }>('POST', '/api/v1/shopify/orders/poll');
    expect(polled.status).toBe(409);
    expect(polled.body.code).toBe('shopify.not_connected');
    expect(s.shop.calls.length).toBe(calls);

    // Connected again with a new token, the waiting orders are taken in.
    await connectByToken(s);
    await s.kit.request('POST', '/api/v1/shopify/orders/poll');
    await until(
      async () => (await orderRow(s, order.id))?.stage === 'sold' && (await orderRow(s, next.id))?.stage === 'sold',
      'the waiting orders',
    );
    expect((await stock(s, item.variantId)).onHand).toBe(3);
  });
});
