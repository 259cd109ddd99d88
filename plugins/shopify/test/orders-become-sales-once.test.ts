import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectByToken,
  DATABASE_KINDS,
  linkedItem,
  mapLocation,
  orderRow,
  pollNow,
  salesOfOrder,
  shopifyKit,
  stock,
  until,
  type LinkedItem,
  type ShopifyKit,
} from './support.ts';

/** The sale's tenders and charges as core-sales keeps them. */
async function saleDetail(s: ShopifyKit, saleId: string) {
  const tenders = await s.kit.kernel.db.query<{ method: string; amount: string | number }>(
    'select method, amount from sales.tenders where tenant_id = $1 and sale_id = $2 order by tender_no',
    [s.kit.tenant.id, saleId],
  );
  const charges = await s.kit.kernel.db.query<{ kind: string; title: string; amount: string | number; tax: string | number }>(
    'select kind, title, amount, tax from sales.sale_charges where tenant_id = $1 and sale_id = $2 order by charge_no',
    [s.kit.tenant.id, saleId],
  );
  const [sale] = await s.kit.kernel.db.query<{
    location_id: string;
    total: string | number;
    tax_total: string | number;
    tax_included: boolean;
    source_name: string;
  }>('select location_id, total, tax_total, tax_included, source_name from sales.sales where tenant_id = $1 and sale_id = $2', [
    s.kit.tenant.id,
    saleId,
  ]);
  return {
    sale: { ...sale!, total: Number(sale!.total), tax_total: Number(sale!.tax_total) },
    tenders: tenders.map((t) => ({ method: t.method, amount: Number(t.amount) })),
    charges: charges.map((c) => ({ kind: c.kind, title: c.title, amount: Number(c.amount), tax: Number(c.tax) })),
  };
}

describe.each(DATABASE_KINDS)('Shopify orders become KiTS sales on %s', (db) => {
  let s: ShopifyKit;
  let shopifyLocation: string;
  let item: LinkedItem;

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    item = await linkedItem(s, { stock: 40, price: 1250 });
  });
  afterAll(async () => s?.close());

  it('an order is a sale at the fulfilling location, priced, taxed and paid as Shopify computed it', async () => {
    const order = s.shop.createOrder({
      lineItems: [{ variantId: item.shopifyVariantId, quantity: 2, discount: '1.00', tax: '4.56' }],
      locationId: shopifyLocation,
      gateway: 'shopify_payments',
      shipping: { title: 'Standard', price: '5.00', tax: '0.95' },
    });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the order to be recorded');

    const [sale] = await salesOfOrder(s, order.id);
    const detail = await saleDetail(s, sale!.sale_id);
    // 2 × 12.50 − 1.00 + 4.56 tax, shipping 5.00 + 0.95 tax.
    expect(detail.sale).toMatchObject({
      location_id: s.kit.tenant.locationId,
      total: 3451,
      tax_total: 551,
      tax_included: false,
      source_name: order.name,
    });
    expect(detail.tenders).toEqual([{ method: 'shopify_payments', amount: 3451 }]);
    expect(detail.charges).toEqual([{ kind: 'shipping', title: 'Standard', amount: 500, tax: 95 }]);
    expect((await stock(s, item.variantId)).onHand).toBe(38);
  });

  it('an order lowers KiTS stock once though its webhook arrives three times while polling also finds it (raced, many times)', async () => {
    const before = (await stock(s, item.variantId)).onHand;
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 1 }], locationId: shopifyLocation });
      const payload = s.shop.webhookPayload('orders/create', order);
      const updated = s.shop.webhookPayload('orders/updated', order);
      await Promise.all([
        s.shop.sendWebhook('orders/create', payload, { url: s.webhookUrl, webhookId: `race-${round}` }),
        // Shopify retries a delivery with the same id, and sends other topics of the same order with their own.
        s.shop.sendWebhook('orders/create', payload, { url: s.webhookUrl, webhookId: `race-${round}` }),
        s.shop.sendWebhook('orders/updated', updated, { url: s.webhookUrl, webhookId: `race-updated-${round}` }),
        pollNow(s),
      ]);
      await until(async () => {
        const row = await orderRow(s, order.id);
        return row?.stage === 'sold' && !row.pending;
      }, `order ${order.name} to be recorded`);
      expect(await salesOfOrder(s, order.id)).toHaveLength(1);
    }
    // Polling again finds nothing new to take in.
    await pollNow(s);
    expect((await stock(s, item.variantId)).onHand).toBe(before - rounds);
  });

  it('the stock sync does not "correct" Shopify for an order Shopify already took stock for (no echo)', async () => {
    const echo = await linkedItem(s, { stock: 20 });
    s.shop.setLevel(echo.inventoryItemId, shopifyLocation, 20);
    // A KiTS movement: pushed to Shopify, so KiTS knows what Shopify holds.
    const adjusted = await s.kit.request('POST', '/api/v1/core-inventory/stock/adjust', {
      body: { locationId: s.kit.tenant.locationId, variantId: echo.variantId, quantity: 1, reason: 'Found one' },
    });
    expect(adjusted.status).toBe(201);
    const settled = async () => {
      const [row] = await s.kit.kernel.db.query<{ shopify_known: number | null; wanted: boolean }>(
        'select shopify_known, wanted_since is not null as wanted from shopify.stock_push where tenant_id = $1 and variant_id = $2',
        [s.kit.tenant.id, echo.variantId],
      );
      return row && !row.wanted ? row.shopify_known : undefined;
    };
    await until(async () => (await settled()) === 21 && s.shop.level(echo.inventoryItemId, shopifyLocation) === 21, 'the push of 21');

    const order = s.shop.createOrder({ lineItems: [{ variantId: echo.shopifyVariantId, quantity: 2 }], locationId: shopifyLocation });
    expect(s.shop.level(echo.inventoryItemId, shopifyLocation)).toBe(19);
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the order to be recorded');
    await until(async () => (await settled()) === 19, 'the stock sync to settle');
    expect((await stock(s, echo.variantId)).onHand).toBe(19);
    expect(s.shop.level(echo.inventoryItemId, shopifyLocation)).toBe(19);
    // Had KiTS not known Shopify took the 2, its push would have met a stale compareQuantity (21 ≠ 19).
    const stale = await s.kit.kernel.db.query(
      `select 1 from shopify.stock_drift where tenant_id = $1 and variant_id = $2 and found_by = 'stale_compare'`,
      [s.kit.tenant.id, echo.variantId],
    );
    expect(stale).toHaveLength(0);
  });

  it('an order missed by webhooks (the kernel was down) is caught up by polling', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 3 }], locationId: shopifyLocation });
    const before = (await stock(s, item.variantId)).onHand;
    const polled = await pollNow(s);
    expect(polled.marked).toBeGreaterThanOrEqual(1);
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'polling to record the order');
    expect(await salesOfOrder(s, order.id)).toHaveLength(1);
    expect((await stock(s, item.variantId)).onHand).toBe(before - 3);
    // Asked again, the same order is not taken in a second time.
    expect((await pollNow(s)).marked).toBe(0);
    expect((await stock(s, item.variantId)).onHand).toBe(before - 3);
  });

  it('Shopify throttling the intake puts the order off, with the failure shown, until the budget is back', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 1 }], locationId: shopifyLocation });
    s.shop.throttleFor(1_500);
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(
      async () => (await orderRow(s, order.id))?.last_error !== null && (await orderRow(s, order.id)) !== undefined,
      'the throttled attempt',
    );
    const [failure] = await s.kit.kernel.db.query<{ message: string; shopify_code: string | null }>(
      `select message, shopify_code from shopify.sync_failures where tenant_id = $1 and area = 'orders' and target = $2 and resolved_at is null`,
      [s.kit.tenant.id, order.id],
    );
    expect(failure).toMatchObject({ shopify_code: 'THROTTLED' });
    expect(await salesOfOrder(s, order.id)).toHaveLength(0);
    // The intake job takes it in once Shopify's wait is over; the failure is resolved.
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the order taken in after the wait', 20_000);
    const open = await s.kit.kernel.db.query(
      `select 1 from shopify.sync_failures where tenant_id = $1 and target = $2 and resolved_at is null`,
      [s.kit.tenant.id, order.id],
    );
    expect(open).toHaveLength(0);
  });
});
