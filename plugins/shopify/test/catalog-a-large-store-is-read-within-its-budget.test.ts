import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectByToken, mapLocation, shopifyKit, syncStatus, until, type ShopifyKit } from './support.ts';

/** Three pages of the store's variants (250 a page, 752 points each). */
const VARIANTS = 600;
const STOCK = 9;

describe('a store larger than one request can read, on postgres', () => {
  let s: ShopifyKit;
  let shopifyLocation: string;
  let items: string[];

  beforeAll(async () => {
    // A small bucket that refills fast: a page costs 752 points, so after the first page the next
    // waits for Shopify's budget longer than a request may wait.
    s = await shopifyKit('postgres', { bucket: { maximumAvailable: 1000, restoreRate: 200 } });
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    items = s.shop.seedCatalog(VARIANTS, { skuPrefix: 'L-' }).map((p) => p.variants[0]!.inventoryItemId);
    // The same SKUs in KiTS, with stock at the store (set-up straight in core-inventory's tables: 600 products through the API would only be slow).
    await s.kit.kernel.db.transaction({}, async (tx) => {
      await tx.query(
        `with input as (select i, gen_random_uuid() as variant_id, gen_random_uuid() as product_id from generate_series(1, $3::int) as i),
              products as (insert into inventory.products (tenant_id, product_id, name, unit) select $1, product_id, 'L product ' || i, 'piece' from input),
              variants as (insert into inventory.variants (tenant_id, variant_id, product_id, sku) select $1, variant_id, product_id, 'L-' || lpad(i::text, 3, '0') from input),
              prices as (insert into inventory.prices (tenant_id, variant_id, currency, amount_minor) select $1, variant_id, 'EUR', 100 + i from input)
         insert into inventory.stock_levels (tenant_id, location_id, variant_id, on_hand, version) select $1, $2, variant_id, $4, 1 from input`,
        [s.kit.tenant.id, s.kit.tenant.locationId, VARIANTS, STOCK],
      );
    });
  });
  afterAll(async () => s?.close());

  it('the match answers while reading, the catalog job reads the rest within the budget, then every level is pushed', async () => {
    const match = await s.kit.request<{ state: string; variantsRead: number }>('POST', '/api/v1/shopify/catalog/match');
    expect(match.status).toBe(200);
    expect(match.body.state).toBe('reading');
    expect(match.body.variantsRead).toBeGreaterThan(0);
    expect(match.body.variantsRead).toBeLessThan(VARIANTS);

    await until(async () => (await syncStatus(s)).catalogScan.state === 'done', 'the scan done', 60_000);
    expect((await syncStatus(s)).catalogScan).toMatchObject({
      state: 'done',
      variantsRead: VARIANTS,
      linked: VARIANTS,
      unmatched: 0,
      ambiguous: 0,
    });
    await until(async () => (await syncStatus(s)).pendingStock === 0, 'every level pushed', 60_000);
    expect(items.filter((item) => s.shop.level(item, shopifyLocation) === STOCK)).toHaveLength(VARIANTS);

    // Each page was asked for once, when the budget held it: Shopify never had to say THROTTLED.
    const pages = s.shop.calls.filter((c) => c.operation === 'productVariants');
    expect(pages).toHaveLength(3);
    expect(s.shop.calls.filter((c) => c.throttled)).toEqual([]);
    // 600 levels in three calls of up to 250.
    expect(s.shop.calls.filter((c) => c.operation === 'inventorySetQuantities')).toHaveLength(3);
  });
});
