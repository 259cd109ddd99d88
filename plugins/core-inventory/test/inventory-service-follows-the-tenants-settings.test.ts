import type { TestKernel, TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { inventoryKit } from './support.ts';

// inventory@1, used by another plugin (the sales probe), runs with core-inventory's settings of
// the tenant it serves, as core-inventory's own routes do.
describe.each(['pglite', 'postgres'] as const)('the inventory@1 service on %s', (db) => {
  let kit: TestKernel;
  let quiet: TestTenant;
  beforeAll(async () => {
    kit = await inventoryKit(db);
    quiet = await kit.createTenant();
    const saved = await kit.request('PUT', '/api/v1/plugins/core-inventory/settings', {
      token: quiet.admin.token,
      body: { lowStockEvents: false },
    });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => kit?.close());

  /** Shelves 6 units with a reorder point of 5, sells 2 through inventory@1; answers the stock.low events of the variant. */
  async function sellBelowTheReorderPoint(tenant: TestTenant): Promise<unknown[]> {
    const as = { request: kit.request, tenant } as const;
    const token = tenant.admin.token;
    const { variantId } = await shelveVariant(as, { price: 250, stock: 6, token, locationId: tenant.locationId });
    const reorder = await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      token,
      body: { locationId: tenant.locationId, variantId, reorderPoint: 5, reorderMax: 20 },
    });
    expect(reorder.status).toBe(200);
    const sold = await kit.request('POST', '/api/v1/sales-probe/sell', {
      token,
      body: { saleId: `s-${variantId}`, policy: 'deny', lines: [{ variantId, locationId: tenant.locationId, quantity: 2 }] },
    });
    expect(sold.status).toBe(201);
    const moved = await kit.kernel.db.query(
      "select 1 from kernel.outbox where type = 'inventory.stock.moved' and tenant_id = $1 and payload->>'variantId' = $2",
      [tenant.id, variantId],
    );
    expect(moved.length).toBeGreaterThan(0);
    return kit.kernel.db.query("select payload from kernel.outbox where type = 'inventory.stock.low' and payload->>'variantId' = $1", [
      variantId,
    ]);
  }

  it('publishes inventory.stock.low for a tenant with lowStockEvents on (the default)', async () => {
    expect(await sellBelowTheReorderPoint(kit.tenant)).toEqual([{ payload: expect.objectContaining({ available: 4 }) }]);
  });

  it('publishes none for a tenant that turned lowStockEvents off, and still moves its stock', async () => {
    expect(await sellBelowTheReorderPoint(quiet)).toEqual([]);
  });
});
