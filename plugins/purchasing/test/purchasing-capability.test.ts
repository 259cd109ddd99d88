import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, INVENTORY, makeOrder, makeSupplier, makeVariant, PURCHASING, receiptId, setSupplierItem } from './support.ts';

const PROBE = fileURLToPath(new URL('./fixtures/purchasing-probe', import.meta.url));

describe.each(DATABASE_KINDS)('purchasing@1 for other plugins on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [INVENTORY, PURCHASING, PROBE], db });
  });
  afterAll(async () => kit?.close());

  it('reads an order and what is on order but not yet delivered', async () => {
    const milk = await makeVariant(kit);
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 6, cost: 100 });
    const order = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 3 }]);
    await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 1 }], { draft: true });
    await kit.request('POST', `/api/v1/purchasing/purchase-orders/${order.id}/receipts`, {
      body: { id: receiptId(), lines: [{ variantId: milk.id, quantity: 5, damaged: 1 }] },
    });
    const read = await kit.request<{ order: { number: string; status: string; lines: unknown[] } }>(
      'GET',
      `/api/v1/purchasing-probe/orders/${order.id}`,
    );
    expect(read.body.order).toMatchObject({
      number: order.number,
      status: 'partially_received',
      lines: [{ variantId: milk.id, orderedQuantity: 18, receivedQuantity: 5, damagedQuantity: 1, returnedQuantity: 0, unitCost: 100 }],
    });
    const onOrder = await kit.request<{ items: unknown[] }>('GET', `/api/v1/purchasing-probe/on-order?variantId=${milk.id}`);
    // 18 − 6 delivered on the sent order + 6 on the draft.
    expect(onOrder.body.items).toEqual([{ variantId: milk.id, locationId: kit.tenant.locationId, quantity: 18 }]);
    const missing = await kit.request<{ order: null }>('GET', '/api/v1/purchasing-probe/orders/0190a000-0000-7000-8000-000000000000');
    expect(missing.body.order).toBeNull();
  });
});
