import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { tillEventLog } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, countRows, onHand, salesKit, stockedVariant } from './support/kits.ts';

type Answer = {
  id: string;
  status: string;
  code?: string;
  reason?: string;
  result?: Record<string, unknown>;
  detail?: { short?: unknown[] };
};

/** A till's offline event log: sales and shifts it made while the network was gone. */
function offlineTill(till: TestTill) {
  let receipt = 0;
  const event = tillEventLog(till.deviceId);
  return {
    event,
    openShift: (shiftId: string) => event('sales.shift.opened', { shiftId, openingFloat: 5000 }),
    sale: (shiftId: string, lines: Array<{ variantId: string; quantity: number }>, paid: number) =>
      event('sales.sale.completed', {
        sale: { id: uuidv7(), shiftId, lines, tenders: [{ method: 'cash', amount: paid }], expectedTotal: paid },
        receiptNumber: ++receipt,
        cashierId: till.cashierId,
      }),
  };
}

describe.each(['pglite', 'postgres'] as const)('offline sales through the sync gateway on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit(db);
  });
  afterAll(async () => kit?.close());

  const push = (till: TestTill, events: unknown[]) =>
    kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', { token: till.token, body: { events } });

  it('a shift and five offline sales apply in order; replaying the batch 10 times creates each sale once with the same answers', async () => {
    const till = await kit.signInTill({ permissions: CASHIER });
    const log = offlineTill(till);
    const tea = await stockedVariant(kit, 250, 50);
    const shiftId = uuidv7();
    const batch = [log.openShift(shiftId), ...Array.from({ length: 5 }, () => log.sale(shiftId, [{ variantId: tea, quantity: 2 }], 500))];
    const first = await push(till, batch);
    expect(first.body.answers.map((a) => a.status)).toEqual(Array(6).fill('accepted'));
    expect(first.body.answers.slice(1).map((a) => a.result?.receiptNumber)).toEqual([1, 2, 3, 4, 5]);
    const sales = await countRows(kit, 'sales.sales');
    for (let i = 0; i < 10; i++) {
      const replay = await push(till, batch);
      expect(replay.body.answers.map((a) => a.status)).toEqual(Array(6).fill('duplicate'));
    }
    expect(await countRows(kit, 'sales.sales')).toBe(sales);
    expect(await onHand(kit, tea)).toBe(40);
    const report = await kit.request<{ sales: { count: number; total: number } }>('GET', `/api/v1/core-sales/shifts/${shiftId}/report`);
    expect(report.body.sales).toEqual({ count: 5, total: 2500, discounts: 0, tax: 415 });
  });

  it('back online, the next receipt number the server gives a till follows the numbers it gave offline, voids included', async () => {
    const till = await kit.signInTill({ permissions: CASHIER });
    const log = offlineTill(till);
    const tea = await stockedVariant(kit, 250, 50);
    const shiftId = uuidv7();
    const offline = [
      log.openShift(shiftId),
      log.sale(shiftId, [{ variantId: tea, quantity: 1 }], 250),
      log.sale(shiftId, [{ variantId: tea, quantity: 1 }], 250),
    ];
    const voided = log.event('sales.sale.voided', { saleId: uuidv7(), receiptNumber: 3, reason: 'customer walked away' });
    const pushed = await push(till, [...offline, voided]);
    expect(pushed.body.answers.map((a) => a.status)).toEqual(Array(4).fill('accepted'));
    const online = await kit.request<{ receiptNumber: number }>('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: tea, quantity: 1 }], tenders: [{ method: 'cash', amount: 250 }] },
    });
    expect(online.status).toBe(201);
    expect(online.body.receiptNumber).toBe(4);
  });

  it('two tills sell the last unit offline: by default both are accepted and a discrepancy is raised', async () => {
    const lamp = await stockedVariant(kit, 1000, 1);
    const answers = [];
    for (const till of [await kit.signInTill({ permissions: CASHIER }), await kit.signInTill({ permissions: CASHIER })]) {
      const log = offlineTill(till);
      const shiftId = uuidv7();
      answers.push(
        (await push(till, [log.openShift(shiftId), log.sale(shiftId, [{ variantId: lamp, quantity: 1 }], 1000)])).body.answers[1]!,
      );
    }
    expect(answers.map((a) => a.status)).toEqual(['accepted', 'accepted']);
    expect(answers[1]!.result?.stockShort).toEqual([expect.objectContaining({ variantId: lamp, quantity: 1 })]);
    expect(await onHand(kit, lamp)).toBe(-1);
    const open = await kit.kernel.db.query<{ n: number }>(
      'select count(*)::int as n from inventory.discrepancies where variant_id = $1 and resolved_at is null',
      [lamp],
    );
    expect(open[0]!.n).toBe(1);
  });

  it('a malformed sale event is denied with the fields to fix, and nothing of it is written', async () => {
    const till = await kit.signInTill({ permissions: CASHIER });
    const log = offlineTill(till);
    const before = await countRows(kit, 'sales.sales');
    const answers = (await push(till, [log.event('sales.sale.completed', { sale: { lines: [] }, receiptNumber: 0 })])).body.answers;
    expect(answers[0]).toMatchObject({ status: 'denied', code: 'sales.malformed_event' });
    expect(await countRows(kit, 'sales.sales')).toBe(before);
  });

  it('a sale with a total the till got wrong is accepted at the server’s total and the difference reported', async () => {
    const till = await kit.signInTill({ permissions: CASHIER });
    const log = offlineTill(till);
    const pen = await stockedVariant(kit, 199, 5);
    const shiftId = uuidv7();
    const open = log.openShift(shiftId);
    const sale = log.event('sales.sale.completed', {
      sale: {
        id: uuidv7(),
        shiftId,
        lines: [{ variantId: pen, quantity: 1 }],
        tenders: [{ method: 'cash', amount: 200 }],
        expectedTotal: 189,
      },
      receiptNumber: 1,
      cashierId: till.cashierId,
    });
    const answers = (await push(till, [open, sale])).body.answers;
    expect(answers[1]).toMatchObject({ status: 'accepted', result: { total: 199, totalMismatch: { till: 189, server: 199 } } });
  });
});

describe('offline oversell denied by the tenant’s policy', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit('postgres', { offlineOversell: 'deny' });
  });
  afterAll(async () => kit?.close());

  it('the second till’s sale of the last unit is denied with the short line; its receipt number is voided later, no gap', async () => {
    const lamp = await stockedVariant(kit, 1000, 1);
    const tills = [await kit.signInTill({ permissions: CASHIER }), await kit.signInTill({ permissions: CASHIER })];
    const answers: Answer[] = [];
    const logs = tills.map(offlineTill);
    for (const [i, till] of tills.entries()) {
      const shiftId = uuidv7();
      const pushed = await kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', {
        token: till.token,
        body: { events: [logs[i]!.openShift(shiftId), logs[i]!.sale(shiftId, [{ variantId: lamp, quantity: 1 }], 1000)] },
      });
      answers.push(pushed.body.answers[1]!);
    }
    expect(answers[0]!.status).toBe('accepted');
    expect(answers[1]).toMatchObject({ status: 'denied', code: 'inventory.insufficient_stock' });
    expect(answers[1]!.detail?.short).toEqual([expect.objectContaining({ variantId: lamp, available: 0 })]);
    expect(await onHand(kit, lamp)).toBe(0);

    // The cashier voids it from the resolution queue: the receipt number is kept as void.
    const void_ = logs[1]!.event('sales.sale.voided', { saleId: uuidv7(), receiptNumber: 1, reason: 'out of stock, customer refunded' });
    const voided = await kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', {
      token: tills[1]!.token,
      body: { events: [void_] },
    });
    expect(voided.body.answers[0]!.status).toBe('accepted');
    const receipts = await kit.kernel.db.query<{ status: string; receipt_number: string }>(
      'select status, receipt_number from sales.sales where device_id = $1 order by receipt_number',
      [tills[1]!.deviceId],
    );
    expect(receipts.map((r) => [r.status, Number(r.receipt_number)])).toEqual([['voided', 1]]);
  });
});
