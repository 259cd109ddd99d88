import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { CatalogPage, CatalogVariant } from '@kits/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ean13 } from '../../../testing/shop-shelf.ts';
import { PLUGIN } from './support.ts';

const CATALOG_PROBE = fileURLToPath(new URL('./fixtures/catalog-probe', import.meta.url));
const PROBE = '/api/v1/catalog-probe';

let made = 0;
const sku = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(made += 1)}`;

/**
 * catalog@1 as a sales channel uses it (through the catalog-probe fixture, in its own transaction
 * and role): pages of variants, lookups by id and code, creating products and changing variants.
 */
describe.each(['pglite', 'postgres'] as const)('catalog@1 contract on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [PLUGIN, CATALOG_PROBE], db });
  });
  afterAll(async () => kit?.close());

  const create = async (body: unknown, token?: string) =>
    kit.request<{ productId: string; variantIds: string[]; code?: string; detail?: string }>('POST', `${PROBE}/products`, {
      body,
      ...(token ? { token } : {}),
    });
  const byId = async (ids: string[], token?: string) =>
    (await kit.request<{ variants: CatalogVariant[] }>('POST', `${PROBE}/variants-by-id`, { body: { ids }, ...(token ? { token } : {}) }))
      .body.variants;
  const count = async (sql: string, params: unknown[] = []) => (await kit.kernel.db.query<{ n: number }>(sql, params))[0]!.n;
  const events = (productId: string) =>
    kit.kernel.db.query<{ payload: { change: string; variantIds?: string[]; fields?: string[] } }>(
      "select payload from kernel.outbox where type = 'inventory.product.changed' and payload->>'productId' = $1 order by occurred_at, event_id",
      [productId],
    );

  it('creates a product with its variants by the product path: ids in order, event, audit, search words', async () => {
    const code = ean13();
    const [small, large] = [sku('TEE-S'), sku('TEE-L')];
    const created = await create({
      name: 'Harbour Tee',
      description: 'Organic cotton',
      taxClass: 'reduced',
      optionAxes: ['Size', 'Colour'],
      variants: [
        { sku: small, options: { Colour: 'Blue', Size: 'S' }, barcodes: [code], price: { amount: 2500, currency: 'EUR' } },
        { sku: large, options: { Size: 'L', Colour: 'Blue' } },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.variantIds).toHaveLength(2);

    const variants = await byId(created.body.variantIds);
    const first = variants.find((v) => v.variantId === created.body.variantIds[0])!;
    expect(first).toMatchObject({
      productId: created.body.productId,
      productName: 'Harbour Tee',
      sku: small,
      barcodes: [code],
      prices: [{ amount: 2500, currency: 'EUR', locationId: null }],
      categoryId: null,
      taxClass: 'reduced',
      active: true,
    });
    // The product's axis order, not the order the options were given in.
    expect(Object.keys(first.options)).toEqual(['Size', 'Colour']);
    expect(variants.find((v) => v.variantId === created.body.variantIds[1])).toMatchObject({ sku: large, barcodes: [], prices: [] });
    expect((await events(created.body.productId)).map((e) => e.payload)).toEqual([
      { productId: created.body.productId, change: 'created', variantIds: created.body.variantIds },
    ]);
    expect(
      await count(
        "select count(*)::int as n from kernel.audit_log where action = 'inventory.product.created' and detail->>'productId' = $1",
        [created.body.productId],
      ),
    ).toBe(1);
    const search = await kit.request<{ items: Array<{ productId: string }> }>('GET', '/api/v1/core-inventory/search?q=harbour');
    expect(search.body.items.map((hit) => hit.productId)).toContain(created.body.productId);
  });

  it('works a barcode’s symbology out: a GTIN with a right check digit, anything else Code 128', async () => {
    const gtin = ean13();
    const wrongCheck = `${gtin.slice(0, 12)}${(Number(gtin[12]) + 1) % 10}`;
    const created = await create({ name: 'Label test', variants: [{ sku: sku('LBL'), barcodes: [gtin, wrongCheck, 'SHELF-42'] }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const product = await kit.request<{ variants: Array<{ barcodes: Array<{ code: string; symbology: string }> }> }>(
      'GET',
      `/api/v1/core-inventory/products/${created.body.productId}`,
    );
    expect(Object.fromEntries(product.body.variants[0]!.barcodes.map((b) => [b.code, b.symbology]))).toEqual({
      [gtin]: 'ean13',
      [wrongCheck]: 'code128',
      'SHELF-42': 'code128',
    });
  });

  it('refuses a SKU or barcode the catalog has, or one given twice, with 409 inventory.duplicate_code naming it; nothing is created', async () => {
    const takenSku = sku('TAKEN');
    const takenCode = ean13();
    expect((await create({ name: 'First', variants: [{ sku: takenSku, barcodes: [takenCode] }] })).status).toBe(201);
    const products = () => count('select count(*)::int as n from inventory.products');
    const before = await products();

    for (const [variants, code] of [
      [[{ sku: takenSku }], takenSku],
      [[{ sku: sku('NEW'), barcodes: [takenCode] }], takenCode],
      [[{ sku: 'TWICE-1' }, { sku: 'TWICE-1' }], 'TWICE-1'],
    ] as const) {
      const refused = await create({ name: 'Second', variants });
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body.code).toBe('inventory.duplicate_code');
      expect(refused.body.detail).toContain(code);
    }
    expect(await products()).toBe(before);
  });

  it('refuses a malformed product (400) and a price in a currency the shop does not take (422); nothing is created', async () => {
    const products = () => count('select count(*)::int as n from inventory.products');
    const before = await products();
    expect((await create({ name: '', variants: [{ sku: sku('X') }] })).body.code).toBe('catalog.bad_product');
    expect((await create({ name: 'No variants', variants: [] })).body.code).toBe('catalog.bad_product');
    const wrongCurrency = await create({ name: 'Dollars', variants: [{ sku: sku('USD'), price: { amount: 100, currency: 'USD' } }] });
    expect(wrongCurrency.status).toBe(422);
    expect(wrongCurrency.body.code).toBe('money.currency_not_accepted');
    expect(await products()).toBe(before);
  });

  it('pages through every variant once, oldest first, archived ones too; `updatedSince` keeps the changed ones', async () => {
    const tenant = await kit.createTenant();
    const as = tenant.admin.token;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await create({ name: `Paged ${i}`, variants: [{ sku: sku('PG') }] }, as);
      ids.push(created.body.variantIds[0]!);
    }
    const archived = await kit.request('PATCH', `/api/v1/core-inventory/products/${(await byId([ids[1]!], as))[0]!.productId}`, {
      token: as,
      body: { status: 'archived' },
    });
    expect(archived.status).toBe(200);

    const seen: CatalogVariant[] = [];
    let after: string | null = null;
    do {
      const page: { status: number; body: CatalogPage } = await kit.request<CatalogPage>('POST', `${PROBE}/variants`, {
        token: as,
        body: { after, limit: 2 },
      });
      expect(page.status).toBe(200);
      expect(page.body.variants.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.variants);
      after = page.body.next;
    } while (after !== null);
    expect(seen.map((v) => v.variantId)).toEqual(ids);
    expect(seen.find((v) => v.variantId === ids[1])!.active).toBe(false);

    const since = seen.find((v) => v.variantId === ids[1])!.updatedAt;
    const changed = await kit.request<CatalogPage>('POST', `${PROBE}/variants`, { token: as, body: { limit: 500, updatedSince: since } });
    expect(changed.body.variants.map((v) => v.variantId)).toEqual([ids[1]]);
  });

  it('refuses a cursor it did not hand out (catalog.bad_cursor) and a page size outside 1–500 (catalog.bad_limit)', async () => {
    for (const after of ['not-a-cursor', Buffer.from(JSON.stringify(['x'])).toString('base64url')]) {
      const bad = await kit.request<{ code: string }>('POST', `${PROBE}/variants`, { body: { after, limit: 10 } });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('catalog.bad_cursor');
    }
    for (const limit of [0, 501]) {
      const bad = await kit.request<{ code: string }>('POST', `${PROBE}/variants`, { body: { limit } });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('catalog.bad_limit');
    }
  });

  it('finds variants by SKU or barcode exactly, each once; unknown codes and ids are left out', async () => {
    const code = ean13();
    const mySku = sku('FIND');
    const created = await create({ name: 'Findable', variants: [{ sku: mySku, barcodes: [code] }] });
    const variantId = created.body.variantIds[0]!;
    const found = await kit.request<{ variants: CatalogVariant[] }>('POST', `${PROBE}/variants-by-code`, {
      body: { codes: [mySku, code, 'NO-SUCH-CODE', mySku.toLowerCase()] },
    });
    expect(found.body.variants.map((v) => v.variantId)).toEqual([variantId]);
    expect((await byId([variantId, randomUUID(), 'not-an-id'])).map((v) => v.variantId)).toEqual([variantId]);
  });

  it('does not show another tenant’s variants', async () => {
    const created = await create({ name: 'Mine only', variants: [{ sku: sku('MINE') }] });
    const other = await kit.createTenant();
    expect(await byId(created.body.variantIds, other.admin.token)).toEqual([]);
    const page = await kit.request<CatalogPage>('POST', `${PROBE}/variants`, { token: other.admin.token, body: { limit: 500 } });
    expect(page.body.variants).toEqual([]);
  });

  it('changes the tenant-wide price and the product name (event, audit, search); a location’s own price stays', async () => {
    const created = await create({ name: 'Morning Blend', variants: [{ sku: sku('MB'), price: { amount: 900, currency: 'EUR' } }] });
    const variantId = created.body.variantIds[0]!;
    const product = await kit.request<{ variants: Array<{ id: string; sku: string; prices: unknown[] }>; name: string }>(
      'GET',
      `/api/v1/core-inventory/products/${created.body.productId}`,
    );
    const put = await kit.request('PUT', `/api/v1/core-inventory/products/${created.body.productId}`, {
      body: {
        name: product.body.name,
        variants: [
          {
            id: variantId,
            sku: product.body.variants[0]!.sku,
            prices: [
              { amount: 900, currency: 'EUR' },
              { amount: 950, currency: 'EUR', locationId: kit.tenant.locationId },
            ],
          },
        ],
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const before = (await byId([variantId]))[0]!;

    const changed = await kit.request<CatalogVariant>('POST', `${PROBE}/variants/${variantId}`, {
      body: { price: { amount: 1100, currency: 'EUR' }, productName: 'Evening Blend' },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      productName: 'Evening Blend',
      prices: [
        { amount: 1100, currency: 'EUR', locationId: null },
        { amount: 950, currency: 'EUR', locationId: kit.tenant.locationId },
      ],
    });
    expect(Date.parse(changed.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    const last = (await events(created.body.productId)).at(-1)!.payload;
    expect(last).toEqual({ productId: created.body.productId, change: 'updated', variantIds: [variantId], fields: ['price', 'name'] });
    expect(
      await count(
        "select count(*)::int as n from kernel.audit_log where action = 'inventory.variant.updated' and detail->>'variantId' = $1",
        [variantId],
      ),
    ).toBe(1);
    const search = await kit.request<{ items: Array<{ productId: string }> }>('GET', '/api/v1/core-inventory/search?q=evening');
    expect(search.body.items.map((hit) => hit.productId)).toContain(created.body.productId);
  });

  it('a change to what is already so changes nothing and announces nothing (no echo between a channel and KiTS)', async () => {
    const created = await create({ name: 'Steady', variants: [{ sku: sku('ST'), price: { amount: 500, currency: 'EUR' } }] });
    const variantId = created.body.variantIds[0]!;
    const before = (await events(created.body.productId)).length;
    const same = await kit.request('POST', `${PROBE}/variants/${variantId}`, {
      body: { price: { amount: 500, currency: 'EUR' }, productName: 'Steady' },
    });
    expect(same.status).toBe(200);
    expect((await events(created.body.productId)).length).toBe(before);
  });

  it('refuses an unknown variant (404 inventory.unknown_variant) and a bad price or name (4xx), changing nothing', async () => {
    const missing = await kit.request<{ code: string }>('POST', `${PROBE}/variants/${randomUUID()}`, { body: { productName: 'X' } });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('inventory.unknown_variant');
    const created = await create({ name: 'Guarded', variants: [{ sku: sku('GD'), price: { amount: 700, currency: 'EUR' } }] });
    const variantId = created.body.variantIds[0]!;
    for (const [body, status, code] of [
      [{ price: { amount: -1, currency: 'EUR' } }, 400, 'catalog.bad_price'],
      [{ price: { amount: 700, currency: 'USD' } }, 422, 'money.currency_not_accepted'],
      [{ productName: '   ' }, 400, 'catalog.bad_name'],
    ] as const) {
      const refused = await kit.request<{ code: string }>('POST', `${PROBE}/variants/${variantId}`, { body });
      expect(refused.status).toBe(status);
      expect(refused.body.code).toBe(code);
    }
    expect((await byId([variantId]))[0]).toMatchObject({
      productName: 'Guarded',
      prices: [{ amount: 700, currency: 'EUR', locationId: null }],
    });
  });
});
