import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, level, makeVariant, receive } from './support.ts';

describe.each(['pglite', 'postgres'] as const)('commitSale under a race on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await inventoryKit(db);
  });
  afterAll(async () => kit?.close());

  it('32 concurrent sales for the last 10 units, 50 times: exactly 10 succeed each time and stock ends at 0', async () => {
    const variantId = await makeVariant(kit, 'Limited Edition Mug');
    for (let round = 0; round < 50; round++) {
      await receive(kit, variantId, 10);
      const sales = await Promise.all(
        Array.from({ length: 32 }, (_, i) =>
          kit.request<{ code: string }>('POST', '/api/v1/sales-probe/sell', {
            body: { saleId: `r${round}-s${i}`, policy: 'deny', lines: [{ variantId, locationId: kit.tenant.locationId, quantity: 1 }] },
          }),
        ),
      );
      expect(
        sales.filter((s) => s.status === 201),
        `round ${round}`,
      ).toHaveLength(10);
      expect(sales.filter((s) => s.status === 409).every((s) => s.body.code === 'inventory.insufficient_stock')).toBe(true);
      expect(sales.filter((s) => s.status !== 201 && s.status !== 409)).toEqual([]);
      expect((await level(kit, variantId)).onHand, `round ${round}`).toBe(0);
    }
    const [ledger] = await kit.kernel.db.query<{ sold: string; received: string }>(
      `select -sum(quantity) filter (where kind = 'sale') as sold, sum(quantity) filter (where kind = 'receive') as received from inventory.stock_movements where variant_id = $1`,
      [variantId],
    );
    expect(Number(ledger!.sold)).toBe(500);
    expect(Number(ledger!.received)).toBe(500);
  }, 300_000);
});
