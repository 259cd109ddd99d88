import { randomUUID } from 'node:crypto';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from '../../testing/first-party-plugins.ts';
import { shelveVariant } from '../../testing/shop-shelf.ts';
import { fixedToken } from '../src/auth/access-token.ts';
import type { TillPricing } from '../src/checkout/checkout-machine.ts';
import { priceLoggedSale } from '../src/checkout/logged-sale-pricing.ts';
import { appendEvent, nextReceiptNumber } from '../src/store/event-log.ts';
import { localShiftReport, type ShiftReport } from '../src/store/local-shift-report.ts';
import { findOwnReceipt, returnAgainstReceipt } from '../src/store/returns.ts';
import { returnWithoutReceipt } from '../src/store/returns-without-receipt.ts';
import { storeReceipts, storeSale } from '../src/store/store-receipts.ts';
import { closeShift, moveCash, openShift } from '../src/store/shift-log.ts';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { gatewayClient } from '../src/sync/gateway-client.ts';
import { replicateInventory } from '../src/sync/inventory-replication.ts';
import { liveStream } from '../src/sync/live-stream.ts';
import { PushAgent } from '../src/sync/push-agent.ts';

/** The parts of a report both sides compute. */
const comparable = (report: ShiftReport) => ({
  status: report.status,
  sales: report.sales,
  refunds: report.refunds,
  afterRefunds: report.afterRefunds,
  byTender: report.byTender,
  byTax: report.byTax,
  byCategory: report.byCategory,
  cash: report.cash,
});

describe('the X and Z reports a till reckons offline from its own log', () => {
  let kit: TestKernel;
  let db: TillDatabase;
  let live: ReturnType<typeof liveStream>;
  let replication: ReturnType<typeof replicateInventory>;
  let pricing: TillPricing;
  let agent: PushAgent;
  let deviceId: string;
  let cashierId: string;
  let coffee: string;
  let mug: string;
  let token: string;
  let url: string;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: SHOP_PLUGINS, db: 'pglite' });
    url = await kit.kernel.listen();
    const product = async (name: string, sku: string, taxClass: string, price: number) =>
      (await shelveVariant(kit, { name, sku, taxClass, price, stock: 40 })).variantId;
    coffee = await product('House Blend 250g', 'COF-HB', 'reduced', 895);
    mug = await product('Stoneware Mug', 'MUG-STN', 'standard', 1450);
    const till = await kit.signInTill({
      permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund', 'core-sales:refund.without-receipt'],
    });
    token = till.token;
    deviceId = till.deviceId;
    cashierId = till.cashierId;
    db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
    const client = gatewayClient(url, fixedToken(till.token));
    live = liveStream(client);
    replication = replicateInventory(db, client, {
      catalog: live.newsFor(['inventory.product.changed']),
      stock: live.newsFor(['inventory.stock.moved']),
    });
    await Promise.all([replication.catalog.awaitInitialReplication(), replication.stock.awaitInitialReplication()]);
    pricing = await client.get<TillPricing>('/api/v1/core-sales/till-settings');
    agent = new PushAgent(db, client);
  });
  afterAll(async () => {
    live?.close();
    await replication?.catalog.cancel();
    await replication?.stock.cancel();
    await db?.close();
    await kit?.close();
  });

  /** A sale made at this till (kept in its log, not yet sent): the customer pays with these tenders. */
  const sell = async (
    shiftId: string,
    sale: { lines: Array<{ variantId: string; quantity: number }>; cartDiscount?: { kind: 'percent'; basisPoints: number } },
    pay: (total: number) => Array<{ method: string; amount: number }>,
  ) => {
    const { priced } = await priceLoggedSale(db, sale, pricing);
    await appendEvent(db, deviceId, 'sales.sale.completed', {
      sale: { id: uuidv7(), shiftId, ...sale, tenders: pay(priced.total), expectedTotal: priced.total },
      receiptNumber: await nextReceiptNumber(db),
      cashierId,
    });
    return priced.total;
  };

  it('offline, the till’s X report and then its Z report are exactly what the server reports once the events arrive', async () => {
    const shiftId = await openShift(db, deviceId, 15000);
    const first = await sell(
      shiftId,
      {
        lines: [
          { variantId: coffee, quantity: 2 },
          { variantId: mug, quantity: 1 },
        ],
      },
      () => [{ method: 'cash', amount: 5000 }],
    );
    const second = await sell(
      shiftId,
      { lines: [{ variantId: mug, quantity: 3 }], cartDiscount: { kind: 'percent', basisPoints: 1000 } },
      (total) => [{ method: 'cash', amount: total }],
    );
    await moveCash(db, deviceId, { kind: 'out', amount: 2000, reason: 'milk from the shop next door' });
    await moveCash(db, deviceId, { kind: 'in', amount: 500, reason: 'change from the bank' });
    // One mug of the first sale comes back.
    const receipt = await findOwnReceipt(db, 1, pricing);
    const back = await returnAgainstReceipt(db, deviceId, receipt, {
      lines: [{ lineNo: 2, quantity: 1 }],
      reason: 'chipped',
      restock: false,
    });

    // Another till of the store sold two mugs for cash; one comes back here, against its receipt.
    const other = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    await kit.request('POST', '/api/v1/core-sales/shifts', { token: other.token, body: { openingFloat: 0 } });
    const otherSale = await kit.request<{ id: string; receiptNumber: number }>('POST', '/api/v1/core-sales/sales', {
      token: other.token,
      body: { lines: [{ variantId: mug, quantity: 2 }], tenders: [{ method: 'cash', amount: 2900 }] },
    });
    const client = gatewayClient(url, fixedToken(token));
    const candidates = await storeReceipts(client, otherSale.body.receiptNumber, deviceId);
    expect(candidates.map((c) => [c.saleId, c.deviceId, c.total])).toEqual([[otherSale.body.id, other.deviceId, 2900]]);
    const otherReceipt = await storeSale(db, client, otherSale.body.id);
    expect(otherReceipt.lines.map((l) => [l.name, l.sold, l.returned])).toEqual([['Stoneware Mug', 2, 0]]);
    const backOther = await returnAgainstReceipt(db, deviceId, otherReceipt, {
      lines: [{ lineNo: 1, quantity: 1 }],
      reason: 'a gift, not wanted',
      restock: true,
    });
    expect(backOther.amount).toBe(1450);
    // And a bag of coffee with no receipt at all, at the catalogue price, in cash.
    const noReceipt = await returnWithoutReceipt(
      db,
      { deviceId, permissions: ['core-sales:refund.without-receipt'] },
      { lines: [{ variantId: coffee, quantity: 1 }], reason: 'unopened, no receipt', restock: true },
      pricing,
    );
    expect(noReceipt.amount).toBe(895);
    await expect(
      returnWithoutReceipt(
        db,
        { deviceId, permissions: [] },
        { lines: [{ variantId: coffee, quantity: 1 }], reason: 'x', restock: true },
        pricing,
      ),
    ).rejects.toThrow('needs a manager');

    // Nothing has reached the server: the X report is the till's own.
    const x = (await localShiftReport(db, shiftId, pricing))!;
    expect(x.status).toBe('open');
    expect(x.sales).toMatchObject({ count: 2, total: first + second });
    const refunded = back.amount + backOther.amount + noReceipt.amount;
    expect(x.refunds).toMatchObject({ count: 3, total: refunded });
    expect(x.afterRefunds.total).toBe(first + second - refunded);
    expect(x.cash.expected).toBe(15000 + first + second - refunded + 500 - 2000);
    expect(x.byTax.map((tax) => tax.name).length).toBeGreaterThan(0);
    // Tax by rate is net of the refunds: the rates add up to the sales' tax less the refunds'.
    expect(x.byTax.reduce((sum, tax) => sum + tax.amount, 0)).toBe(x.sales.tax - x.refunds.tax);
    expect(x.refunds.tax).toBeGreaterThan(0);

    await agent.flush();
    const serverX = await kit.request<ShiftReport>('GET', `/api/v1/core-sales/shifts/${shiftId}/report`);
    expect(serverX.status).toBe(200);
    expect(comparable(x)).toEqual(comparable(serverX.body));

    // Closed with a count that is 1.00 short, still offline: the till's Z report, then the server's.
    const expected = x.cash.expected;
    const notes = Math.floor((expected - 100) / 1000);
    const coins = expected - 100 - notes * 1000;
    await closeShift(db, deviceId, [
      { denomination: 1000, count: notes },
      { denomination: 1, count: coins },
    ]);
    const z = (await localShiftReport(db, shiftId, pricing))!;
    expect(z.status).toBe('closed');
    expect(z.cash).toMatchObject({ counted: expected - 100, overShort: -100 });
    await agent.flush();
    const serverZ = await kit.request<ShiftReport>('GET', `/api/v1/core-sales/shifts/${shiftId}/report`);
    expect(comparable(z)).toEqual(comparable(serverZ.body));
  });

  it('a shift this till never opened has no report of its own', async () => {
    expect(await localShiftReport(db, uuidv7(), pricing)).toBeUndefined();
  });
});
