import type { TestKernel } from '@kits/kernel/test-kit';
import { tillEventLog } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildTenant } from '../../src/server/ingest/index.ts';
import type { DashboardReport, InventoryHealthItem, InventoryHealthReport } from '../../src/shared/report-types.ts';
import { CASHIER, DATABASE_KINDS, reportsKit, reportsTransaction, sellableVariant, settled, snapshot, tillWithShift } from './support.ts';

const DAY = 86_400_000;

/**
 * A till offline for weeks sold the last gift wrap it will sell 40 days ago, and pushes the sale
 * today. The item last sold 40 days ago — when the sale was made, not when it arrived — so with a
 * 30-day threshold it is dead stock; a rebuild from the journal says the same.
 */
describe.each(DATABASE_KINDS)('an offline sale counts as a sale when it was made, on %s', (db) => {
  let kit: TestKernel;
  let giftWrap: { variantId: string };
  let soldAt: string;

  const health = async (): Promise<InventoryHealthReport> => {
    const answer = await kit.request<InventoryHealthReport>('GET', '/api/v1/reports/inventory-health?deadStockDays=30&limit=200');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  const itemOf = (report: InventoryHealthReport, variantId: string): InventoryHealthItem =>
    report.items.find((item) => item.variantId === variantId)!;

  beforeAll(async () => {
    kit = await reportsKit(db);
    giftWrap = await sellableVariant(kit, 'Gift Wrap', 300, 10);
    const till = await kit.signInTill({ permissions: CASHIER });
    const event = tillEventLog(till.deviceId);
    const shiftId = uuidv7();
    soldAt = new Date(Math.floor((Date.now() - 40 * DAY) / 1000) * 1000).toISOString();
    const pushed = await kit.request<{ answers: Array<{ status: string }> }>('POST', '/api/v1/sync/push', {
      token: till.token,
      body: {
        events: [
          event('sales.shift.opened', { shiftId, openingFloat: 5000 }, new Date(Date.parse(soldAt) - 60_000).toISOString()),
          event(
            'sales.sale.completed',
            {
              sale: {
                id: uuidv7(),
                shiftId,
                lines: [{ variantId: giftWrap.variantId, quantity: 1 }],
                tenders: [{ method: 'cash', amount: 300 }],
              },
              receiptNumber: 1,
              cashierId: till.cashierId,
            },
            soldAt,
          ),
        ],
      },
    });
    expect(pushed.status).toBe(200);
    expect(pushed.body.answers.map((answer) => answer.status)).toEqual(['accepted', 'accepted']);
    expect(await settled(kit)).toEqual([]);
  });
  afterAll(async () => kit?.close());

  it('inventory health dates its last sale to the till’s clock and counts it dead after 30 days', async () => {
    expect(itemOf(await health(), giftWrap.variantId)).toMatchObject({ onHand: 9, lastSaleAt: soldAt, dead: true });
  });

  it('the dashboard’s newest sale is the one made 40 days ago, though it arrived today', async () => {
    const dashboard = await kit.request<DashboardReport>('GET', '/api/v1/reports/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.lastSaleAt).toBe(soldAt);
  });

  it('a sale made now makes an item live; a rebuild from the journal gives the same rows and the same report', async () => {
    const coffee = await sellableVariant(kit, 'Coffee', 450, 5);
    const till = await tillWithShift(kit);
    const sale = await kit.request('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: coffee.variantId, quantity: 1 }], tenders: [{ method: 'cash', amount: 450 }] },
    });
    expect(sale.status).toBe(201);
    expect(await settled(kit)).toEqual([]);
    const live = await snapshot(kit, kit.tenant.id);
    const before = await health();
    expect(itemOf(before, coffee.variantId)).toMatchObject({ onHand: 4, dead: false });
    expect(itemOf(before, giftWrap.variantId).dead).toBe(true);

    await rebuildTenant({ transaction: reportsTransaction(kit, kit.tenant.id) });

    expect(await snapshot(kit, kit.tenant.id)).toEqual(live);
    const after = await health();
    expect(after.items).toEqual(before.items);
    expect(after.totals).toEqual(before.totals);
  });
});
