import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

describe.each(['pglite', 'postgres'] as const)('tenant isolation of the sales schema on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit(db);
  });
  afterAll(async () => kit?.close());

  it('every sales table has forced row-level security with a tenant policy', async () => {
    expect((await kit.tablesWithoutTenantIsolation()).filter((t) => t.startsWith('sales.'))).toEqual([]);
  });

  it("another tenant's sale and shift are 404, never data", async () => {
    const till = await tillWithShift(kit);
    const item = await stockedVariant(kit, 100, 1);
    const sale = await kit.request<{ id: string }>('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: item, quantity: 1 }], tenders: [{ method: 'cash', amount: 100 }] },
    });
    const other = await kit.createTenant();
    const read = await kit.request<{ code: string }>('GET', `/api/v1/core-sales/sales/${sale.body.id}`, { token: other.admin.token });
    expect(read.status).toBe(404);
    const report = await kit.request<{ code: string }>('GET', `/api/v1/core-sales/shifts/${till.shiftId}/report`, {
      token: other.admin.token,
    });
    expect(report.status).toBe(404);
    const refund = await kit.request<{ code: string }>('POST', '/api/v1/core-sales/refunds', {
      token: other.admin.token,
      body: { saleId: sale.body.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'x', restock: true },
    });
    expect(refund.status).toBe(404);
    const parked = await kit.request<{ id: string }>('POST', '/api/v1/core-sales/parked', {
      token: till.token,
      body: { lines: [{ variantId: await stockedVariant(kit, 100, 1), quantity: 1 }] },
    });
    expect(parked.status).toBe(201);
    const unpark = await kit.request<{ code: string }>('DELETE', `/api/v1/core-sales/parked/${parked.body.id}`, {
      token: other.admin.token,
    });
    expect([unpark.status, unpark.body.code]).toEqual([404, 'sales.unknown_sale']);
  });
});
