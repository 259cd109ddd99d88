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

/** The refunds core-sales recorded for a Shopify sale: their source and total. */
async function refundsOf(s: ShopifyKit, saleId: string) {
  const rows = await s.kit.kernel.db.query<{ source_id: string; total: string | number }>(
    `select source_id, total from sales.refunds where tenant_id = $1 and sale_id = $2 order by source_id`,
    [s.kit.tenant.id, saleId],
  );
  return rows.map((r) => ({ sourceId: r.source_id, total: Number(r.total) }));
}

describe.each(DATABASE_KINDS)('Shopify cancellations and refunds on %s', (db) => {
  let s: ShopifyKit;
  let shopifyLocation: string;
  let item: LinkedItem;

  /** An order of `quantity` taken in as a sale; answers it and its sale id. */
  async function soldOrder(quantity: number) {
    const order = s.shop.createOrder({
      lineItems: [{ variantId: item.shopifyVariantId, quantity, tax: (quantity * 2.375).toFixed(2) }],
      locationId: shopifyLocation,
    });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the order to be recorded');
    return { order, saleId: (await salesOfOrder(s, order.id))[0]!.sale_id };
  }

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    item = await linkedItem(s, { stock: 50, price: 1000 });
  });
  afterAll(async () => s?.close());

  it('an order canceled on Shopify without a refund voids its sale and the stock comes back, once', async () => {
    const before = (await stock(s, item.variantId)).onHand;
    const { order, saleId } = await soldOrder(2);
    expect((await stock(s, item.variantId)).onHand).toBe(before - 2);
    s.shop.cancelOrder(order.id, { refund: false, restock: true });
    const payload = s.shop.webhookPayload('orders/cancelled', order.id);
    await s.shop.sendWebhook('orders/cancelled', payload, { url: s.webhookUrl, webhookId: `cancel-${order.id}` });
    await until(async () => (await orderRow(s, order.id))?.stage === 'cancelled', 'the cancellation');
    expect(await salesOfOrder(s, order.id)).toEqual([expect.objectContaining({ sale_id: saleId, status: 'voided' })]);
    expect((await stock(s, item.variantId)).onHand).toBe(before);
    // Delivered again, with another id: nothing more comes back.
    await s.shop.sendWebhook('orders/cancelled', payload, { url: s.webhookUrl, webhookId: `cancel-again-${order.id}` });
    await until(async () => (await orderRow(s, order.id))?.pending === false, 'the second look');
    expect((await stock(s, item.variantId)).onHand).toBe(before);
  });

  it('an order canceled with its refund (Shopify’s default) records the refund and restocks, without a void', async () => {
    const before = (await stock(s, item.variantId)).onHand;
    const { order, saleId } = await soldOrder(3);
    const cancelled = s.shop.cancelOrder(order.id);
    await s.shop.sendWebhook('refunds/create', s.shop.webhookPayload('refunds/create', cancelled.refunds[0]!.id), { url: s.webhookUrl });
    await s.shop.sendWebhook('orders/cancelled', s.shop.webhookPayload('orders/cancelled', order.id), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'cancelled', 'the cancellation');
    const refunds = await refundsOf(s, saleId);
    expect(refunds).toEqual([{ sourceId: cancelled.refunds[0]!.id, total: 3 * 1000 + 713 }]);
    expect((await stock(s, item.variantId)).onHand).toBe(before);
  });

  it('a refund with restock puts the goods back; one without restock records the money only', async () => {
    const before = (await stock(s, item.variantId)).onHand;
    const { order, saleId } = await soldOrder(4);
    const lineItemId = order.lineItems.nodes[0]!.id;
    s.shop.fulfillOrder(order.id);

    const back = s.shop.refundOrder(order.id, { lines: [{ lineItemId, quantity: 1, restock: true }] });
    await s.shop.sendWebhook('refunds/create', s.shop.webhookPayload('refunds/create', back.id), { url: s.webhookUrl });
    await until(async () => (await refundsOf(s, saleId)).length === 1, 'the restocked refund');
    expect((await stock(s, item.variantId)).onHand).toBe(before - 4 + 1);

    const kept = s.shop.refundOrder(order.id, { lines: [{ lineItemId, quantity: 1, restock: false }] });
    await s.shop.sendWebhook('refunds/create', s.shop.webhookPayload('refunds/create', kept.id), { url: s.webhookUrl });
    await until(async () => (await refundsOf(s, saleId)).length === 2, 'the refund without restock');
    expect((await stock(s, item.variantId)).onHand).toBe(before - 4 + 1);
    // 10.00 + its share of the 9.50 tax, each.
    expect((await refundsOf(s, saleId)).map((r) => r.total)).toEqual([1238, 1238]);

    // The same refund delivered again is not recorded twice.
    await s.shop.sendWebhook('refunds/create', s.shop.webhookPayload('refunds/create', back.id), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.pending === false, 'the repeat to be looked at');
    expect(await refundsOf(s, saleId)).toHaveLength(2);
    expect((await stock(s, item.variantId)).onHand).toBe(before - 4 + 1);
  });
});
