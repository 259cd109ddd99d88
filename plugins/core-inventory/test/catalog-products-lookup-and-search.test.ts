import { pluginRole, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_SQL, searchParameters } from '../src/server/catalog/search-words.ts';
import { inventoryKit } from './support.ts';

type Product = {
  id: string;
  name: string;
  variants: Array<{
    id: string;
    sku: string;
    barcodes: Array<{ code: string; symbology: string }>;
    prices: Array<{ currency: string; amount: number; locationId: string | null }>;
    options: Record<string, string>;
  }>;
};
type Hits = { items: Array<{ name: string; sku: string; score: number }>; nextCursor: string | null };

describe.each(['pglite', 'postgres'] as const)('catalog on %s', (db) => {
  let kit: TestKernel;
  let tee: Product;
  beforeAll(async () => {
    // The shop (EUR) also prices in GBP.
    kit = await inventoryKit(db, {}, { otherCurrencies: ['GBP'] });
    const created = await kit.request<Product>('POST', '/api/v1/core-inventory/products', {
      body: {
        name: 'Organic Cotton T-Shirt',
        unit: 'piece',
        taxClass: 'standard',
        optionAxes: ['size', 'colour'],
        attributes: { material: 'cotton' },
        variants: [
          {
            sku: 'TEE-M-RED',
            options: { size: 'M', colour: 'red' },
            barcodes: [{ code: '4006381333931' }, { code: 'SHELF-TEE-M' }],
            cost: { currency: 'EUR', amount: 650 },
            prices: [
              { currency: 'EUR', amount: 1999 },
              { currency: 'EUR', amount: 1799, locationId: kit.tenant.locationId },
              { currency: 'GBP', amount: 1699 },
            ],
          },
          {
            sku: 'TEE-L-BLUE',
            options: { size: 'L', colour: 'blue' },
            barcodes: [{ code: '036000291452' }],
            prices: [{ currency: 'EUR', amount: 1999 }],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    tee = created.body;
    for (const name of ['Dark Chocolate Bar 70%', 'Milk Chocolate Buttons', 'Sparkling Water 500ml', 'Chocolate Chip Cookies']) {
      await kit.request('POST', '/api/v1/core-inventory/products', {
        body: {
          name,
          unit: 'piece',
          variants: [
            {
              sku: name
                .toUpperCase()
                .replace(/[^A-Z]+/g, '-')
                .slice(0, 20),
            },
          ],
        },
      });
    }
  });
  afterAll(async () => kit?.close());

  it('a product keeps its variants, options, barcodes (with symbology), cost and prices per currency and location', () => {
    const [m, l] = tee.variants;
    expect(tee.variants.map((v) => v.sku)).toEqual(['TEE-M-RED', 'TEE-L-BLUE']);
    expect(m).toMatchObject({ sku: 'TEE-M-RED', options: { size: 'M', colour: 'red' } });
    expect(m!.barcodes).toEqual([
      { code: '4006381333931', symbology: 'ean13' },
      { code: 'SHELF-TEE-M', symbology: 'code128' },
    ]);
    expect(m!.prices).toEqual([
      { currency: 'EUR', amount: 1999, locationId: null },
      { currency: 'EUR', amount: 1799, locationId: kit.tenant.locationId },
      { currency: 'GBP', amount: 1699, locationId: null },
    ]);
    expect(l!.barcodes).toEqual([{ code: '036000291452', symbology: 'upca' }]);
  });

  it.each([
    ['4006381333931', 'TEE-M-RED'],
    ['SHELF-TEE-M', 'TEE-M-RED'],
    ['036000291452', 'TEE-L-BLUE'],
    ['TEE-L-BLUE', 'TEE-L-BLUE'],
  ])('exact lookup of %s finds %s', async (code, sku) => {
    const found = await kit.request<{ variantId: string; product: Product }>(
      'GET',
      `/api/v1/core-inventory/lookup?code=${encodeURIComponent(code)}`,
    );
    expect(found.status).toBe(200);
    expect(found.body.product.variants.find((v) => v.id === found.body.variantId)!.sku).toBe(sku);
  });

  it('an unknown code is 404', async () => {
    const response = await kit.request<{ code: string }>('GET', '/api/v1/core-inventory/lookup?code=0000000000000');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('inventory.unknown_code');
  });

  it.each([
    ['choclate', ['Dark Chocolate Bar 70%', 'Milk Chocolate Buttons', 'Chocolate Chip Cookies']],
    ['choc', ['Dark Chocolate Bar 70%', 'Milk Chocolate Buttons', 'Chocolate Chip Cookies']],
    ['sparkling watr', ['Sparkling Water 500ml']],
    ['tee-m', ['Organic Cotton T-Shirt']],
    ['4006381', ['Organic Cotton T-Shirt']],
  ])('search %j tolerates typos and partial words', async (q, expected) => {
    const hits = await kit.request<Hits>('GET', `/api/v1/core-inventory/search?q=${encodeURIComponent(q)}`);
    expect(hits.status).toBe(200);
    expect(new Set(hits.body.items.map((h) => h.name))).toEqual(new Set(expected));
    const scores = hits.body.items.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('a renamed product is found by its new name, typos included', async () => {
    const created = await kit.request<Product>('POST', '/api/v1/core-inventory/products', {
      body: { name: 'Plain Notebook', unit: 'piece', variants: [{ sku: 'NB-1' }] },
    });
    await kit.request('PATCH', `/api/v1/core-inventory/products/${created.body.id}`, { body: { name: 'Leather Journal' } });
    const hits = await kit.request<Hits>('GET', '/api/v1/core-inventory/search?q=lether%20jurnal');
    expect(hits.body.items.map((h) => h.name)).toEqual(['Leather Journal']);
    const oldName = await kit.request<Hits>('GET', '/api/v1/core-inventory/search?q=plain%20notebook');
    expect(oldName.body.items).toEqual([]);
  });

  it('search reaches rows through indexes under row-level security (no scan of every product)', async () => {
    // With sequential scans priced out, a seq scan in the plan means no index could serve that table.
    const plan = await kit.kernel.db.transaction({ tenantId: kit.tenant.id }, async (tx) => {
      await tx.query("select set_config('enable_seqscan', 'off', true)");
      return tx.queryAs<{ 'QUERY PLAN': string }>(pluginRole('inventory'), `explain ${SEARCH_SQL}`, searchParameters('choclate', 21, 0));
    });
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).not.toMatch(/Seq Scan on (products|variants|barcodes|search_words|product_words|search_word_trigrams)\b/);
  });

  it('search pages with a cursor', async () => {
    const first = await kit.request<Hits>('GET', '/api/v1/core-inventory/search?q=chocolate&limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await kit.request<Hits>('GET', `/api/v1/core-inventory/search?q=chocolate&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    // The same page shape as every list: a cursor this list did not hand out is refused.
    const bad = await kit.request<{ code: string }>('GET', '/api/v1/core-inventory/search?q=chocolate&cursor=2');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('pagination.bad_cursor');
    expect(new Set([...first.body.items, ...second.body.items].map((h) => h.name)).size).toBe(3);
  });

  it('archiving a product takes it out of search; a stale revision is 409', async () => {
    const product = (await kit.request<Product & { revision: number }>('GET', `/api/v1/core-inventory/products/${tee.id}`)).body;
    const archived = await kit.request<{ status: string; revision: number }>('PATCH', `/api/v1/core-inventory/products/${tee.id}`, {
      body: { status: 'archived', expectedRevision: product.revision },
    });
    expect(archived.body).toMatchObject({ status: 'archived', revision: product.revision + 1 });
    const stale = await kit.request<{ code: string }>('PATCH', `/api/v1/core-inventory/products/${tee.id}`, {
      body: { name: 'X', expectedRevision: product.revision },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('inventory.revision_conflict');
    expect((await kit.request<Hits>('GET', '/api/v1/core-inventory/search?q=cotton')).body.items).toEqual([]);
    await kit.request('PATCH', `/api/v1/core-inventory/products/${tee.id}`, { body: { status: 'active' } });
  });

  const product = (variants: unknown[], extra: Record<string, unknown> = {}) => ({
    name: 'Bad Product',
    unit: 'piece',
    ...extra,
    variants,
  });
  it.each([
    { name: 'a SKU used by another product', body: product([{ sku: 'TEE-M-RED' }]), status: 409, code: 'inventory.duplicate_sku' },
    {
      name: 'a SKU twice in one product',
      body: product([{ sku: 'DUP-1' }, { sku: 'DUP-1' }]),
      status: 409,
      code: 'inventory.duplicate_sku',
    },
    {
      name: 'a barcode used by another variant',
      body: product([{ sku: 'NEW-1', barcodes: [{ code: '036000291452' }] }]),
      status: 409,
      code: 'inventory.duplicate_barcode',
    },
    {
      name: 'an EAN-13 with a wrong check digit',
      body: product([{ sku: 'NEW-2', barcodes: [{ code: '4006381333932' }] }]),
      status: 400,
      code: 'inventory.invalid_barcode',
    },
    {
      name: 'a UPC-A with a wrong check digit',
      body: product([{ sku: 'NEW-3', barcodes: [{ code: '036000291453' }] }]),
      status: 400,
      code: 'inventory.invalid_barcode',
    },
    {
      name: 'an EAN-8 with a wrong check digit',
      body: product([{ sku: 'NEW-4', barcodes: [{ code: '96385075' }] }]),
      status: 400,
      code: 'inventory.invalid_barcode',
    },
    {
      name: 'an option outside the axes',
      body: product([{ sku: 'NEW-5', options: { flavour: 'mint' } }]),
      status: 400,
      code: 'inventory.unknown_option',
    },
    {
      name: 'a price at an unknown location',
      body: product([{ sku: 'NEW-6', prices: [{ currency: 'EUR', amount: 100, locationId: '0190a000-0000-7000-8000-000000000000' }] }]),
      status: 400,
      code: 'inventory.unknown_location',
    },
    {
      name: 'a fractional price',
      body: product([{ sku: 'NEW-7', prices: [{ currency: 'EUR', amount: 1.5 }] }]),
      status: 400,
      code: 'request.invalid',
    },
    {
      name: 'a negative price',
      body: product([{ sku: 'NEW-8', prices: [{ currency: 'EUR', amount: -100 }] }]),
      status: 400,
      code: 'request.invalid',
    },
    {
      name: 'a bad currency',
      body: product([{ sku: 'NEW-9', prices: [{ currency: 'eur', amount: 100 }] }]),
      status: 400,
      code: 'request.invalid',
    },
    { name: 'an unknown unit', body: product([{ sku: 'NEW-10' }], { unit: 'crate' }), status: 400, code: 'request.invalid' },
    { name: 'no variants', body: product([]), status: 400, code: 'request.invalid' },
    {
      name: 'an unknown category',
      body: product([{ sku: 'NEW-11' }], { categoryId: '0190a000-0000-7000-8000-000000000000' }),
      status: 400,
      code: 'inventory.unknown_category',
    },
  ])('$name → $status $code, nothing written', async ({ body, status, code }) => {
    const count = async () =>
      (
        await kit.kernel.db.query<{ n: number }>(
          'select (select count(*) from inventory.products) + (select count(*) from inventory.variants) + (select count(*) from inventory.barcodes) as n',
        )
      )[0]!.n;
    const before = await count();
    const response = await kit.request<{ code: string; detail: string }>('POST', '/api/v1/core-inventory/products', { body });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(response.body.detail.length).toBeGreaterThan(10);
    expect(await count()).toBe(before);
  });

  it("another tenant's catalog is invisible", async () => {
    const other = await kit.createTenant();
    const lookup = await kit.request('GET', '/api/v1/core-inventory/lookup?code=4006381333931', { token: other.admin.token });
    expect(lookup.status).toBe(404);
    const product = await kit.request('GET', `/api/v1/core-inventory/products/${tee.id}`, { token: other.admin.token });
    expect(product.status).toBe(404);
    // The same SKU is free in another tenant.
    const own = await kit.request('POST', '/api/v1/core-inventory/products', {
      token: other.admin.token,
      body: { name: 'Their tee', unit: 'piece', variants: [{ sku: 'TEE-M-RED' }] },
    });
    expect(own.status).toBe(201);
  });
});
