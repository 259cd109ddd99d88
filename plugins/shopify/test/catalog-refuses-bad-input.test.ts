import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectByToken, DATABASE_KINDS, mapLocation, matchCatalogs, shopifyKit, syncStatus, until, type ShopifyKit } from './support.ts';

const UNKNOWN_UUID = '01a24e7c-0000-7000-8000-000000000000';

interface Problem {
  code: string;
  status: number;
  detail: string;
}

describe.each(DATABASE_KINDS)('the catalog routes refuse bad input on %s', (db) => {
  let s: ShopifyKit;
  let variantId: string;
  let productId: string;
  let shopifyVariantId: string;

  /** Every row the catalog and stock sync keep, as one snapshot: a refusal must leave it as it was. */
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        ['variant_links', 'unlinked_pairs', 'catalog_review', 'products', 'stock_push', 'store_variants', 'sync_failures'].map((table) =>
          s.kit.kernel.db.query(`select * from shopify.${table} where tenant_id = $1 order by 2, 3`, [s.kit.tenant.id]),
        ),
      ),
    );

  const refused = async (method: string, url: string, body: unknown, status: number, code?: string) => {
    const before = await snapshot();
    const calls = s.shop.calls.length;
    const response = await s.kit.request<Problem>(method, `/api/v1/shopify${url}`, body === undefined ? {} : { body });
    expect(response.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    if (code) expect(response.body.code).toBe(code);
    expect(response.body.detail).toBeTruthy();
    expect(await snapshot()).toBe(before);
    expect(s.shop.calls.filter((c) => c.operation !== 'orders').length - calls).toBeLessThanOrEqual(status === 404 ? 1 : 0);
  };

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    await mapLocation(s);
    const kits = await shelveVariant(s.kit, { name: 'Tray', sku: 'TRAY-1', price: 1500, stock: 2 });
    variantId = kits.variantId;
    productId = kits.productId;
    shopifyVariantId = s.shop.addProduct({ title: 'Tray', variants: [{ sku: 'TRAY-1', price: '15.00' }] }).variants[0]!.id;
    await matchCatalogs(s);
    // The stock received above reaches the pusher as an event: let it settle, so the snapshots see only the routes' doing.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await until(async () => (await syncStatus(s)).pendingStock === 0, 'the stock settled');
  });
  afterAll(async () => s?.close());

  it('GET /catalog/links', async () => {
    await refused('GET', '/catalog/links?state=lost', undefined, 400);
    await refused('GET', '/catalog/links?limit=0', undefined, 400);
    await refused('GET', '/catalog/links?limit=201', undefined, 400);
    await refused('GET', '/catalog/links?after=not-a-cursor!', undefined, 400);
    await refused('GET', '/catalog/links?state=unmatched&after=WzFd', undefined, 400, 'pagination.bad_cursor');
    await refused('GET', '/catalog/links?colour=red', undefined, 400);
  });

  it('PUT /catalog/links/:variantId', async () => {
    await refused('PUT', '/catalog/links/not-a-uuid', { shopifyVariantId }, 400);
    await refused('PUT', `/catalog/links/${variantId}`, {}, 400);
    await refused('PUT', `/catalog/links/${variantId}`, { shopifyVariantId: '12345' }, 400);
    await refused('PUT', `/catalog/links/${variantId}`, { shopifyVariantId: 'gid://shopify/Product/1' }, 400);
    await refused('PUT', `/catalog/links/${variantId}`, { shopifyVariantId, extra: true }, 400);
    await refused('PUT', `/catalog/links/${UNKNOWN_UUID}`, { shopifyVariantId }, 404, 'shopify.unknown_variant');
    await refused(
      'PUT',
      `/catalog/links/${variantId}`,
      { shopifyVariantId: 'gid://shopify/ProductVariant/99999999' },
      404,
      'shopify.unknown_shopify_variant',
    );
  });

  it('DELETE /catalog/links/:variantId', async () => {
    await refused('DELETE', '/catalog/links/not-a-uuid', undefined, 400);
    await refused('DELETE', `/catalog/links/${UNKNOWN_UUID}`, undefined, 404, 'shopify.not_linked');
  });

  it('GET /catalog/products', async () => {
    await refused('GET', '/catalog/products?limit=-1', undefined, 400);
    await refused('GET', '/catalog/products?after=WyJhIl0', undefined, 400, 'pagination.bad_cursor');
  });

  it('PUT /catalog/products/:productId/direction', async () => {
    await refused('PUT', `/catalog/products/${productId}/direction`, { direction: 'both_ways' }, 400);
    await refused('PUT', `/catalog/products/${productId}/direction`, {}, 400);
    await refused('PUT', '/catalog/products/not-a-uuid/direction', { direction: 'shopify_to_kits' }, 400);
    await refused('PUT', `/catalog/products/${UNKNOWN_UUID}/direction`, { direction: 'shopify_to_kits' }, 404, 'shopify.unknown_product');
  });

  it('POST /catalog/import', async () => {
    await refused('POST', '/catalog/import', { shopifyProductIds: [] }, 400);
    await refused('POST', '/catalog/import', { shopifyProductIds: ['gid://shopify/ProductVariant/1'] }, 400);
    await refused(
      'POST',
      '/catalog/import',
      { shopifyProductIds: Array.from({ length: 21 }, (_, i) => `gid://shopify/Product/${i + 1}`) },
      400,
    );
    await refused('POST', '/catalog/import', {}, 400);
  });

  it('POST /catalog/publish', async () => {
    await refused('POST', '/catalog/publish', { productIds: [] }, 400);
    await refused('POST', '/catalog/publish', { productIds: ['TRAY-1'] }, 400);
    await refused('POST', '/catalog/publish', { productIds: [UNKNOWN_UUID] }, 404, 'shopify.unknown_product');
    // Its variant is linked already (matched): publishing would make a second Shopify product.
    await refused('POST', '/catalog/publish', { productIds: [productId] }, 409, 'shopify.already_linked');
  });

  it('changes need shopify:manage, reading needs shopify:view', async () => {
    const till = await s.kit.signInTill({ permissions: ['core-sales:checkout'] });
    const before = await snapshot();
    const read = await s.kit.request('GET', '/api/v1/shopify/catalog/links', { token: till.token });
    expect(read.status).toBe(403);
    const unlink = await s.kit.request('DELETE', `/api/v1/shopify/catalog/links/${variantId}`, { token: till.token });
    expect(unlink.status).toBe(403);
    const match = await s.kit.request('POST', '/api/v1/shopify/catalog/match', { token: till.token });
    expect(match.status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('POST /catalog/match, /import and /publish without a connected store', async () => {
    const disconnected = await s.kit.request('DELETE', '/api/v1/shopify/connection');
    expect(disconnected.status).toBeLessThan(300);
    await refused('POST', '/catalog/match', undefined, 409, 'shopify.not_connected');
    await refused('POST', '/catalog/import', { shopifyProductIds: ['gid://shopify/Product/1'] }, 409, 'shopify.not_connected');
    await refused('POST', '/catalog/publish', { productIds: [productId] }, 409, 'shopify.not_connected');
  });
});
