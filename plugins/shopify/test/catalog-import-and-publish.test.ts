import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectByToken,
  DATABASE_KINDS,
  mapLocation,
  shopifyKit,
  stock,
  stockCalls,
  syncStatus,
  until,
  type ShopifyKit,
} from './support.ts';

interface KitsProduct {
  id: string;
  name: string;
  optionAxes: string[];
  variants: Array<{
    id: string;
    sku: string;
    options: Record<string, string>;
    barcodes: Array<{ code: string }>;
    prices: Array<{ currency: string; amount: number }>;
  }>;
}

describe.each(DATABASE_KINDS)('import from Shopify and publish to it on %s', (db) => {
  let s: ShopifyKit;
  let shopifyLocation: string;

  const linkOf = (variantId: string) =>
    s.kit.kernel.db
      .query<{ shopify_variant_id: string; matched_by: string }>(
        'select shopify_variant_id, matched_by from shopify.variant_links where tenant_id = $1 and variant_id = $2',
        [s.kit.tenant.id, variantId],
      )
      .then((rows) => rows[0]);
  const directionOf = async (productId: string) => {
    const page = await s.kit.request<{ items: Array<{ productId: string; direction: string; linkedVariants: number }> }>(
      'GET',
      '/api/v1/shopify/catalog/products?limit=200',
    );
    return page.body.items.find((p) => p.productId === productId);
  };

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
  });
  afterAll(async () => s?.close());

  it('imports a Shopify product with its options, codes, prices and stock, linked, its prices and title following Shopify', async () => {
    const hoodie = s.shop.addProduct({
      title: 'Hoodie',
      variants: [
        { sku: 'HOOD-S', barcode: '4006381333931', price: '39.90', options: [{ name: 'Size', value: 'S' }] },
        { sku: 'HOOD-M', price: '42.00', options: [{ name: 'Size', value: 'M' }] },
      ],
    });
    s.shop.setLevel(hoodie.variants[0]!.inventoryItemId, shopifyLocation, 6);
    s.shop.setLevel(hoodie.variants[1]!.inventoryItemId, shopifyLocation, 0);
    const sets = stockCalls(s).length;

    const imported = await s.kit.request<{ created: Array<{ productId: string; shopifyProductId: string }> }>(
      'POST',
      '/api/v1/shopify/catalog/import',
      {
        body: { shopifyProductIds: [hoodie.id] },
      },
    );
    expect(imported.status).toBe(200);
    expect(imported.body.created).toEqual([{ productId: expect.any(String), shopifyProductId: hoodie.id }]);
    const productId = imported.body.created[0]!.productId;

    const product = (await s.kit.request<KitsProduct>('GET', `/api/v1/core-inventory/products/${productId}`)).body;
    expect(product).toMatchObject({ name: 'Hoodie', optionAxes: ['Size'] });
    expect(
      product.variants.map((v) => [v.sku, v.options, v.barcodes.map((b) => b.code), v.prices.map((p) => [p.currency, p.amount])]),
    ).toEqual([
      ['HOOD-S', { Size: 'S' }, ['4006381333931'], [['EUR', 3990]]],
      ['HOOD-M', { Size: 'M' }, [], [['EUR', 4200]]],
    ]);
    const [small, medium] = product.variants;
    expect(await linkOf(small!.id)).toEqual({ shopify_variant_id: hoodie.variants[0]!.id, matched_by: 'import' });
    expect(await linkOf(medium!.id)).toEqual({ shopify_variant_id: hoodie.variants[1]!.id, matched_by: 'import' });
    expect(await directionOf(productId)).toMatchObject({ direction: 'shopify_to_kits', linkedVariants: 2 });

    // Shopify's stock came with it, and is not pushed back (the adjustment's movement reaches the pusher, which finds both at 6).
    expect((await stock(s, small!.id)).onHand).toBe(6);
    expect((await stock(s, medium!.id)).onHand).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await until(async () => (await syncStatus(s)).pendingStock === 0, 'nothing pending');
    expect(stockCalls(s).length).toBe(sets);
    expect(s.shop.level(hoodie.variants[0]!.inventoryItemId, shopifyLocation)).toBe(6);

    // Imported twice: refused, nothing created.
    const twice = await s.kit.request<{ code: string }>('POST', '/api/v1/shopify/catalog/import', {
      body: { shopifyProductIds: [hoodie.id] },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('shopify.already_linked');
  });

  it('refuses an import naming a product the store does not have, creating none of the others', async () => {
    const scarf = s.shop.addProduct({ title: 'Scarf', variants: [{ sku: 'SCARF-9', price: '15.00' }] });
    const response = await s.kit.request<{ code: string }>('POST', '/api/v1/shopify/catalog/import', {
      body: { shopifyProductIds: [scarf.id, 'gid://shopify/Product/999999'] },
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('shopify.unknown_shopify_product');
    const lookup = await s.kit.request('GET', '/api/v1/core-inventory/lookup?code=SCARF-9');
    expect(lookup.status).toBe(404);
  });

  it('publishes a KiTS product to Shopify with its options, SKUs, barcode and prices, linked, its stock pushed', async () => {
    const created = await s.kit.request<KitsProduct>('POST', '/api/v1/core-inventory/products', {
      body: {
        name: 'Candle',
        unit: 'piece',
        optionAxes: ['Scent'],
        variants: [
          {
            sku: 'CANDLE-V',
            options: { Scent: 'Vanilla' },
            barcodes: [{ code: '5901234123457' }],
            prices: [{ currency: 'EUR', amount: 1290 }],
          },
          { sku: 'CANDLE-C', options: { Scent: 'Cedar' }, prices: [{ currency: 'EUR', amount: 1350 }] },
        ],
      },
    });
    expect(created.status).toBe(201);
    const candle = created.body;
    await s.kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: s.kit.tenant.locationId, lines: [{ variantId: candle.variants[0]!.id, quantity: 7 }] },
    });
    // The product reaches the sync's product list through the catalog's event.
    await until(async () => (await directionOf(candle.id)) !== undefined, 'the product known to the sync');

    const published = await s.kit.request<{ published: Array<{ productId: string; shopifyProductId: string }> }>(
      'POST',
      '/api/v1/shopify/catalog/publish',
      {
        body: { productIds: [candle.id] },
      },
    );
    expect(published.status).toBe(200);
    const shopifyProductId = published.body.published[0]!.shopifyProductId;
    expect(published.body.published).toEqual([{ productId: candle.id, shopifyProductId }]);

    const onShopify = s.shop.product(shopifyProductId)!;
    expect(onShopify).toMatchObject({ title: 'Candle', status: 'ACTIVE' });
    expect(onShopify.variants.map((v) => [v.sku, v.barcode, v.price])).toEqual([
      ['CANDLE-V', '5901234123457', '12.90'],
      ['CANDLE-C', null, '13.50'],
    ]);
    expect(await linkOf(candle.variants[0]!.id)).toEqual({ shopify_variant_id: onShopify.variants[0]!.id, matched_by: 'publish' });
    expect(await directionOf(candle.id)).toMatchObject({ direction: 'kits_to_shopify', linkedVariants: 2 });
    const item = s.shop.calls.filter((c) => c.operation === 'productSet');
    expect(item).toHaveLength(1);
    const vanillaItem = (
      await s.kit.kernel.db.query<{ inventory_item_id: string }>(
        'select inventory_item_id from shopify.variant_links where tenant_id = $1 and variant_id = $2',
        [s.kit.tenant.id, candle.variants[0]!.id],
      )
    )[0]!.inventory_item_id;
    await until(() => s.shop.level(vanillaItem, shopifyLocation) === 7, 'the stock on Shopify');

    // Published once: a second time is refused.
    const twice = await s.kit.request<{ code: string }>('POST', '/api/v1/shopify/catalog/publish', { body: { productIds: [candle.id] } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('shopify.already_linked');
  });

  it('refuses to publish a product without a price in the shop’s currency, sending nothing', async () => {
    const created = await s.kit.request<KitsProduct>('POST', '/api/v1/core-inventory/products', {
      body: { name: 'Unpriced', unit: 'piece', variants: [{ sku: 'NO-PRICE' }] },
    });
    await until(async () => (await directionOf(created.body.id)) !== undefined, 'the product known to the sync');
    const calls = s.shop.calls.length;
    const response = await s.kit.request<{ code: string; skus: string[] }>('POST', '/api/v1/shopify/catalog/publish', {
      body: { productIds: [created.body.id] },
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'shopify.price_missing', skus: ['NO-PRICE'] });
    expect(s.shop.calls.length).toBe(calls);
  });
});
