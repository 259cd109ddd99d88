import type { TestKernel } from '@kits/kernel/test-kit';
import type { TestResponse } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit } from './support.ts';

interface Variant {
  id: string;
  sku: string;
  options: Record<string, string>;
  status: string;
  barcodes: Array<{ code: string; symbology: string }>;
  prices: Array<{ currency: string; amount: number; locationId: string | null }>;
}
interface Product {
  id: string;
  name: string;
  taxClass: string;
  optionAxes: string[];
  revision: number;
  variants: Variant[];
}

// PUT /products/:id is what the back office's product editor saves: the whole product at once.
describe('saving a whole product from the editor on postgres', () => {
  let kit: TestKernel;
  let tee: Product;
  beforeAll(async () => {
    kit = await inventoryKit('postgres', {}, { otherCurrencies: ['CHF'] });
    const created = await kit.request<Product>('POST', '/api/v1/core-inventory/products', {
      body: {
        name: 'Linen Shirt',
        unit: 'piece',
        optionAxes: ['size'],
        variants: [
          { sku: 'LIN-S', options: { size: 'S' }, barcodes: [{ code: '4006381333931' }], prices: [{ currency: 'EUR', amount: 4900 }] },
          { sku: 'LIN-M', options: { size: 'M' }, prices: [{ currency: 'EUR', amount: 4900 }] },
        ],
      },
    });
    expect(created.status).toBe(201);
    tee = created.body;
  });
  afterAll(async () => kit?.close());

  const read = async () => (await kit.request<Product>('GET', `/api/v1/core-inventory/products/${tee.id}`)).body;
  const save = (body: unknown) => kit.request<Product>('PUT', `/api/v1/core-inventory/products/${tee.id}`, { body });
  const asSaved = (product: Product) => ({
    name: product.name,
    optionAxes: product.optionAxes,
    variants: product.variants.map(({ id, sku, options, status, barcodes, prices }) => ({
      id,
      sku,
      options,
      status,
      barcodes: barcodes.map((b) => ({ code: b.code })),
      prices: prices.map(({ currency, amount, locationId }) => ({ currency, amount, ...(locationId ? { locationId } : {}) })),
    })),
  });
  function expectRefused(response: TestResponse, status: number, code: string, field: string) {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code, errors: expect.arrayContaining([expect.objectContaining({ field })]) });
  }

  it('adds an axis and variants, replaces barcodes and prices (per currency and per location), archives a left-out variant', async () => {
    const [small, medium] = tee.variants;
    const saved = await save({
      name: 'Linen Shirt Classic',
      taxClass: 'reduced',
      optionAxes: ['size', 'colour'],
      expectedRevision: tee.revision,
      variants: [
        {
          id: small!.id,
          sku: 'LIN-S-WHT',
          options: { size: 'S', colour: 'white' },
          barcodes: [{ code: '036000291452' }, { code: 'SHELF-LIN-S' }],
          prices: [
            { currency: 'EUR', amount: 5500 },
            { currency: 'CHF', amount: 5900 },
            { currency: 'EUR', amount: 5200, locationId: kit.tenant.locationId },
          ],
        },
        {
          sku: 'LIN-L-WHT',
          options: { size: 'L', colour: 'white' },
          barcodes: [{ code: '4006381333931' }],
          prices: [{ currency: 'EUR', amount: 5500 }],
        },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      name: 'Linen Shirt Classic',
      taxClass: 'reduced',
      optionAxes: ['size', 'colour'],
      revision: tee.revision + 1,
    });
    const byId = new Map(saved.body.variants.map((v) => [v.id, v]));
    expect(byId.get(small!.id)).toMatchObject({
      sku: 'LIN-S-WHT',
      status: 'active',
      barcodes: [
        { code: '036000291452', symbology: 'upca' },
        { code: 'SHELF-LIN-S', symbology: 'code128' },
      ],
    });
    expect(byId.get(small!.id)!.prices).toEqual(
      expect.arrayContaining([
        { currency: 'CHF', amount: 5900, locationId: null },
        { currency: 'EUR', amount: 5500, locationId: null },
        { currency: 'EUR', amount: 5200, locationId: kit.tenant.locationId },
      ]),
    );
    expect(byId.get(medium!.id)).toMatchObject({ sku: 'LIN-M', status: 'archived' });
    const added = saved.body.variants.find((v) => v.sku === 'LIN-L-WHT')!;
    expect(added.barcodes).toEqual([{ code: '4006381333931', symbology: 'ean13' }]);
    // The moved barcode now finds the new variant; the new name is searchable.
    const scanned = await kit.request<{ variantId: string }>('GET', '/api/v1/core-inventory/lookup?code=4006381333931');
    expect(scanned.body.variantId).toBe(added.id);
    const found = await kit.request<{ items: Array<{ productId: string }> }>('GET', '/api/v1/core-inventory/search?q=classic');
    expect(found.body.items.map((h) => h.productId)).toContain(tee.id);
    tee = saved.body;
  });

  it.each([
    [
      'a wrong check digit',
      (p: Product) => withBarcode(p, '4006381333932'),
      400,
      'inventory.invalid_barcode',
      'body.variants.0.barcodes.0.code',
    ],
    [
      'an option outside the axes',
      (p: Product) => withOptions(p, { fit: 'slim' }),
      400,
      'inventory.unknown_option',
      'body.variants.0.options',
    ],
    ['a price in USD', (p: Product) => withPrice(p, 'USD'), 422, 'money.currency_not_accepted', 'body.variants.0.prices.0.currency'],
    [
      'a variant of another product',
      (p: Product) => withId(p, '0193a000-0000-7000-8000-000000000000'),
      400,
      'inventory.unknown_variant',
      'body.variants.0.id',
    ],
    ['a blank name', (p: Product) => ({ ...asSaved(p), name: '' }), 400, 'request.invalid', 'body.name'],
  ])('%s is refused naming the field, and nothing changes', async (_case, change, status, code, field) => {
    const before = await read();
    expectRefused(await save(change(before)), status, code, field);
    expect(await read()).toEqual(before);
  });

  it('a SKU or barcode another product holds is refused (409) naming the field; a stale revision is refused; nothing changes', async () => {
    await kit.request('POST', '/api/v1/core-inventory/products', {
      body: { name: 'Wool Scarf', unit: 'piece', variants: [{ sku: 'SCARF-1', barcodes: [{ code: '96385074' }] }] },
    });
    const before = await read();
    const second = before.variants.findIndex((v) => v.status === 'active' && v.sku === 'LIN-L-WHT');
    const sku = asSaved(before);
    sku.variants[second]!.sku = 'SCARF-1';
    expectRefused(await save(sku), 409, 'inventory.duplicate_sku', `body.variants.${second}.sku`);
    expectRefused(await save(withBarcode(before, '96385074')), 409, 'inventory.duplicate_barcode', 'body.variants.0.barcodes.0.code');
    const stale = await save({ ...asSaved(before), expectedRevision: before.revision - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'inventory.revision_conflict' });
    expect(await read()).toEqual(before);
  });

  const withBarcode = (p: Product, code: string) => {
    const body = asSaved(p);
    body.variants[0]!.barcodes = [{ code }];
    return body;
  };
  const withOptions = (p: Product, options: Record<string, string>) => {
    const body = asSaved(p);
    body.variants[0]!.options = options;
    return body;
  };
  const withPrice = (p: Product, currency: string) => {
    const body = asSaved(p);
    body.variants[0]!.prices = [{ currency, amount: 100 }];
    return body;
  };
  const withId = (p: Product, id: string) => {
    const body = asSaved(p);
    body.variants[0]!.id = id;
    return body;
  };
});
