import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { eventually, tillEventLog } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentView } from '../src/shared/payment-view.ts';
import { cardLedger, failNextCalls, presentCard, type CardLedger } from './support/card-reader.ts';
import { countRows, onHand, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

type Answer = { status: string; code?: string; reason?: string; result?: unknown };
type Tender = { method: string; amount: number; reference: string | null; paymentState: string | null; refundProblem?: string | null };
type Sale = { id: string; refunded: number; tenders: Tender[] };
type PaymentRefundRow = { amount: number; state: string; attempts: number; problem: string | null };

/** Money the test reader's bank moved since `before`, and its refund calls. */
const refundsSince = (before: CardLedger, after: CardLedger) => ({
  refunded: after.refunded - before.refunded,
  refund: after.calls.refund - before.calls.refund,
});

describe.each(['pglite', 'postgres'] as const)('a refund made at the till goes back to the card on %s', (db) => {
  let kit: TestKernel;
  let till: TestTill & { shiftId: string };
  let event: ReturnType<typeof tillEventLog>;
  beforeAll(async () => {
    kit = await salesKit(db, {}, { payments: 'test-card-reader' });
    till = await tillWithShift(kit);
    event = tillEventLog(till.deviceId);
  });
  afterAll(async () => kit?.close());

  let receiptNumber = 700_000;
  const push = async (...events: unknown[]) =>
    (await kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', { token: till.token, body: { events } })).body.answers;
  const readSale = async (id: string) => (await kit.request<Sale>('GET', `/api/v1/core-sales/sales/${id}`, { token: till.token })).body;
  const payment = async (id: string) =>
    (await kit.request<PaymentView>('GET', `/api/v1/core-sales/payments/${encodeURIComponent(id)}`, { token: till.token })).body;
  const paymentRefund = async (refundId: string) =>
    (
      await kit.kernel.db.query<PaymentRefundRow>(
        'select amount::int as amount, state, attempts, problem from sales.payment_refunds where refund_id = $1',
        [refundId],
      )
    )[0];
  const eventsOf = async (type: string, paymentId: string) =>
    (
      await kit.kernel.db.query<{ n: number }>(
        "select count(*)::int as n from kernel.outbox where type = $1 and payload->>'paymentId' = $2",
        [type, paymentId],
      )
    )[0]!.n;

  /** A sale the till made and synced: `card` paid by a card approved on the reader, the rest in cash; captured. */
  async function cardSale(price: number, quantity: number, card: number): Promise<{ saleId: string; paymentId: string; item: string }> {
    const item = await stockedVariant(kit, price, quantity + 2);
    const saleId = uuidv7();
    const started = await kit.request<PaymentView>('POST', '/api/v1/core-sales/payments', {
      token: till.token,
      body: { saleId, tenderId: uuidv7(), method: 'card', amount: card },
    });
    expect(started.status).toBe(201);
    await presentCard(kit, 'approve', started.body.id);
    expect((await payment(started.body.id)).state).toBe('authorized');
    const cash = price * quantity - card;
    const answers = await push(
      event('sales.sale.completed', {
        sale: {
          id: saleId,
          shiftId: till.shiftId,
          lines: [{ variantId: item, quantity }],
          tenders: [{ method: 'card', amount: card, token: started.body.id }, ...(cash > 0 ? [{ method: 'cash', amount: cash }] : [])],
        },
        receiptNumber: ++receiptNumber,
        cashierId: till.cashierId,
      }),
    );
    expect(answers[0]!.status).toBe('accepted');
    await eventually(
      () => payment(started.body.id),
      (p) => p.state === 'captured',
    );
    return { saleId, paymentId: started.body.id, item };
  }

  const refunded = (saleId: string, refund: Record<string, unknown>) =>
    event('sales.sale.refunded', { refund: { id: uuidv7(), saleId, reason: 'changed mind', restock: true, ...refund } });

  it('refunds the card once, from the outbox, however often the push is replayed; cash pays out the rest', async () => {
    const { saleId, paymentId, item } = await cardSale(1250, 2, 750);
    const before = await cardLedger(kit);
    const refund = refunded(saleId, { lines: [{ lineNo: 1, quantity: 2 }] });
    for (let i = 0; i < 3; i++) expect((await push(refund))[0]!.status).toBe(i === 0 ? 'accepted' : 'duplicate');
    const refundId = (refund.payload as { refund: { id: string } }).refund.id;
    const done = await eventually(
      () => paymentRefund(refundId),
      (r) => r?.state === 'refunded',
    );
    expect(done).toEqual({ amount: 750, state: 'refunded', attempts: 1, problem: null });
    expect(await payment(paymentId)).toMatchObject({ state: 'refunded', refunded: 750 });
    // The split the server made: the card up to what it paid, the rest in cash.
    const tenders = await kit.kernel.db.query<{ method: string; amount: number; reference: string | null }>(
      'select method, amount::int as amount, reference from sales.refund_tenders where refund_id = $1 order by tender_no',
      [refundId],
    );
    expect(tenders).toEqual([
      { method: 'card', amount: 750, reference: paymentId },
      { method: 'cash', amount: 1750, reference: null },
    ]);
    expect((await readSale(saleId)).refunded).toBe(2500);
    expect(await onHand(kit, item)).toBe(4);
    expect(refundsSince(before, await cardLedger(kit))).toEqual({ refunded: 750, refund: 1 });
    expect(await eventsOf('sales.payment.refund_requested', paymentId)).toBe(1);
    expect(await eventsOf('sales.payment.refunded', paymentId)).toBe(1);
    const requested = await kit.kernel.db.query<{ payload: Record<string, unknown> }>(
      "select payload from kernel.outbox where type = 'sales.payment.refund_requested' and payload->>'paymentId' = $1",
      [paymentId],
    );
    expect(requested[0]!.payload).toMatchObject({ paymentId, refundId, amount: 750, saleId, currency: 'EUR' });
  });

  it('a refund beyond what the card has left is denied to the till and nothing moves', async () => {
    const { saleId, paymentId, item } = await cardSale(1000, 2, 500);
    const before = await cardLedger(kit);
    const counts = async () => ({
      refunds: await countRows(kit, 'sales.refunds'),
      paymentRefunds: await countRows(kit, 'sales.payment_refunds'),
      requested: await eventsOf('sales.payment.refund_requested', paymentId),
    });
    const was = await counts();
    // The till named the card for the whole line: the card paid 500 of it.
    const [answer] = await push(refunded(saleId, { lines: [{ lineNo: 1, quantity: 1 }], tenders: [{ method: 'card', amount: 1000 }] }));
    expect(answer).toMatchObject({ status: 'denied', code: 'payments.refund_exceeds_capture' });
    expect(answer!.reason).toMatch(/Only 500 of the card payment/);
    expect(await counts()).toEqual(was);
    expect(await readSale(saleId)).toMatchObject({ refunded: 0 });
    expect(await onHand(kit, item)).toBe(2);
    expect(await payment(paymentId)).toMatchObject({ state: 'captured', refunded: 0 });
    // What the card has left is allowed, and a second refund of it then is denied: a refund on its way counts.
    expect(
      (
        await push(
          refunded(saleId, {
            lines: [{ lineNo: 1, quantity: 1 }],
            tenders: [
              { method: 'card', amount: 500 },
              { method: 'cash', amount: 500 },
            ],
          }),
        )
      )[0]!.status,
    ).toBe('accepted');
    const [again] = await push(
      refunded(saleId, {
        lines: [{ lineNo: 1, quantity: 1 }],
        tenders: [
          { method: 'card', amount: 1 },
          { method: 'cash', amount: 999 },
        ],
      }),
    );
    expect(again).toMatchObject({ status: 'denied', code: 'payments.refund_exceeds_capture' });
    await eventually(
      () => payment(paymentId),
      (p) => p.state === 'refunded',
    );
    expect(refundsSince(before, await cardLedger(kit))).toEqual({ refunded: 500, refund: 1 });
  });

  it('a refund the provider fails is retried, then succeeds once', async () => {
    const { saleId, paymentId } = await cardSale(800, 1, 800);
    const before = await cardLedger(kit);
    await failNextCalls(kit, 'refund', 2);
    try {
      const refund = refunded(saleId, { lines: [{ lineNo: 1, quantity: 1 }] });
      expect((await push(refund))[0]!.status).toBe('accepted');
      const refundId = (refund.payload as { refund: { id: string } }).refund.id;
      const done = await eventually(
        () => paymentRefund(refundId),
        (r) => r?.state === 'refunded',
        20_000,
      );
      expect(done).toMatchObject({ state: 'refunded', attempts: 3, problem: null });
      expect(refundsSince(before, await cardLedger(kit))).toEqual({ refunded: 800, refund: 1 });
      expect(await eventsOf('sales.payment.refund_failed', paymentId)).toBe(0);
    } finally {
      await failNextCalls(kit, 'refund', 0);
    }
  });

  it('a refund the provider keeps failing is reported after 5 attempts: event, audit, sale page and "Card payments to look at"', async () => {
    const { saleId, paymentId } = await cardSale(900, 1, 900);
    const before = await cardLedger(kit);
    await failNextCalls(kit, 'refund', 50);
    try {
      const refund = refunded(saleId, { lines: [{ lineNo: 1, quantity: 1 }] });
      expect((await push(refund))[0]!.status).toBe('accepted');
      const refundId = (refund.payload as { refund: { id: string } }).refund.id;
      const reported = await eventually(
        () => paymentRefund(refundId),
        (r) => r?.state === 'problem',
        30_000,
      );
      expect(reported).toMatchObject({ amount: 900, attempts: 5, problem: expect.stringMatching(/could not be made after 5 attempts/) });
      expect(await eventsOf('sales.payment.refund_requested', paymentId)).toBe(5);
      expect(await eventsOf('sales.payment.refund_failed', paymentId)).toBe(1);
      const audited = await kit.kernel.db.query<{ n: number }>(
        "select count(*)::int as n from kernel.audit_log where action = 'sales.payment.refund_failed' and detail->>'refundId' = $1",
        [refundId],
      );
      expect(audited[0]!.n).toBe(1);
      expect(refundsSince(before, await cardLedger(kit))).toEqual({ refunded: 0, refund: 0 });
      expect(await payment(paymentId)).toMatchObject({ state: 'captured', refunded: 0 });
      expect((await readSale(saleId)).tenders[0]).toMatchObject({
        paymentState: 'captured',
        refundProblem: expect.stringMatching(/could not be made/),
      });
      const problems = await kit.request<{ items: Array<Record<string, unknown>> }>('GET', '/api/v1/core-sales/payments/capture-problems');
      expect(problems.status).toBe(200);
      expect(problems.body.items.find((p) => p.refundId === refundId)).toMatchObject({ kind: 'refund', paymentId, saleId, amount: 900 });
      // The card has nothing left to promise: another till refund to it is denied.
      await failNextCalls(kit, 'refund', 0);
      expect((await push(refunded(saleId, { lines: [{ lineNo: 1, quantity: 1 }] })))[0]!.status).toBe('denied');
    } finally {
      await failNextCalls(kit, 'refund', 0);
    }
  });
});
