import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, makeVariant, receive } from './support.ts';

type Checkpoint = { changeId: string; id: string } | null;
type Doc = { id: string; deleted: boolean; data: Record<string, unknown> };

describe.each(['pglite', 'postgres'] as const)('what tills replicate from core-inventory on %s', (db) => {
  let kit: TestKernel;
  let till: TestTill;
  const checkpoints = new Map<string, Checkpoint>();
  beforeAll(async () => {
    kit = await inventoryKit(db);
    till = await kit.signInTill();
  });
  afterAll(async () => kit?.close());

  /**
   * Pulls a source from where the last call stopped until `done` holds for what arrived (a
   * transaction still open anywhere on the server holds changes back until it ends: poll).
   */
  const pullUntil = async (source: string, done: (documents: Doc[]) => boolean) => {
    const documents: Doc[] = [];
    const deadline = Date.now() + 30_000;
    do {
      documents.push(...(await pullNews(source)));
      if (done(documents)) return documents;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } while (Date.now() < deadline);
    return documents;
  };
  /** Pulls a source to its end from where the last call stopped, as RxDB's replication does. */
  const pullNews = async (source: string) => {
    const documents: Doc[] = [];
    for (;;) {
      const page = await kit.request<{ documents: Doc[]; checkpoint: Checkpoint }>('POST', `/api/v1/sync/pull/core-inventory.${source}`, {
        token: till.token,
        body: { checkpoint: checkpoints.get(source) ?? null, limit: 2 },
      });
      expect(page.status).toBe(200);
      if (page.body.documents.length === 0) return documents;
      documents.push(...page.body.documents);
      checkpoints.set(source, page.body.checkpoint);
    }
  };

  it('the catalog arrives per variant with barcodes and the prices of the till’s location; changes arrive again', async () => {
    const variantId = await makeVariant(kit, 'Flat White Beans', { barcodes: [{ code: '4006381333931' }] });
    const first = await pullUntil('catalog', (docs) => docs.some((d) => d.id === variantId));
    expect(first.find((d) => d.id === variantId)).toMatchObject({
      deleted: false,
      data: { name: 'Flat White Beans', barcodes: ['4006381333931'], prices: [{ currency: 'EUR', amount: 250, locationId: null }] },
    });
    expect(await pullNews('catalog')).toEqual([]);

    const found = await kit.request<{ product: { id: string } }>('GET', '/api/v1/core-inventory/lookup?code=4006381333931');
    const productId = found.body.product.id;
    await kit.request('PATCH', `/api/v1/core-inventory/products/${productId}`, { body: { name: 'Flat White Blend' } });
    expect((await pullUntil('catalog', (docs) => docs.length > 0)).map((d) => [d.id, d.data.name])).toEqual([
      [variantId, 'Flat White Blend'],
    ]);

    await kit.request('PATCH', `/api/v1/core-inventory/products/${productId}`, { body: { status: 'archived' } });
    expect((await pullUntil('catalog', (docs) => docs.length > 0)).map((d) => [d.id, d.deleted])).toEqual([[variantId, true]]);
  });

  it('stock arrives for the till’s own location only, and again after every movement', async () => {
    const warehouse = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Depot', kind: 'warehouse' } })
    ).body.id;
    const variantId = await makeVariant(kit, 'Chai Syrup');
    await pullUntil('stock', () => true);
    await receive(kit, variantId, 12);
    await receive(kit, variantId, 40, warehouse);
    expect((await pullUntil('stock', (docs) => docs.length > 0)).map((d) => d.data)).toEqual([
      { variantId, locationId: kit.tenant.locationId, onHand: 12, reserved: 0, available: 12 },
    ]);
    await kit.request('POST', '/api/v1/core-inventory/stock/adjust', {
      body: { variantId, locationId: kit.tenant.locationId, quantity: -2, reason: 'damaged' },
    });
    expect((await pullUntil('stock', (docs) => docs.length > 0)).map((d) => d.data.onHand)).toEqual([10]);
  });
});
