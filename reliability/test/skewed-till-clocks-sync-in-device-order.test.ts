import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { tillEventLog } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, firstPartyKernel, stockedVariant } from './support/shop.ts';

type Answer = { id: string; status: string; code?: string; result?: Record<string, unknown> };
interface Report {
  openedAt: string;
  closedAt: string | null;
  openedReceivedAt: string;
  closedReceivedAt: string | null;
  salesPeriod: { firstAt: string; lastAt: string; firstReceivedAt: string; lastReceivedAt: string } | null;
  sales: { count: number };
  refunds: { count: number };
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A till whose clock is `offsetMs` off the server's; events carry the time its clock shows. */
function skewedTill(till: TestTill, offsetMs: number) {
  let receipt = 0;
  const claimed = (driftMs = 0) => new Date(Date.now() + offsetMs + driftMs).toISOString();
  const event = tillEventLog(till.deviceId);
  return {
    claimed,
    event,
    sale: (shiftId: string, variantId: string, price: number, occurredAt: string) => {
      const id = uuidv7();
      return {
        id,
        event: event(
          'sales.sale.completed',
          {
            sale: { id, shiftId, lines: [{ variantId, quantity: 1 }], tenders: [{ method: 'cash', amount: price }], expectedTotal: price },
            receiptNumber: ++receipt,
            cashierId: till.cashierId,
          },
          occurredAt,
        ),
      };
    },
  };
}

// DESIGN §6: a till's events apply in the order of its own sequence numbers. A till's clock may be
// hours off, and may jump back mid-shift; the time it claims is kept (it is when the customer was
// served, as far as the till knew) beside the server's receipt time, and never decides the order.
describe.each(['postgres', 'pglite'] as const)('tills with skewed clocks on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    // Offline oversell denied, so the order in which sales apply decides which one gets the last unit.
    kit = await firstPartyKernel(db, {}, { 'core-sales': { offlineOversell: 'deny' } });
  });
  afterAll(async () => kit?.close());

  const push = (till: TestTill, events: unknown[]) =>
    kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', { token: till.token, body: { events } });
  const onHand = async (variantId: string) =>
    (
      await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>(
        'GET',
        `/api/v1/core-inventory/variants/${variantId}/stock`,
      )
    ).body.items.find((i) => i.locationId === kit.tenant.locationId)?.onHand ?? 0;
  const report = async (shiftId: string) => (await kit.request<Report>('GET', `/api/v1/core-sales/shifts/${shiftId}/report`)).body;
  const signIn = async () => {
    const till = await kit.signInTill({ permissions: CASHIER });
    return till;
  };

  it('a till 5 hours fast whose clock jumps back mid-shift applies in sequence; a till 7 hours slow cannot jump the queue', async () => {
    const lamp = (await stockedVariant(kit, kit.tenant.admin.token, 1000, 1, kit.tenant.locationId)).variantId;
    const fast = await signIn();
    const slow = await signIn();
    const f = skewedTill(fast, +5 * HOUR);
    const s = skewedTill(slow, -7 * HOUR);
    const serverBefore = Date.now();

    // The fast till, offline: opens a shift, sells the lamp, then its clock is corrected back by
    // 31 minutes; it takes the lamp back (refund, restocked) and sells it again. By the times it
    // claims, the refund and the second sale came *before* the first sale.
    const fastShift = uuidv7();
    const opened = f.event('sales.shift.opened', { shiftId: fastShift, openingFloat: 5000 }, f.claimed());
    const first = f.sale(fastShift, lamp, 1000, f.claimed(+1 * MINUTE));
    const refund = f.event(
      'sales.sale.refunded',
      { refund: { id: uuidv7(), saleId: first.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'wrong colour', restock: true } },
      f.claimed(-30 * MINUTE),
    );
    const second = f.sale(fastShift, lamp, 1000, f.claimed(-29 * MINUTE));
    const fastAnswers = (await push(fast, [opened, first.event, refund, second.event])).body.answers;
    expect(fastAnswers.map((a) => a.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(await onHand(lamp)).toBe(0);

    // The slow till syncs afterwards: it claims to have sold the lamp 7 hours ago, before any of
    // the fast till's events — but it arrived later, and the lamp is gone.
    const slowShift = uuidv7();
    const slowOpened = s.event('sales.shift.opened', { shiftId: slowShift, openingFloat: 5000 }, s.claimed());
    const late = s.sale(slowShift, lamp, 1000, s.claimed(+1 * MINUTE));
    const slowAnswers = (await push(slow, [slowOpened, late.event])).body.answers;
    expect(slowAnswers.map((a) => [a.status, a.code])).toEqual([
      ['accepted', undefined],
      ['denied', 'inventory.insufficient_stock'],
    ]);
    expect(await onHand(lamp)).toBe(0);

    // The fast till closes its shift (still by its own clock).
    const closedClaim = f.claimed(+2 * MINUTE);
    const closed = (await push(fast, [f.event('sales.shift.closed', { shiftId: fastShift, counted: [] }, closedClaim)])).body.answers;
    expect(closed[0]!.status).toBe('accepted');
    const serverAfter = Date.now();
    const received = (iso: string | null | undefined) => {
      const at = Date.parse(iso ?? '');
      return at >= serverBefore - 1000 && at <= serverAfter + 1000;
    };

    // Each sale keeps the till's claimed time and the server's receipt time.
    for (const [sale, claim] of [
      [first, first.event.occurredAt],
      [second, second.event.occurredAt],
    ] as const) {
      const read = (
        await kit.request<{ occurredAt: string; receivedAt: string; status: string }>('GET', `/api/v1/core-sales/sales/${sale.id}`)
      ).body;
      expect(read.status).toBe('completed');
      expect(read.occurredAt).toBe(claim);
      expect(received(read.receivedAt)).toBe(true);
    }

    // The Z report gives both clocks: the till's (5 hours ahead, running backwards) and the server's.
    const z = await report(fastShift);
    expect(z).toMatchObject({
      openedAt: opened.occurredAt,
      closedAt: closedClaim,
      sales: { count: 2 },
      refunds: { count: 1 },
      salesPeriod: { firstAt: second.event.occurredAt, lastAt: first.event.occurredAt },
    });
    expect(Date.parse(z.openedAt) - Date.parse(z.openedReceivedAt)).toBeGreaterThan(4.9 * HOUR);
    expect([z.openedReceivedAt, z.closedReceivedAt, z.salesPeriod!.firstReceivedAt, z.salesPeriod!.lastReceivedAt].every(received)).toBe(
      true,
    );
    // By the server's clock the sales arrived in the order they were made (first, then second).
    expect(Date.parse(z.salesPeriod!.firstReceivedAt)).toBeLessThanOrEqual(Date.parse(z.salesPeriod!.lastReceivedAt));

    const x = await report(slowShift);
    expect(x).toMatchObject({ openedAt: slowOpened.occurredAt, closedAt: null, closedReceivedAt: null, salesPeriod: null });
    expect(Date.parse(x.openedReceivedAt) - Date.parse(x.openedAt)).toBeGreaterThan(6.9 * HOUR);
    expect(received(x.openedReceivedAt)).toBe(true);
  });

  it('a batch whose claimed times run backwards keeps the receipt numbers the till gave, in sequence order', async () => {
    const tea = (await stockedVariant(kit, kit.tenant.admin.token, 300, 100, kit.tenant.locationId)).variantId;
    const till = await signIn();
    const t = skewedTill(till, +3 * HOUR);
    const shiftId = uuidv7();
    const opened = t.event('sales.shift.opened', { shiftId, openingFloat: 0 }, t.claimed(+1 * MINUTE));
    // Five sales, each claiming to be 10 minutes earlier than the one before.
    const sales = Array.from({ length: 5 }, (_, i) => t.sale(shiftId, tea, 300, t.claimed(-i * 10 * MINUTE)));
    const answers = (await push(till, [opened, ...sales.map((x) => x.event)])).body.answers;
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill('accepted'));
    const rows = await kit.kernel.db.query<{ receipt_number: string; occurred_at: Date; sale_id: string }>(
      'select receipt_number, occurred_at, sale_id from sales.sales where device_id = $1 order by receipt_number',
      [till.deviceId],
    );
    expect(rows.map((r) => [Number(r.receipt_number), r.sale_id])).toEqual(sales.map((x, i) => [i + 1, x.id]));
    // Claimed times descend while receipt numbers ascend: nothing was reordered by time.
    const claimedTimes = rows.map((r) => new Date(r.occurred_at).getTime());
    expect([...claimedTimes].sort((a, b) => b - a)).toEqual(claimedTimes);
    expect(await onHand(tea)).toBe(95);
  });
});
