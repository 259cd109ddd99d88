import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, salesKit, stockedVariant } from './support/kits.ts';

describe.each(['pglite', 'postgres'] as const)('quick keys on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit(db);
  });
  afterAll(async () => kit?.close());

  const tillSettings = async () => {
    const till = await kit.signInTill({ permissions: CASHIER });
    return (await kit.request<{ quickKeys: unknown[] }>('GET', '/api/v1/core-sales/till-settings', { token: till.token })).body;
  };

  it('a merchant sets the quick keys; tills get them, in order, with the pricing', async () => {
    expect((await tillSettings()).quickKeys).toEqual([]);
    const espresso = await stockedVariant(kit, 250, 0);
    const croissant = await stockedVariant(kit, 180, 0);
    const quickKeys = [{ variantId: espresso, label: 'Espresso' }, { variantId: croissant }];
    const saved = await kit.request('PUT', '/api/v1/plugins/core-sales/settings', { body: { quickKeys } });
    expect(saved.status).toBe(200);
    expect((await tillSettings()).quickKeys).toEqual(quickKeys);
  });

  it('quick keys that are not a list of variants with short labels are refused, and the saved ones stay', async () => {
    const before = (await tillSettings()).quickKeys;
    const tooMany = Array.from({ length: 25 }, () => ({ variantId: '01890a5d-ac96-774b-bcce-b302099a8057' }));
    for (const quickKeys of [
      [{ variantId: 'espresso' }],
      [{ label: 'Espresso' }],
      [{ variantId: '01890a5d-ac96-774b-bcce-b302099a8057', label: 'A label far too long for a key on a till' }],
      [{ variantId: '01890a5d-ac96-774b-bcce-b302099a8057', colour: 'red' }],
      tooMany,
      'espresso',
    ]) {
      const refused = await kit.request('PUT', '/api/v1/plugins/core-sales/settings', { body: { quickKeys } });
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect((await tillSettings()).quickKeys).toEqual(before);
  });
});
