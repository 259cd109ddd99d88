import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectByToken, DATABASE_KINDS, mapLocation, matchCatalogs, shopifyKit, until, type ShopifyKit } from './support.ts';

interface KitsProduct {
  id: string;
  name: string;
  variants: Array<{ id: string; sku: string; prices: Array<{ currency: string; amount: number; locationId: string | null }> }>;
}

describe.each(DATABASE_KINDS)('prices and titles on %s', (db) => {
  let s: ShopifyKit;
  let bowl: { productId: string; variantId: string; shopifyProductId: string; shopifyVariantId: string };
  let plate: { productId: string; variantId: string; shopifyProductId: string; shopifyVariantId: string };

  const kitsProduct = async (productId: string) =>
    (await s.kit.request<KitsProduct>('GET', `/api/v1/core-inventory/products/${productId}`)).body;
  /** Saves the product in KiTS as the office's editor does: a new name and the variant's price. */
  const editInKits = async (productId: string, name: string, amount: number) => {
    const product = await kitsProduct(productId);
    const saved = await s.kit.request('PUT', `/api/v1/core-inventory/products/${productId}`, {
      body: {
        name,
        variants: product.variants.map((v) => ({ id: v.id, sku: v.sku, prices: [{ currency: 'EUR', amount }] })),
      },
    });
    expect(saved.status).toBe(200);
  };
  const shopifyCalls = (operation: string) => s.shop.calls.filter((c) => c.operation === operation && !c.throttled);

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    await mapLocation(s);
    const pair = async (name: string, sku: string) => {
      const kits = await shelveVariant(s.kit, { name, sku, price: 2000 });
      const product = s.shop.addProduct({ title: name, variants: [{ sku, price: '20.00' }] });
      return {
        productId: kits.productId,
        variantId: kits.variantId,
        shopifyProductId: product.id,
        shopifyVariantId: product.variants[0]!.id,
      };
    };
    bowl = await pair('Bowl', 'BOWL-1');
    plate = await pair('Plate', 'PLATE-1');
    await matchCatalogs(s);
    const direction = await s.kit.request('PUT', `/api/v1/shopify/catalog/products/${plate.productId}/direction`, {
      body: { direction: 'shopify_to_kits' },
    });
    expect(direction.status).toBe(200);
  });
  afterAll(async () => s?.close());

  it('kits_to_shopify (the default for matched products): a KiTS edit reaches Shopify’s title and price', async () => {
    await editInKits(bowl.productId, 'Stoneware bowl', 2450);
    await until(() => s.shop.product(bowl.shopifyProductId)?.title === 'Stoneware bowl', 'the title on Shopify');
    await until(() => s.shop.product(bowl.shopifyProductId)?.variants[0]?.price === '24.50', 'the price on Shopify');
    const prices = shopifyCalls('productVariantsBulkUpdate').at(-1)!;
    expect(prices.variables).toEqual({ productId: bowl.shopifyProductId, variants: [{ id: bowl.shopifyVariantId, price: '24.50' }] });
  });

  it('shopify_to_kits: Shopify’s products/update webhook changes KiTS’s name and price, and nothing is sent back', async () => {
    const sent = shopifyCalls('productUpdate').length + shopifyCalls('productVariantsBulkUpdate').length;
    s.shop.updateProduct(plate.shopifyProductId, { title: 'Porcelain plate', variants: [{ id: plate.shopifyVariantId, price: '18.75' }] });
    const [delivered] = await s.shop.deliverSubscribedWebhooks(
      'products/update',
      s.shop.webhookPayload('products/update', plate.shopifyProductId),
    );
    expect(delivered!.status).toBe(200);

    const product = await kitsProduct(plate.productId);
    expect(product.name).toBe('Porcelain plate');
    expect(product.variants[0]!.prices).toEqual([{ currency: 'EUR', amount: 1875, locationId: null }]);
    // KiTS's change (its product.changed event) is not echoed to Shopify: the product's direction is from Shopify.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(shopifyCalls('productUpdate').length + shopifyCalls('productVariantsBulkUpdate').length).toBe(sent);
    // And a KiTS edit of it stays in KiTS.
    await editInKits(plate.productId, 'Plate (KiTS name)', 1900);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(s.shop.product(plate.shopifyProductId)).toMatchObject({ title: 'Porcelain plate' });
  });

  it('shopify_to_kits: a change whose webhook never came arrives with the periodic pull', async () => {
    s.shop.updateProduct(plate.shopifyProductId, {
      title: 'Plate, bone china',
      variants: [{ id: plate.shopifyVariantId, price: '21.00' }],
    });
    // The pull is due (its last run five minutes ago and more).
    await s.kit.kernel.db.query(`update shopify.catalog_sync set pulled_at = now() - interval '10 minutes' where tenant_id = $1`, [
      s.kit.tenant.id,
    ]);
    await until(async () => (await kitsProduct(plate.productId)).name === 'Plate, bone china', 'the pulled title', 15_000);
    expect((await kitsProduct(plate.productId)).variants[0]!.prices).toEqual([{ currency: 'EUR', amount: 2100, locationId: null }]);
    const pulls = shopifyCalls('productVariants').filter(
      (c) => typeof c.variables.query === 'string' && String(c.variables.query).startsWith('updated_at:>'),
    );
    expect(pulls.length).toBeGreaterThanOrEqual(1);
  });

  it('the bowl’s direction turned to shopify_to_kits stops KiTS edits going out', async () => {
    const turned = await s.kit.request('PUT', `/api/v1/shopify/catalog/products/${bowl.productId}/direction`, {
      body: { direction: 'shopify_to_kits' },
    });
    expect(turned.status).toBe(200);
    const sent = shopifyCalls('productUpdate').length;
    await editInKits(bowl.productId, 'Bowl renamed in KiTS', 2600);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(shopifyCalls('productUpdate').length).toBe(sent);
    expect(s.shop.product(bowl.shopifyProductId)).toMatchObject({ title: 'Stoneware bowl' });
  });
});
