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

interface Discrepancy {
  discrepancyId: string;
  orderId: string;
  orderName: string | null;
  reason: string;
  variantId: string | null;
  locationId: string | null;
  wanted: number | null;
  available: number | null;
  resolution: string | null;
  note: string | null;
}

const list = async (s: ShopifyKit, state: 'open' | 'resolved' = 'open') =>
  (await s.kit.request<{ items: Discrepancy[] }>('GET', `/api/v1/shopify/orders/discrepancies?state=${state}`)).body.items;

describe.each(DATABASE_KINDS)('Shopify order discrepancies on %s', (db) => {
  let s: ShopifyKit;
  let shopifyLocation: string;
  let item: LinkedItem;

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    item = await linkedItem(s, { stock: 1, price: 800 });
  });
  afterAll(async () => s?.close());

  it('an order for more than KiTS has is recorded (it is paid) and raises a short-stock discrepancy the merchant resolves', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 3 }], locationId: shopifyLocation });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the order to be recorded');
    expect((await stock(s, item.variantId)).onHand).toBe(-2);

    const [short] = (await list(s)).filter((d) => d.orderId === order.id);
    expect(short).toMatchObject({
      reason: 'short_stock',
      orderName: order.name,
      variantId: item.variantId,
      locationId: s.kit.tenant.locationId,
      wanted: 3,
      resolution: null,
    });

    const resolved = await s.kit.request<Discrepancy>('POST', `/api/v1/shopify/orders/discrepancies/${short!.discrepancyId}/resolve`, {
      body: { resolution: 'stock_adjusted', note: 'Counted the shelf: 3 were there.' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ resolution: 'stock_adjusted', note: 'Counted the shelf: 3 were there.' });
    expect((await list(s)).some((d) => d.discrepancyId === short!.discrepancyId)).toBe(false);
    expect((await list(s, 'resolved')).some((d) => d.discrepancyId === short!.discrepancyId)).toBe(true);

    // Resolving again, or with bad input, is a problem that changes nothing.
    const twice = await s.kit.request<{ code: string }>('POST', `/api/v1/shopify/orders/discrepancies/${short!.discrepancyId}/resolve`, {
      body: { resolution: 'accepted' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('shopify.discrepancy_resolved');
  });

  it('bad input to the discrepancy routes is a 4xx problem that changes nothing', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: item.shopifyVariantId, quantity: 1 }], locationId: shopifyLocation });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await list(s)).some((d) => d.orderId === order.id), 'the discrepancy');
    const open = (await list(s)).find((d) => d.orderId === order.id)!;
    const resolve = (id: string, body: unknown) =>
      s.kit.request<{ code: string }>('POST', `/api/v1/shopify/orders/discrepancies/${id}/resolve`, { body });
    expect((await resolve(open.discrepancyId, { resolution: 'forgotten' })).status).toBe(400);
    expect((await resolve(open.discrepancyId, {})).status).toBe(400);
    expect((await resolve(open.discrepancyId, { resolution: 'accepted', note: 'bell\u0007' })).status).toBe(400);
    expect((await resolve(open.discrepancyId, { resolution: 'accepted', extra: true })).status).toBe(400);
    expect((await resolve('not-a-uuid', { resolution: 'accepted' })).status).toBe(400);
    const missing = await resolve('01890000-0000-7000-8000-000000000000', { resolution: 'accepted' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('shopify.discrepancy_not_found');
    expect((await s.kit.request('GET', '/api/v1/shopify/orders/discrepancies?state=closed')).status).toBe(400);
    expect((await list(s)).find((d) => d.discrepancyId === open.discrepancyId)).toMatchObject({ resolution: null });
  });

  it('a line KiTS has no link for is no guess: its money is a charge on the sale and a discrepancy names it', async () => {
    const stranger = s.shop.addProduct({ title: 'Gift wrap', variants: [{ sku: 'WRAP-1', price: '3.00' }] });
    const stocked = await linkedItem(s, { stock: 5, price: 500 });
    const order = s.shop.createOrder({
      lineItems: [
        { variantId: stocked.shopifyVariantId, quantity: 1 },
        { variantId: stranger.variants[0]!.id, quantity: 2 },
      ],
      locationId: shopifyLocation,
    });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the order to be recorded');
    const [sale] = await salesOfOrder(s, order.id);
    expect(Number(sale!.total)).toBe(500 + 600);
    expect((await stock(s, stocked.variantId)).onHand).toBe(4);
    const unlinked = (await list(s)).filter((d) => d.orderId === order.id);
    expect(unlinked).toEqual([expect.objectContaining({ reason: 'unlinked_variant', variantId: null, wanted: 2 })]);
  });

  it('an order at a Shopify location that is not mapped waits with a discrepancy, and is recorded once the location is mapped', async () => {
    const elsewhere = s.shop.addLocation({ name: 'Pop-up' });
    const stocked = await linkedItem(s, { stock: 5 });
    const order = s.shop.createOrder({ lineItems: [{ variantId: stocked.shopifyVariantId, quantity: 1 }], locationId: elsewhere.id });
    await s.shop.sendWebhook('orders/create', s.shop.webhookPayload('orders/create', order), { url: s.webhookUrl });
    await until(async () => (await orderRow(s, order.id))?.stage === 'held', 'the order to be held');
    expect(await salesOfOrder(s, order.id)).toHaveLength(0);
    expect((await list(s)).filter((d) => d.orderId === order.id)).toEqual([
      expect.objectContaining({ reason: 'unmapped_location', variantId: null }),
    ]);

    const mapped = await s.kit.request('PUT', '/api/v1/shopify/locations', {
      body: { links: [{ locationId: s.kit.tenant.locationId, shopifyLocationId: elsewhere.id }] },
    });
    expect(mapped.status).toBe(200);
    await pollNow(s);
    await until(async () => (await orderRow(s, order.id))?.stage === 'sold', 'the held order to be recorded');
    expect((await stock(s, stocked.variantId)).onHand).toBe(4);
    expect((await list(s)).filter((d) => d.orderId === order.id)).toEqual([]);
    expect((await list(s, 'resolved')).filter((d) => d.orderId === order.id)).toEqual([
      expect.objectContaining({ resolution: 'accepted' }),
    ]);
    // The map as it was, for the other tests.
    await s.kit.request('PUT', '/api/v1/shopify/locations', {
      body: { links: [{ locationId: s.kit.tenant.locationId, shopifyLocationId: shopifyLocation }] },
    });
  });

  it('bad input to the location map is a 4xx problem that leaves the map as it was', async () => {
    const before = (await s.kit.request<{ links: unknown[] }>('GET', '/api/v1/shopify/locations')).body.links;
    const other = s.shop.addLocation({ name: 'Warehouse' });
    for (const links of [
      [
        { locationId: s.kit.tenant.locationId, shopifyLocationId: shopifyLocation },
        { locationId: s.kit.tenant.locationId, shopifyLocationId: other.id },
      ],
      [{ locationId: s.kit.tenant.locationId, shopifyLocationId: 'gid://shopify/Location/999999' }],
      [{ locationId: '01890000-0000-7000-8000-000000000000', shopifyLocationId: shopifyLocation }],
      [{ locationId: s.kit.tenant.locationId, shopifyLocationId: 'Location 1' }],
    ]) {
      const response = await s.kit.request('PUT', '/api/v1/shopify/locations', { body: { links } });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await s.kit.request<{ links: unknown[] }>('GET', '/api/v1/shopify/locations')).body.links).toEqual(before);
  });
});
