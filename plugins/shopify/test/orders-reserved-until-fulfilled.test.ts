import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectByToken,
  DATABASE_KINDS,
  linkedItem,
  mapLocation,
  orderRow,
  salesOfOrder,
  shopifyKit,
  stock,
  until,
  type LinkedItem,
  type ShopifyKit,
} from './support.ts';

describe.each(DATABASE_KINDS)('Shopify orders held in reserve until fulfilled on %s', (db) => {
  let s: ShopifyKit;
  let shopifyLocation: string;
  let item: LinkedItem;

  beforeAll(async () => {
    s = await shopifyKit(db, { settings: { orderHandling: 'reserve' } });
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    item = await linkedItem(s, { stock: 10 });
  });
  afterAll(async () => s?.close());

  it('an order holds its stock (available down, on hand kept); fulfilment makes it a sale that takes the held stock', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 3 }], locationId: shopifyLocation });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'reserved', 'the reservation');
    expect(await stock(s, item.variantId)).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
    expect(await salesOfOrder(s, order.id)).toHaveLength(0);

    s.shop.fulfillOrder(order.id);
    const fulfilled = s.shop.webhookPayload('orders/fulfilled', order.id);
    await Promise.all([
      s.shop.sendWebhook('orders/fulfilled', fulfilled, { url: s.webhookUrl }),
      s.shop.sendWebhook('orders/fulfilled', fulfilled, { url: s.webhookUrl }),
    ]);
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the sale on fulfilment');
    expect(await salesOfOrder(s, order.id)).toHaveLength(1);
    expect(await stock(s, item.variantId)).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  });

  it('an order canceled before fulfilment releases what it held', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 2 }], locationId: shopifyLocation });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'reserved', 'the reservation');
    expect(await stock(s, item.variantId)).toMatchObject({ onHand: 7, reserved: 2, available: 5 });
    s.shop.cancelOrder(order.id);
    await s.shop.sendWebhook('orders/cancelled', s.shop.webhookPayload('orders/cancelled', order.id), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'cancelled', 'the release');
    expect(await stock(s, item.variantId)).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    expect(await salesOfOrder(s, order.id)).toHaveLength(0);
  });

  it('an order for more than is available holds what there is and raises a short-stock discrepancy', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 9 }], locationId: shopifyLocation });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'reserved', 'the reservation');
    expect(await stock(s, item.variantId)).toMatchObject({ onHand: 7, reserved: 7, available: 0 });
    const open = (
      await s.kit.request<{ items: Array<{ orderId: string; reason: string; wanted: number; available: number }> }>(
        'GET',
        '/api/v1/shopify/orders/discrepancies',
      )
    ).body.items.filter((d) => d.orderId === order.id);
    expect(open).toEqual([expect.objectContaining({ reason: 'short_stock', wanted: 9, available: 7 })]);
  });
});
