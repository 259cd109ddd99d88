import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_SECRET,
  connectByToken,
  DATABASE_KINDS,
  linkedItem,
  mapLocation,
  orderRow,
  salesOfOrder,
  SHOP_DOMAIN,
  shopifyKit,
  stock,
  until,
  type LinkedItem,
  type ShopifyKit,
} from './support.ts';

/** A delivery made by hand: the body, its signature and headers as given (to send what Shopify never would). */
function deliver(url: string, body: string, headers: Record<string, string | undefined>): Promise<Response> {
  const sent: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
  return fetch(url, { method: 'POST', body, headers: sent });
}
const sign = (body: string, secret = CLIENT_SECRET) => createHmac('sha256', secret).update(body).digest('base64');

describe.each(DATABASE_KINDS)('Shopify webhooks on %s', (db) => {
  let s: ShopifyKit;
  let locationId: string;
  let item: LinkedItem;
  const count = async (table: string) =>
    Number(
      (await s.kit.kernel.db.query<{ n: string }>(`select count(*) as n from shopify.${table} where tenant_id = $1`, [s.kit.tenant.id]))[0]!
        .n,
    );

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    locationId = await mapLocation(s);
    item = await linkedItem(s, { stock: 10 });
  });
  afterAll(async () => s?.close());

  it('a missing, wrong or stale signature is a 401 problem and nothing is written', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 1 }], locationId });
    const body = JSON.stringify(s.shop.webhookPayload('orders/create', order));
    const headers = { 'x-shopify-topic': 'orders/create', 'x-shopify-shop-domain': SHOP_DOMAIN, 'x-shopify-webhook-id': 'bad-sig-1' };
    const before = { deliveries: await count('webhook_deliveries'), orders: await count('orders') };

    const attempts = [
      deliver(s.webhookUrl, body, headers),
      deliver(s.webhookUrl, body, { ...headers, 'x-shopify-hmac-sha256': sign(body, 'someone-elses-secret') }),
      deliver(s.webhookUrl, body.replace('"quantity":1', '"quantity":9'), { ...headers, 'x-shopify-hmac-sha256': sign(body) }),
      deliver(s.webhookUrl, body, { ...headers, 'x-shopify-hmac-sha256': 'not base64 at all' }),
      s.shop.sendWebhook('orders/create', JSON.parse(body), { url: s.webhookUrl, webhookId: 'bad-sig-2', secret: 'wrong-secret' }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await response.json()).toMatchObject({ code: 'shopify.webhook_signature', status: 401 });
    }
    expect({ deliveries: await count('webhook_deliveries'), orders: await count('orders') }).toEqual(before);
    expect(await salesOfOrder(s, order.id)).toHaveLength(0);
    expect((await stock(s, item.variantId)).onHand).toBe(10);

    // The same delivery, signed: taken in once.
    const good = await deliver(s.webhookUrl, body, { ...headers, 'x-shopify-hmac-sha256': sign(body) });
    expect(good.status).toBe(200);
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the order to be recorded');
    expect((await stock(s, item.variantId)).onHand).toBe(9);
  });

  it('each webhook id is applied once; topics KiTS does not act on are answered without writing', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 1 }], locationId });
    const payload = s.shop.webhookPayload('orders/create', order);
    const first = await s.shop.sendWebhook('orders/create', payload, { url: s.webhookUrl, webhookId: 'once-1' });
    expect(await first.json()).toMatchObject({ received: true, outcome: 'applied' });
    const deliveries = await count('webhook_deliveries');
    const again = await s.shop.sendWebhook('orders/create', payload, { url: s.webhookUrl, webhookId: 'once-1' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' });
    expect(await count('webhook_deliveries')).toBe(deliveries);

    const other = await s.shop.sendWebhook('customers/create', { id: 1 }, { url: s.webhookUrl, webhookId: 'ignored-1' });
    expect(await other.json()).toMatchObject({ outcome: 'ignored' });
    expect(await count('webhook_deliveries')).toBe(deliveries);
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the order to be recorded');
    expect(await salesOfOrder(s, order.id)).toHaveLength(1);
  });

  it('a signed delivery without its headers or with a body that is not JSON is a 400 that writes nothing', async () => {
    const before = await count('webhook_deliveries');
    const notJson = 'this is not json';
    const noTopic = await deliver(s.webhookUrl, '{}', { 'x-shopify-hmac-sha256': sign('{}'), 'x-shopify-webhook-id': 'h-1' });
    expect(noTopic.status).toBe(400);
    const broken = await deliver(s.webhookUrl, notJson, {
      'x-shopify-hmac-sha256': sign(notJson),
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': 'h-2',
    });
    expect(broken.status).toBe(400);
    const noOrder = await deliver(s.webhookUrl, '{"name":"#1"}', {
      'x-shopify-hmac-sha256': sign('{"name":"#1"}'),
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': 'h-3',
      'x-shopify-shop-domain': SHOP_DOMAIN,
    });
    expect(noOrder.status).toBe(400);
    expect(await count('webhook_deliveries')).toBe(before);
  });

  it("another store's delivery (an old install's subscription) changes nothing", async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 1 }], locationId });
    const body = JSON.stringify(s.shop.webhookPayload('orders/create', order));
    const response = await deliver(s.webhookUrl, body, {
      'x-shopify-hmac-sha256': sign(body),
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': 'other-shop-1',
      'x-shopify-shop-domain': 'another-store.myshopify.com',
    });
    expect(await response.json()).toMatchObject({ outcome: 'ignored' });
    expect(await orderRow(s, order.id)).toBeUndefined();
  });
});
