import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { uuidv7, type TillPluginContext } from '@kits/plugin-sdk/till';
import { openTestTill, type TestTill } from '@kits/till/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TillPricing } from '../../src/till/checkout/checkout-machine.ts';
import { priceLoggedSale } from '../../src/till/checkout/logged-sale-pricing.ts';
import { localShiftReport, type ShiftReport } from '../../src/till/store/local-shift-report.ts';
import { findOwnReceipt, returnAgainstReceipt } from '../../src/till/store/returns.ts';
import { returnWithoutReceipt } from '../../src/till/store/returns-without-receipt.ts';
import { storeReceipts, storeSale } from '../../src/till/store/store-receipts.ts';
import { closeShift, moveCash, openShift } from '../../src/till/store/shift-log.ts';

const plugin = (name: string) => fileURLToPath(new URL(`../../../${name}`, import.meta.url));

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
  let testTill: TestTill;
  /** core-sales' context on the till: its event log and device state. */
  let till: TillPluginContext;
  let pricing: TillPricing;
  let deviceId: string;
  let cashierId: string;
  let coffee: string;
  let mug: string;
  let url: string;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [plugin('core-inventory'), plugin('core-sales')], db: 'pglite' });
    url = await kit.kernel.listen();
    const product = async (name: string, sku: string, taxClass: string, amount: number) => {
      const created = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
        body: { name, unit: 'piece', taxClass, variants: [{ sku, prices: [{ currency: 'EUR', amount }] }] },
      });
      const variantId = created.body.variants[0]!.id;
      await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
        body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity: 40 }] },
      });
      return variantId;
    };
    coffee = await product('House Blend 250g', 'COF-HB', 'reduced', 895);
    mug = await product('Stoneware Mug', 'MUG-STN', 'standard', 1450);
    const permissions = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund', 'core-sales:refund.without-receipt'];
    const signedIn = await kit.signInTill({ permissions });
    deviceId = signedIn.deviceId;
    cashierId = signedIn.cashierId;
    testTill = await openTestTill({
      url,
      token: signedIn.token,
      session: { deviceId, locationId: kit.tenant.locationId, cashierId, permissions },
    });
    till = testTill.context('core-sales');
    pricing = await till.api.get<TillPricing>('/api/v1/core-sales/till-settings');
  });
  afterAll(async () => {
    await testTill?.close();
    await kit?.close();
  });

  /** A sale made at this till (kept in its log, not yet sent): the customer pays with these tenders. */
  const sell = async (
    shiftId: string,
    sale: { lines: Array<{ variantId: string; quantity: number }>; cartDiscount?: { kind: 'percent'; basisPoints: number } },
    pay: (total: number) => Array<{ method: string; amount: number }>,
  ) => {
    const { priced } = await priceLoggedSale(till, sale, pricing);
    await till.events.append('sales.sale.completed', {
      sale: { id: uuidv7(), shiftId, ...sale, tenders: pay(priced.total), expectedTotal: priced.total },
      receiptNumber: await till.device.next('receipt-number'),
      cashierId,
    });
    return priced.total;
  };

  it('offline, the till’s X report and then its Z report are exactly what the server reports once the events arrive', async () => {
    const shiftId = await openShift(till, 15000);
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
    await moveCash(till, { kind: 'out', amount: 2000, reason: 'milk from the shop next door' });
    await moveCash(till, { kind: 'in', amount: 500, reason: 'change from the bank' });
    // One mug of the first sale comes back.
    const receipt = await findOwnReceipt(till, 1, pricing);
    const back = await returnAgainstReceipt(till, receipt, {
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
    const candidates = await storeReceipts(till.api, otherSale.body.receiptNumber, deviceId);
    expect(candidates.map((c) => [c.saleId, c.deviceId, c.total])).toEqual([[otherSale.body.id, other.deviceId, 2900]]);
    const otherReceipt = await storeSale(till, otherSale.body.id);
    expect(otherReceipt.lines.map((l) => [l.name, l.sold, l.returned])).toEqual([['Stoneware Mug', 2, 0]]);
    const backOther = await returnAgainstReceipt(till, otherReceipt, {
      lines: [{ lineNo: 1, quantity: 1 }],
      reason: 'a gift, not wanted',
      restock: true,
    });
    expect(backOther.amount).toBe(1450);
    // And a bag of coffee with no receipt at all, at the catalog price, in cash.
    const noReceipt = await returnWithoutReceipt(
      till,
      { lines: [{ variantId: coffee, quantity: 1 }], reason: 'unopened, no receipt', restock: true },
      pricing,
    );
    expect(noReceipt.amount).toBe(895);
    await expect(
      returnWithoutReceipt(
        { ...till, session: { ...till.session, permissions: [] } },
        { lines: [{ variantId: coffee, quantity: 1 }], reason: 'x', restock: true },
        pricing,
      ),
    ).rejects.toThrow('needs a manager');

    // Nothing has reached the server: the X report is the till's own.
    const x = (await localShiftReport(till, shiftId, pricing))!;
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

    await testTill.push.flush();
    const serverX = await kit.request<ShiftReport>('GET', `/api/v1/core-sales/shifts/${shiftId}/report`);
    expect(serverX.status).toBe(200);
    expect(comparable(x)).toEqual(comparable(serverX.body));

    // Closed with a count that is 1.00 short, still offline: the till's Z report, then the server's.
    const expected = x.cash.expected;
    const notes = Math.floor((expected - 100) / 1000);
    const coins = expected - 100 - notes * 1000;
    await closeShift(till, [
      { denomination: 1000, count: notes },
      { denomination: 1, count: coins },
    ]);
    const z = (await localShiftReport(till, shiftId, pricing))!;
    expect(z.status).toBe('closed');
    expect(z.cash).toMatchObject({ counted: expected - 100, overShort: -100 });
    await testTill.push.flush();
    const serverZ = await kit.request<ShiftReport>('GET', `/api/v1/core-sales/shifts/${shiftId}/report`);
    expect(comparable(z)).toEqual(comparable(serverZ.body));
  });

  it('a shift this till never opened has no report of its own', async () => {
    expect(await localShiftReport(till, uuidv7(), pricing)).toBeUndefined();
  });
});
