import type { TestKernel } from '@kits/kernel/test-kit';
import type { TestResponse } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, level, makeVariant } from './support.ts';

// The test tenant works in EUR. A price or cost must be in an ISO 4217 currency (422
// money.unknown_currency otherwise) and in the tenant's currency or one core-inventory's
// `otherCurrencies` setting lists (422 money.currency_not_accepted otherwise), naming the field;
// a refused request writes nothing.
describe.each(['pglite', 'postgres'] as const)('currencies of prices and costs on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await inventoryKit(db);
  });
  afterAll(async () => kit?.close());

  const products = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from inventory.products'))[0]!.n;
  let sku = 0;
  const product = (prices: unknown[], cost?: unknown) => ({
    name: 'Green Tea',
    unit: 'piece',
    variants: [{ sku: `TEA-${db}-${(sku += 1)}`, prices, ...(cost ? { cost } : {}) }],
  });
  const setOtherCurrencies = async (otherCurrencies: string[]) =>
    expect((await kit.request('PUT', '/api/v1/plugins/core-inventory/settings', { body: { otherCurrencies } })).status).toBe(200);

  function expectRefused(response: TestResponse, code: string, field: string) {
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 422, code, field, errors: [expect.objectContaining({ field })] });
    expect((response.body as { detail: string }).detail).toContain(field);
  }

  it('a price in QQQ, which is no ISO 4217 currency, is refused naming the field; nothing is created', async () => {
    const before = await products();
    const response = await kit.request('POST', '/api/v1/core-inventory/products', {
      body: product([
        { currency: 'EUR', amount: 250 },
        { currency: 'QQQ', amount: 250 },
      ]),
    });
    expectRefused(response, 'money.unknown_currency', 'body.variants.0.prices.1.currency');
    expect(await products()).toBe(before);
  });

  it('a price or a cost in USD, which this EUR shop does not take, is refused naming the field; nothing is created', async () => {
    const before = await products();
    expectRefused(
      await kit.request('POST', '/api/v1/core-inventory/products', { body: product([{ currency: 'USD', amount: 250 }]) }),
      'money.currency_not_accepted',
      'body.variants.0.prices.0.currency',
    );
    const cost = await kit.request('POST', '/api/v1/core-inventory/products', {
      body: product([{ currency: 'EUR', amount: 250 }], { currency: 'USD', amount: 90 }),
    });
    expectRefused(cost, 'money.currency_not_accepted', 'body.variants.0.cost.currency');
    expect(cost.body).toMatchObject({ currency: 'USD', accepted: ['EUR'] });
    expect(await products()).toBe(before);
  });

  it('once otherCurrencies lists USD, a USD price is taken; a code in the setting must be ISO 4217 itself', async () => {
    const refusedSetting = await kit.request('PUT', '/api/v1/plugins/core-inventory/settings', { body: { otherCurrencies: ['QQQ'] } });
    expect(refusedSetting.status).toBe(400);
    expect(refusedSetting.body).toMatchObject({ code: 'plugins.invalid_settings' });
    await setOtherCurrencies(['USD']);
    const created = await kit.request<{ variants: Array<{ prices: unknown[] }> }>('POST', '/api/v1/core-inventory/products', {
      body: product([
        { currency: 'EUR', amount: 250 },
        { currency: 'USD', amount: 275 },
      ]),
    });
    expect(created.status).toBe(201);
    expect(created.body.variants[0]!.prices).toEqual([
      { currency: 'EUR', amount: 250, locationId: null },
      { currency: 'USD', amount: 275, locationId: null },
    ]);
    await setOtherCurrencies([]);
  });

  it('stock received at a unit cost in QQQ or in GBP is refused naming the line; no stock moves', async () => {
    const variantId = await makeVariant(kit, 'Oolong');
    const receive = (currency: string) =>
      kit.request('POST', '/api/v1/core-inventory/stock/receive', {
        body: {
          locationId: kit.tenant.locationId,
          lines: [
            { variantId, quantity: 5, unitCost: { amount: 100, currency: 'EUR' } },
            { variantId, quantity: 5, unitCost: { amount: 100, currency } },
          ],
        },
      });
    expectRefused(await receive('QQQ'), 'money.unknown_currency', 'body.lines.1.unitCost.currency');
    expectRefused(await receive('GBP'), 'money.currency_not_accepted', 'body.lines.1.unitCost.currency');
    expect((await level(kit, variantId)).onHand).toBe(0);
    expect((await receive('EUR')).status).toBe(201);
    expect((await level(kit, variantId)).onHand).toBe(10);
  });

  it('a catalog CSV with a row in USD is refused on that line and column; nothing is imported', async () => {
    const before = await products();
    const csv = [
      'product,sku,unit,tax_class,options,barcodes,currency,price,cost',
      `Sencha,SEN-${db},piece,standard,,,EUR,4.50,`,
      `Matcha,MAT-${db},piece,standard,,,USD,9.00,`,
      `Gyokuro,GYO-${db},piece,standard,,,JPY,12.5,`,
    ].join('\n');
    const response = await kit.request('POST', '/api/v1/core-inventory/catalog/import', { body: { csv } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'inventory.import_invalid',
      problems: [
        { line: 3, column: 'currency', message: expect.stringContaining('USD is not a currency this shop prices in') },
        { line: 4, column: 'currency', message: expect.stringContaining('JPY is not a currency this shop prices in') },
      ],
    });
    expect(await products()).toBe(before);
  });
});
