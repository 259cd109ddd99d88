import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectByToken, DATABASE_KINDS, mapLocation, shopifyKit, syncStatus, until, type ShopifyKit } from './support.ts';

interface LinkItem {
  variantId: string | null;
  sku: string;
  barcodes: string[];
  productName: string;
  shopifyVariantId: string | null;
  shopifyTitle: string;
  state: string;
  reason: string;
}
interface Page<T> {
  items: T[];
  next: string | null;
}

describe.each(DATABASE_KINDS)('matching, review and links by hand on %s', (db) => {
  let s: ShopifyKit;
  let shopifyLocation: string;
  const kits: Record<string, string> = {};
  const shopify: Record<string, { id: string; inventoryItemId: string }> = {};

  const links = async (state: string, extra = '') => {
    const response = await s.kit.request<Page<LinkItem>>('GET', `/api/v1/shopify/catalog/links?state=${state}${extra}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const allOf = async (state: string) => {
    const items: LinkItem[] = [];
    let next: string | null = null;
    do {
      const page: Page<LinkItem> = await links(state, `&limit=2${next ? `&after=${next}` : ''}`);
      items.push(...page.items);
      next = page.next;
    } while (next);
    return items;
  };
  const pushRows = (variantId: string) =>
    s.kit.kernel.db.query<{ shopify_known: number | null }>(
      'select shopify_known from shopify.stock_push where tenant_id = $1 and variant_id = $2',
      [s.kit.tenant.id, variantId],
    );

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    shopifyLocation = await mapLocation(s);
    const shelf = async (key: string, sku: string, barcode?: string) => {
      kits[key] = (
        await shelveVariant(s.kit, { name: `KiTS ${key}`, sku, price: 1000, stock: 4, ...(barcode ? { barcode } : {}) })
      ).variantId;
    };
    const seed = (key: string, sku: string | null, barcode?: string) => {
      const product = s.shop.addProduct({ title: `Shopify ${key}`, variants: [{ sku, price: '10.00', ...(barcode ? { barcode } : {}) }] });
      shopify[key] = { id: product.variants[0]!.id, inventoryItemId: product.variants[0]!.inventoryItemId };
    };
    await shelf('bySku', 'SKU-A');
    seed('bySku', 'sku-a');
    await shelf('byBarcode', 'KITS-B', '4006381333931');
    seed('byBarcode', 'SHOP-B', '4006381333931');
    await shelf('dup', 'DUP');
    seed('dup1', 'DUP');
    seed('dup2', 'DUP');
    await shelf('lonelyKits', 'ONLY-KITS');
    seed('lonelyShopify', 'ONLY-SHOPIFY');
  });
  afterAll(async () => s?.close());

  it('links one to one by SKU, then barcode, and lists the rest for review on both sides', async () => {
    const match = await s.kit.request<Record<string, unknown>>('POST', '/api/v1/shopify/catalog/match');
    expect(match.status).toBe(200);
    // unmatched: ONLY-KITS, ONLY-SHOPIFY; ambiguous: DUP on one KiTS and two Shopify variants.
    expect(match.body).toMatchObject({ state: 'done', variantsRead: 5, linked: 2, alreadyLinked: 0, unmatched: 2, ambiguous: 3 });

    const linked = await allOf('linked');
    expect(linked.map((l) => [l.variantId, l.shopifyVariantId, l.reason]).sort()).toEqual(
      [
        [kits.bySku, shopify.bySku!.id, 'Matched by SKU.'],
        [kits.byBarcode, shopify.byBarcode!.id, 'Matched by barcode.'],
      ].sort(),
    );
    expect(linked.find((l) => l.variantId === kits.byBarcode)).toMatchObject({
      sku: 'KITS-B',
      barcodes: ['4006381333931'],
      productName: 'KiTS byBarcode',
      shopifyTitle: 'Shopify byBarcode',
      state: 'linked',
    });
    const unmatched = await allOf('unmatched');
    expect(unmatched.map((u) => [u.variantId, u.shopifyVariantId])).toEqual(
      expect.arrayContaining([
        [kits.lonelyKits, null],
        [null, shopify.lonelyShopify!.id],
      ]),
    );
    expect(unmatched).toHaveLength(2);
    const ambiguous = await allOf('ambiguous');
    expect(ambiguous.map((a) => a.variantId ?? a.shopifyVariantId).sort()).toEqual([kits.dup, shopify.dup1!.id, shopify.dup2!.id].sort());
    expect(ambiguous[0]!.reason).toMatch(/SKU DUP is on 1 KiTS variant and 2 Shopify variants/);

    // The new links' stock went to Shopify at once: KiTS counts 4 at the mapped store.
    await until(async () => (await syncStatus(s)).pendingStock === 0, 'the first push');
    expect(s.shop.level(shopify.bySku!.inventoryItemId, shopifyLocation)).toBe(4);
    expect(s.shop.level(shopify.byBarcode!.inventoryItemId, shopifyLocation)).toBe(4);
  });

  it('a link by hand settles an ambiguous variant: both sides leave the review, and its stock goes to Shopify', async () => {
    const put = await s.kit.request<LinkItem>('PUT', `/api/v1/shopify/catalog/links/${kits.dup}`, {
      body: { shopifyVariantId: shopify.dup2!.id },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ variantId: kits.dup, shopifyVariantId: shopify.dup2!.id, state: 'linked', reason: 'Linked by hand.' });
    const ambiguous = await allOf('ambiguous');
    expect(ambiguous.map((a) => a.shopifyVariantId)).toEqual([shopify.dup1!.id]);
    await until(() => s.shop.level(shopify.dup2!.inventoryItemId, shopifyLocation) === 4, 'its stock on Shopify');

    // Asked twice, the same link changes nothing.
    const again = await s.kit.request<LinkItem>('PUT', `/api/v1/shopify/catalog/links/${kits.dup}`, {
      body: { shopifyVariantId: shopify.dup2!.id },
    });
    expect(again.status).toBe(200);
    // A Shopify variant linked to another KiTS variant is refused, naming it.
    const taken = await s.kit.request<{ code: string; variantId: string }>('PUT', `/api/v1/shopify/catalog/links/${kits.lonelyKits}`, {
      body: { shopifyVariantId: shopify.dup2!.id },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'shopify.shopify_variant_linked', variantId: kits.dup });
  });

  it('unlinking stops the stock push for it, lists both sides for review, and matching does not link the pair again', async () => {
    const removed = await s.kit.request('DELETE', `/api/v1/shopify/catalog/links/${kits.bySku}`);
    expect(removed.status).toBe(204);
    expect(await pushRows(kits.bySku!)).toEqual([]);
    const unmatched = await allOf('unmatched');
    expect(unmatched.filter((u) => u.variantId === kits.bySku || u.shopifyVariantId === shopify.bySku!.id).map((u) => u.reason)).toEqual([
      expect.stringMatching(/Unlinked by hand/),
      expect.stringMatching(/Unlinked by hand/),
    ]);

    const match = await s.kit.request<Record<string, unknown>>('POST', '/api/v1/shopify/catalog/match');
    expect(match.body).toMatchObject({ state: 'done', linked: 0, alreadyLinked: 2 });
    expect((await allOf('linked')).map((l) => l.variantId)).not.toContain(kits.bySku);
    const again = await s.kit.request('DELETE', `/api/v1/shopify/catalog/links/${kits.bySku}`);
    expect(again.status).toBe(404);

    // Linked by hand again, the pair is a link once more.
    const put = await s.kit.request('PUT', `/api/v1/shopify/catalog/links/${kits.bySku}`, {
      body: { shopifyVariantId: shopify.bySku!.id },
    });
    expect(put.status).toBe(200);
    expect((await allOf('linked')).map((l) => l.variantId)).toContain(kits.bySku);
  });

  it('lists products with their direction and linked variants, one page at a time', async () => {
    const first = await s.kit.request<
      Page<{ productId: string; name: string; direction: string; linkedVariants: number; variants: number }>
    >('GET', '/api/v1/shopify/catalog/products?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(3);
    const second = await s.kit.request<Page<{ name: string }>>('GET', `/api/v1/shopify/catalog/products?limit=3&after=${first.body.next}`);
    const names = [...first.body.items, ...second.body.items].map((p) => p.name);
    expect(names).toEqual(['KiTS byBarcode', 'KiTS bySku', 'KiTS dup', 'KiTS lonelyKits']);
    expect(second.body.next).toBeNull();
    expect(first.body.items[0]).toMatchObject({ direction: 'kits_to_shopify', linkedVariants: 1, variants: 1 });
  });
});
