import { setTimeout as sleep } from 'node:timers/promises';
import { type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { documentedList, walkPages } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ean13 } from '../../../testing/shop-shelf.ts';
import { inventoryKit } from './support.ts';

type Variant = { id: string; sku: string; status: string; updatedAt: string; barcodes: Array<{ code: string }> };
type Product = { id: string; name: string; status: string; updatedAt: string; variants: Variant[] };
type VariantItem = Variant & { productId: string; productName: string; productStatus: string };
type Problem = { status: number; code: string; errors?: Array<{ field: string }> };

const PRODUCTS = '/api/v1/core-inventory/products';
const VARIANTS = '/api/v1/core-inventory/variants';

describe.each(['pglite', 'postgres'] as const)('product and variant lists on %s', (db) => {
  let kit: TestKernel;
  let other: TestTenant;
  const made: Product[] = [];
  let otherProductIds: string[];

  const create = async (name: string, skus: string[], tenant?: TestTenant): Promise<Product> => {
    const created = await kit.request<Product>('POST', PRODUCTS, {
      ...(tenant ? { token: tenant.admin.token } : {}),
      body: {
        name,
        unit: 'piece',
        variants: skus.map((sku) => ({ sku, barcodes: [{ code: ean13() }] })),
      },
    });
    expect(created.status).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    kit = await inventoryKit(db);
    for (let n = 1; n <= 7; n++) made.push(await create(`Walnut Loaf ${n}`, [`LOAF-${n}-S`, `LOAF-${n}-L`]));
    made.push(await create('Sourdough Rye', ['RYE-1']));
    // The last of the loaves is archived: lists leave it out unless asked.
    const archived = await kit.request<Product>('PATCH', `${PRODUCTS}/${made[6]!.id}`, { body: { status: 'archived' } });
    expect(archived.status).toBe(200);
    made[6] = archived.body;
    other = await kit.createTenant();
    otherProductIds = [];
    for (let n = 1; n <= 3; n++) otherProductIds.push((await create(`Walnut Loaf ${n}`, [`OTHER-${n}`], other)).id);
  });
  afterAll(async () => kit?.close());

  const active = () => made.filter((p) => p.status === 'active');

  it('walks every product exactly once, oldest first, in pages of the size asked for', async () => {
    const { items, pages } = await walkPages<Product>(kit, `${PRODUCTS}?limit=3`);
    expect(items.map((p) => p.id)).toEqual(active().map((p) => p.id));
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(new Set(items.map((p) => p.id)).size).toBe(items.length);
    expect([...items.map((p) => p.id)].sort()).toEqual(items.map((p) => p.id));
    // Each product comes with its variants.
    expect(items[0]!.variants.map((v) => v.sku)).toEqual(['LOAF-1-S', 'LOAF-1-L']);
    // Without a limit a page holds 50.
    const first = await kit.request<{ items: Product[]; nextCursor: string | null }>('GET', PRODUCTS);
    expect([first.body.items.length, first.body.nextCursor]).toEqual([active().length, null]);
  });

  it('a product added between pages neither repeats nor skips a product already there; it comes at the end', async () => {
    let added: Product | undefined;
    const { items } = await walkPages<Product>(kit, `${PRODUCTS}?limit=2`, {
      between: async (pagesRead) => {
        if (pagesRead === 1) added = await create('Seeded Batch', ['SEED-1']);
      },
    });
    expect(items.map((p) => p.id)).toEqual([...active().map((p) => p.id), added!.id]);
    made.push(added!);
  });

  it('filters by barcode, SKU (any case), text in the name or a SKU, and status', async () => {
    const ids = async (query: string) => (await walkPages<Product>(kit, `${PRODUCTS}?limit=2&${query}`)).items.map((p) => p.id);
    expect(await ids(`barcode=${made[2]!.variants[1]!.barcodes[0]!.code}`)).toEqual([made[2]!.id]);
    expect(await ids('sku=loaf-4-l')).toEqual([made[3]!.id]);
    expect(await ids('q=rye')).toEqual([made[7]!.id]);
    expect(await ids('q=loaf-5')).toEqual([made[4]!.id]);
    expect(await ids('q=walnut')).toEqual(made.slice(0, 6).map((p) => p.id));
    // A percent sign is text to find, not a wildcard.
    expect(await ids('q=%25')).toEqual([]);
    expect(await ids('archived=true&q=walnut')).toEqual(made.slice(0, 7).map((p) => p.id));
    expect(await ids('status=archived')).toEqual([made[6]!.id]);
    expect(await ids(`barcode=${made[6]!.variants[0]!.barcodes[0]!.code}`)).toEqual([]);
  });

  it('filters by change time: a change to the product, or to a variant (its cost, on a costed receipt)', async () => {
    const ids = async (query: string) => (await walkPages<Product>(kit, `${PRODUCTS}?limit=2&${query}`)).items.map((p) => p.id);
    const everything = await walkPages<Product>(kit, `${PRODUCTS}?limit=200&archived=true`);
    const since = new Date(Math.max(...everything.items.map((p) => Date.parse(p.updatedAt))) + 1).toISOString();
    await sleep(5);
    expect(await ids(`updatedSince=${since}`)).toEqual([]);
    const renamed = await kit.request('PATCH', `${PRODUCTS}/${made[1]!.id}`, { body: { name: 'Walnut Loaf Two' } });
    expect(renamed.status).toBe(200);
    const received = await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: {
        locationId: kit.tenant.locationId,
        lines: [{ variantId: made[4]!.variants[1]!.id, quantity: 3, unitCost: { amount: 120, currency: 'EUR' } }],
      },
    });
    expect(received.status).toBe(201);
    expect(await ids(`updatedSince=${since}`)).toEqual([made[1]!.id, made[4]!.id]);
    const variants = await walkPages<VariantItem>(kit, `${VARIANTS}?updatedSince=${since}`);
    expect(variants.items.map((v) => v.sku)).toEqual(['LOAF-2-S', 'LOAF-2-L', 'LOAF-5-L']);
    const product = (await kit.request<Product>('GET', `${PRODUCTS}/${made[4]!.id}`)).body;
    expect(Date.parse(product.updatedAt)).toBeGreaterThanOrEqual(Date.parse(since));
    expect(Date.parse(product.variants[1]!.updatedAt)).toBeGreaterThan(Date.parse(product.variants[0]!.updatedAt));
  });

  it('variants page the same way, each with its product, and filter alike', async () => {
    const { items, pages } = await walkPages<VariantItem>(kit, `${VARIANTS}?limit=4`);
    const expected = active().flatMap((p) => p.variants.map((v) => v.id));
    expect(items.map((v) => v.id)).toEqual(expected);
    expect(pages.length).toBe(Math.ceil(expected.length / 4));
    expect(items[0]).toMatchObject({ sku: 'LOAF-1-S', productId: made[0]!.id, productName: 'Walnut Loaf 1', productStatus: 'active' });
    const skus = async (query: string) => (await walkPages<VariantItem>(kit, `${VARIANTS}?${query}`)).items.map((v) => v.sku);
    expect(await skus(`productId=${made[2]!.id}`)).toEqual(['LOAF-3-S', 'LOAF-3-L']);
    expect(await skus('sku=Loaf-3-s')).toEqual(['LOAF-3-S']);
    expect(await skus(`barcode=${made[5]!.variants[0]!.barcodes[0]!.code}`)).toEqual(['LOAF-6-S']);
    expect(await skus('q=rye')).toEqual(['RYE-1']);
    expect(await skus('status=archived')).toEqual(['LOAF-7-S', 'LOAF-7-L']);
  });

  it("another tenant's products never appear, whichever cursor it is given", async () => {
    const mine = await walkPages<Product>(kit, `${PRODUCTS}?limit=2&archived=true`);
    const theirs = await walkPages<Product>(kit, `${PRODUCTS}?limit=2`, { token: other.admin.token });
    expect(theirs.items.map((p) => p.id)).toEqual(otherProductIds);
    expect(mine.items.map((p) => p.id).filter((id) => otherProductIds.includes(id))).toEqual([]);
    const variants = await walkPages<VariantItem>(kit, `${VARIANTS}?limit=100&q=walnut`, { token: other.admin.token });
    expect(variants.items.map((v) => v.sku)).toEqual(['OTHER-1', 'OTHER-2', 'OTHER-3']);
    // A cursor is only a position: this tenant's cursor shows the other tenant nothing of this one's.
    const first = await kit.request<{ nextCursor: string }>('GET', `${PRODUCTS}?limit=1`);
    const rest = await walkPages<Product>(kit, `${PRODUCTS}?limit=5&cursor=${first.body.nextCursor}`, { token: other.admin.token });
    expect(rest.items.every((p) => otherProductIds.includes(p.id))).toBe(true);
  });

  it.each([
    ['limit=0', 'querystring.limit'],
    ['limit=201', 'querystring.limit'],
    ['limit=abc', 'querystring.limit'],
    ['updatedSince=yesterday', 'querystring.updatedSince'],
    ['updatedSince=2026-02-30T25:61:61Z', 'querystring.updatedSince'],
    ['status=deleted', 'querystring.status'],
    ['archived=maybe', 'querystring.archived'],
    ['productId=42', 'querystring.productId'],
    ['colour=red', 'querystring.colour'],
  ])('%s is a 400 problem naming %s', async (query, field) => {
    for (const list of [PRODUCTS, VARIANTS]) {
      if (query.startsWith('productId') && list === PRODUCTS) continue;
      const response = await kit.request<Problem>('GET', `${list}?${query}`);
      expect(response.status, `${list}?${query}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('request.invalid');
      expect(response.body.errors!.map((e) => e.field)).toContain(field);
    }
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['not JSON', Buffer.from('{"id"').toString('base64url')],
    ['the wrong shape', Buffer.from(JSON.stringify(['2026-11-26T10:00:00.000000Z', 'x'])).toString('base64url')],
    ['not an id', Buffer.from(JSON.stringify(["robert'); DROP TABLE inventory.products; --"])).toString('base64url')],
    ['too long', 'a'.repeat(9000)],
  ])('a cursor that is %s is a 400 pagination.bad_cursor', async (_what, cursor) => {
    for (const list of [PRODUCTS, VARIANTS]) {
      const response = await kit.request<Problem>('GET', `${list}?cursor=${encodeURIComponent(cursor)}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('pagination.bad_cursor');
      expect(response.body.errors!.map((e) => e.field)).toEqual(['querystring.cursor']);
    }
  });

  it('the OpenAPI document shows both lists with limit, cursor and the page they answer', async () => {
    for (const path of [PRODUCTS, VARIANTS]) {
      const { parameters, page } = await documentedList(kit, path);
      expect(parameters.limit).toMatchObject({
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
      });
      expect(parameters.cursor).toMatchObject({ in: 'query', required: false, schema: { type: 'string' } });
      for (const filter of ['barcode', 'sku', 'q', 'archived', 'updatedSince']) expect(parameters[filter], filter).toBeDefined();
      expect(page).toMatchObject({ title: 'Page', type: 'object', properties: { items: { type: 'array' } } });
      expect(page.properties.nextCursor!.anyOf).toEqual([{ type: 'string' }, { type: 'null' }]);
    }
  });
});
