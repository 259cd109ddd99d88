import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, DATABASE_KINDS, footprint, labelKit, labelVariant, reprice, until, type LabelVariant } from './support.ts';

type Shelf = {
  variantId: string;
  locationId: string | null;
  productName: string;
  sku: string;
  price: { amount: number; currency: string };
  labelledPrice: { amount: number; currency: string } | null;
  staleSince: string;
};
type Problem = { status: number; code: string; detail: string };

describe.each(DATABASE_KINDS)('the price-change queue on %s', (db) => {
  let kit: TestKernel;
  let cashierToken: string;
  let tea: LabelVariant;
  let honey: LabelVariant;
  let untouched: LabelVariant;
  let warehouseId: string;

  const queue = async (query = '') => {
    const answer = await kit.request<{ items: Shelf[] }>('GET', `${API}/price-changes${query}`);
    expect(answer.status).toBe(200);
    return answer.body.items;
  };
  const queuedFor = (variant: LabelVariant, count = 1) =>
    until(async () => {
      const items = (await queue()).filter((shelf) => shelf.variantId === variant.variantId);
      return items.length >= count && items;
    }, `${variant.sku} in the queue`);

  beforeAll(async () => {
    kit = await labelKit(db);
    cashierToken = (await kit.signInTill({ permissions: [] })).token;
    tea = await labelVariant(kit, 'Earl Grey 100g', 450);
    honey = await labelVariant(kit, 'Heather Honey', 899);
    untouched = await labelVariant(kit, 'Rye Bread', 320);
    const location = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
      body: { name: 'Depot', kind: 'warehouse' },
    });
    expect(location.status).toBe(201);
    warehouseId = location.body.id;
    // Every variant's price is known before the changes (their creation was seen): nothing is stale yet.
    await until(async () => (await kit.kernel.db.query('select 1 from zebra.shelf_prices')).length >= 3 || undefined, 'the first prices');
    expect(await queue()).toEqual([]);
  });
  afterAll(async () => kit?.close());

  it('lists a shelf once its price moved, with what the label shows and the price now', async () => {
    await reprice(kit, tea, 'Earl Grey 100g', 495);
    const [shelf] = await queuedFor(tea);
    expect(shelf).toMatchObject({
      variantId: tea.variantId,
      locationId: null,
      productName: 'Earl Grey 100g',
      sku: tea.sku,
      price: { amount: 495, currency: 'EUR' },
      labelledPrice: { amount: 450, currency: 'EUR' },
    });
    expect((await queue()).map((s) => s.variantId)).not.toContain(untouched.variantId);
  });

  it("keeps a location's own price as its own shelf, and lists a location's shelves on their own", async () => {
    await reprice(kit, honey, 'Heather Honey', 899, [{ locationId: warehouseId, amount: 950 }]);
    const [shelf] = await queuedFor(honey);
    expect(shelf).toMatchObject({
      locationId: warehouseId,
      price: { amount: 950, currency: 'EUR' },
      labelledPrice: { amount: 899, currency: 'EUR' },
    });
    // The depot sees its own honey price and the tenant-wide tea price its shelves use; the store does not see the depot's honey.
    expect((await queue(`?locationId=${warehouseId}`)).map((s) => [s.variantId, s.locationId])).toEqual([
      [tea.variantId, null],
      [honey.variantId, warehouseId],
    ]);
    expect((await queue(`?locationId=${kit.tenant.locationId}`)).map((s) => s.variantId)).toEqual([tea.variantId]);
  });

  it('a price moved back to what the label shows is not stale any more', async () => {
    await reprice(kit, tea, 'Earl Grey 100g', 450);
    await until(async () => !(await queue()).some((s) => s.variantId === tea.variantId), 'tea to leave the queue');
    await reprice(kit, tea, 'Earl Grey 100g', 495);
    await queuedFor(tea);
  });

  it('marks printed shelves; one whose price moved again since stays queued', async () => {
    const marked = await kit.request<{ printed: unknown[]; stillStale: unknown[]; notQueued: unknown[] }>(
      'POST',
      `${API}/price-changes/printed`,
      {
        body: {
          items: [
            { variantId: tea.variantId, locationId: null, amount: 495 },
            { variantId: honey.variantId, locationId: warehouseId, amount: 940 },
            { variantId: untouched.variantId, locationId: null, amount: 320 },
          ],
        },
      },
    );
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({
      printed: [{ variantId: tea.variantId, locationId: null, amount: 495 }],
      stillStale: [{ variantId: honey.variantId, locationId: warehouseId, amount: 940 }],
      notQueued: [{ variantId: untouched.variantId, locationId: null, amount: 320 }],
    });
    expect((await queue()).map((s) => [s.variantId, s.labelledPrice?.amount])).toEqual([[honey.variantId, 940]]);
  });

  it('marking the same shelves printed again changes nothing (a retried click)', async () => {
    const body = { items: [{ variantId: tea.variantId, locationId: null, amount: 495 }] };
    const before = await footprint(kit);
    for (let i = 0; i < 3; i++) {
      const again = await kit.request<{ printed: unknown[]; stillStale: unknown[]; notQueued: unknown[] }>(
        'POST',
        `${API}/price-changes/printed`,
        { body },
      );
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ printed: [], stillStale: [], notQueued: body.items });
    }
    expect(await footprint(kit)).toEqual(before);
  });

  it("a location's own price removed: its shelves fall back to the tenant-wide price", async () => {
    // Honey's depot price (950, label printed at 940) goes; the depot's shelves now show the tenant-wide 899.
    await reprice(kit, honey, 'Heather Honey', 899);
    await until(async () => {
      const [depot] = (await queue(`?locationId=${warehouseId}`)).filter((s) => s.variantId === honey.variantId);
      return depot?.price.amount === 899 && depot;
    }, 'the depot honey shelf at the tenant-wide price');
  });

  it('refuses bad input with a problem and changes nothing', async () => {
    const refused = async (method: string, url: string, body: unknown, status: number, code: string, token?: string) => {
      const before = await footprint(kit);
      const answer = await kit.request<Problem>(method, url, { body, ...(token ? { token } : {}) });
      expect(answer.status).toBe(status);
      expect(answer.body.code).toBe(code);
      expect(await footprint(kit)).toEqual(before);
    };
    const item = { variantId: honey.variantId, locationId: warehouseId, amount: 950 };
    await refused('GET', `${API}/price-changes?limit=0`, undefined, 400, 'request.invalid');
    await refused('GET', `${API}/price-changes?locationId=depot`, undefined, 400, 'request.invalid');
    await refused('POST', `${API}/price-changes/printed`, { items: [] }, 400, 'request.invalid');
    await refused('POST', `${API}/price-changes/printed`, { items: [{ ...item, amount: -1 }] }, 400, 'request.invalid');
    await refused('POST', `${API}/price-changes/printed`, { items: [{ ...item, amount: 9.5 }] }, 400, 'request.invalid');
    await refused('POST', `${API}/price-changes/printed`, { items: [{ variantId: honey.variantId, amount: 950 }] }, 400, 'request.invalid');
    await refused('POST', `${API}/price-changes/printed`, { items: [item] }, 403, 'auth.forbidden', cashierToken);
  });
});
