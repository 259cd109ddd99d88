import type { TestKernel } from '@kits/kernel/test-kit';
import type { TestResponse } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, makeSupplier, purchasingKit } from './support.ts';

// The test tenant works in EUR. A supplier is paid in an ISO 4217 currency (422
// money.unknown_currency otherwise), the tenant's or one purchasing's `otherCurrencies` setting
// lists (422 money.currency_not_accepted otherwise), naming the field; nothing is written.
describe.each(DATABASE_KINDS)('supplier currencies on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await purchasingKit(db, { settings: { otherCurrencies: [] } });
  });
  afterAll(async () => kit?.close());

  const suppliers = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from purchasing.suppliers'))[0]!.n;
  const create = (currency: string) =>
    kit.request<{ id: string; revision: number }>('POST', '/api/v1/purchasing/suppliers', {
      body: { name: `Tea Garden ${currency}`, currency, leadTimeDays: 7 },
    });

  function expectRefused(response: TestResponse, code: string) {
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 422,
      code,
      field: 'body.currency',
      errors: [expect.objectContaining({ field: 'body.currency' })],
    });
  }

  it('QQQ is no currency and USD is not one this shop pays in: both refused naming body.currency, no supplier made', async () => {
    const before = await suppliers();
    expectRefused(await create('QQQ'), 'money.unknown_currency');
    expectRefused(await create('USD'), 'money.currency_not_accepted');
    expect(await suppliers()).toBe(before);
  });

  it('moving a supplier to USD is refused alike, and it stays in EUR', async () => {
    const supplier = await makeSupplier(kit, { currency: 'EUR' });
    const current = await kit.request<{ revision: number; currency: string }>('GET', `/api/v1/purchasing/suppliers/${supplier.id}`);
    const moved = await kit.request('PUT', `/api/v1/purchasing/suppliers/${supplier.id}`, {
      body: { name: supplier.name, currency: 'USD', revision: current.body.revision },
    });
    expectRefused(moved, 'money.currency_not_accepted');
    expect((await kit.request<{ currency: string }>('GET', `/api/v1/purchasing/suppliers/${supplier.id}`)).body.currency).toBe('EUR');
  });

  it('once otherCurrencies lists USD, a supplier paid in USD is made', async () => {
    expect((await kit.request('PUT', '/api/v1/plugins/purchasing/settings', { body: { otherCurrencies: ['USD'] } })).status).toBe(200);
    const made = await create('USD');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ currency: 'USD' });
  });
});
