import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { eventually, tillEventLog } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentView } from '../src/shared/payment-view.ts';
import { cardLedger, failNextCalls, presentCard, type CardLedger } from './support/card-reader.ts';
import { countRows, onHand, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

type Problem = { code: string; detail: string };
type Tender = {
  method: string;
  amount: number;
  reference: string | null;
  paymentId: string | null;
  paymentState: string | null;
  card: unknown;
};
type Sale = { id: string; total: number; tenders: Tender[]; code?: string };

/** The ledger's movement since `before`, in one object a test compares whole. */
const since = (before: CardLedger, after: CardLedger) => ({
  held: after.held - before.held,
  captured: after.captured - before.captured,
  refunded: after.refunded - before.refunded,
  released: after.released - before.released,
  authorize: after.calls.authorize - before.calls.authorize,
  capture: after.calls.capture - before.calls.capture,
  cancel: after.calls.cancel - before.calls.cancel,
  refund: after.calls.refund - before.calls.refund,
});

describe.each(['pglite', 'postgres'] as const)('card payments through payments@2 (the test card reader) on %s', (db) => {
  let kit: TestKernel;
  let till: TestTill & { shiftId: string };
  beforeAll(async () => {
    kit = await salesKit(db, {}, { payments: 'test-card-reader' });
    till = await tillWithShift(kit);
  });
  afterAll(async () => kit?.close());

  const startPayment = (body: Record<string, unknown>, token = till.token) =>
    kit.request<PaymentView & Problem>('POST', '/api/v1/core-sales/payments', { token, body });
  const payment = (id: string, token = till.token) =>
    kit.request<PaymentView & Problem>('GET', `/api/v1/core-sales/payments/${encodeURIComponent(id)}`, { token });
  const cancel = (id: string, token = till.token) =>
    kit.request<PaymentView & Problem>('POST', `/api/v1/core-sales/payments/${encodeURIComponent(id)}/cancel`, { token });
  const sell = (body: Record<string, unknown>) => kit.request<Sale>('POST', '/api/v1/core-sales/sales', { token: till.token, body });
  const readSale = async (id: string) => (await kit.request<Sale>('GET', `/api/v1/core-sales/sales/${id}`, { token: till.token })).body;
  const row = async (paymentId: string) =>
    (
      await kit.kernel.db.query<{ state: string; canceled_why: string | null; capture_attempts: number; capture_problem: string | null }>(
        'select state, canceled_why, capture_attempts, capture_problem from sales.payments where payment_id = $1',
        [paymentId],
      )
    )[0];
  const eventsOf = async (type: string, paymentId: string) =>
    (
      await kit.kernel.db.query<{ n: number }>(
        "select count(*)::int as n from kernel.outbox where type = $1 and payload->>'paymentId' = $2",
        [type, paymentId],
      )
    )[0]!.n;

  /** Waits for the sale's card tenders to be captured (the capture follows the commit through the outbox). */
  const capturedSale = (saleId: string) =>
    eventually(
      () => readSale(saleId),
      (s) => s.tenders.every((t) => t.paymentId === null || t.paymentState === 'captured'),
    );

  /** A card payment for `amount`, approved on the reader: what the till has when it adds the card tender. */
  async function approvedPayment(saleId: string, amount: number): Promise<PaymentView> {
    const started = await startPayment({ saleId, tenderId: uuidv7(), method: 'card', amount });
    expect(started.status).toBe(201);
    await presentCard(kit, 'approve', started.body.id);
    const approved = await payment(started.body.id);
    expect(approved.body.state).toBe('authorized');
    return approved.body;
  }

  it('approve: the reader asks for the card, the approved payment pays the sale, and it is captured once after the commit', async () => {
    const item = await stockedVariant(kit, 1250, 3);
    const saleId = uuidv7();
    const before = await cardLedger(kit);
    const started = await startPayment({ saleId, tenderId: uuidv7(), method: 'card', amount: 1250 });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      state: 'pending',
      saleId,
      amount: 1250,
      currency: 'EUR',
      action: { kind: 'present_card', reader: 'Front-1', message: 'Present card on reader Front-1' },
      card: null,
    });
    expect((await payment(started.body.id)).body.state).toBe('pending');
    await presentCard(kit, 'approve');
    const approved = await payment(started.body.id);
    expect(approved.body).toMatchObject({
      state: 'authorized',
      action: null,
      card: { brand: 'visa', last4: '4242', authorizationCode: '123456' },
    });

    const sale = await sell({
      id: saleId,
      lines: [{ variantId: item, quantity: 1 }],
      tenders: [{ method: 'card', amount: 1250, token: started.body.id }],
    });
    expect(sale.status).toBe(201);
    expect(sale.body.tenders[0]).toMatchObject({
      method: 'card',
      amount: 1250,
      reference: started.body.id,
      paymentId: started.body.id,
      card: { brand: 'visa', last4: '4242', authorizationCode: '123456' },
    });
    const captured = await eventually(
      () => readSale(saleId),
      (s) => s.tenders[0]?.paymentState === 'captured',
    );
    expect(captured.tenders[0]!.paymentState).toBe('captured');
    expect(await onHand(kit, item)).toBe(2);
    expect(since(before, await cardLedger(kit))).toEqual({
      held: 1250,
      captured: 1250,
      refunded: 0,
      released: 0,
      authorize: 1,
      capture: 1,
      cancel: 0,
      refund: 0,
    });
    expect(await eventsOf('sales.payment.captured', started.body.id)).toBe(1);
    // The sale's event names the plugin that took the card (accounting keeps card clearing per provider).
    const [completed] = await kit.kernel.db.query<{ tenders: Array<{ method: string; amount: number; provider: string | null }> }>(
      "select payload->'tenders' as tenders from kernel.outbox where type = 'sales.sale.completed' and payload->>'id' = $1",
      [saleId],
    );
    expect(completed!.tenders).toEqual([expect.objectContaining({ method: 'card', amount: 1250, provider: 'test-card-reader' })]);
  });

  it('decline: the payment says why in words for the cashier, and a sale cannot be paid with it (nothing written)', async () => {
    const item = await stockedVariant(kit, 800, 3);
    const saleId = uuidv7();
    const started = await startPayment({ saleId, tenderId: uuidv7(), method: 'card', amount: 800 });
    await presentCard(kit, 'insufficient_funds', started.body.id);
    const declined = await payment(started.body.id);
    expect(declined.body).toMatchObject({
      state: 'declined',
      decline: { reason: 'insufficient_funds', message: expect.stringMatching(/insufficient funds/i) },
    });
    const sales = await countRows(kit, 'sales.sales');
    const sale = await sell({
      id: saleId,
      lines: [{ variantId: item, quantity: 1 }],
      tenders: [{ method: 'card', amount: 800, token: started.body.id }],
    });
    expect([sale.status, sale.body.code]).toEqual([409, 'sales.payment_not_authorized']);
    expect(await countRows(kit, 'sales.sales')).toBe(sales);
    expect(await onHand(kit, item)).toBe(3);
    // Try again is a new tender id: a new payment, approved this time.
    const retry = await approvedPayment(saleId, 800);
    expect(retry.id).not.toBe(started.body.id);
    expect(
      (await sell({ id: saleId, lines: [{ variantId: item, quantity: 1 }], tenders: [{ method: 'card', amount: 800, token: retry.id }] }))
        .status,
    ).toBe(201);
    await capturedSale(saleId);
  });

  it('cancel while pending frees the reader: nothing is held, a card presented after is not taken, and a second cancel answers the same', async () => {
    const before = await cardLedger(kit);
    const started = await startPayment({ saleId: uuidv7(), tenderId: uuidv7(), method: 'card', amount: 500 });
    const canceled = await cancel(started.body.id);
    expect([canceled.status, canceled.body.state]).toEqual([200, 'canceled']);
    expect((await presentCard(kit, 'approve', started.body.id)).state).toBe('canceled');
    expect((await cancel(started.body.id)).body.state).toBe('canceled');
    expect(await row(started.body.id)).toMatchObject({ state: 'canceled', canceled_why: 'cashier' });
    expect(since(before, await cardLedger(kit))).toMatchObject({ held: 0, captured: 0, released: 0, authorize: 1, cancel: 1 });
  });

  it('an authorized payment canceled by the cashier releases the hold once', async () => {
    const before = await cardLedger(kit);
    const approved = await approvedPayment(uuidv7(), 640);
    await Promise.all([1, 2, 3].map(() => cancel(approved.id)));
    expect((await payment(approved.id)).body.state).toBe('canceled');
    expect(since(before, await cardLedger(kit))).toMatchObject({ held: 640, released: 640, captured: 0, cancel: 1 });
  });

  it('a double-submitted tender (the same body again, and five racing POSTs) is one payment and one hold', async () => {
    const before = await cardLedger(kit);
    const saleId = uuidv7();
    const body = { saleId, tenderId: uuidv7(), method: 'card', amount: 990 };
    const first = await startPayment(body);
    const again = await startPayment(body);
    expect([first.status, again.status, again.body.id]).toEqual([201, 200, first.body.id]);
    const racedBody = { saleId, tenderId: uuidv7(), method: 'card', amount: 990, token: 'tok_approve' };
    const raced = await Promise.all([1, 2, 3, 4, 5].map(() => startPayment(racedBody)));
    expect(raced.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(raced.map((r) => r.body.id)).size).toBe(1);
    expect(raced.every((r) => r.body.state === 'authorized')).toBe(true);
    const rows = await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from sales.payments where sale_id = $1', [saleId]);
    expect(rows[0]!.n).toBe(2);
    expect(since(before, await cardLedger(kit))).toMatchObject({ held: 990, authorize: 2 });
    const changed = await startPayment({ ...body, amount: 991 });
    expect([changed.status, changed.body.code]).toEqual([409, 'payments.idempotency_key_reused']);
  });

  it('stock refuses the sale: 409, and the authorization is canceled (released, nothing captured), the sale and stock untouched', async () => {
    const plenty = await stockedVariant(kit, 100, 10);
    const item = await stockedVariant(kit, 700, 1);
    const saleId = uuidv7();
    const before = await cardLedger(kit);
    const approved = await approvedPayment(saleId, 1500);
    const sales = await countRows(kit, 'sales.sales');
    const refused = await sell({
      id: saleId,
      lines: [
        { variantId: plenty, quantity: 1 },
        { variantId: item, quantity: 2 },
      ],
      tenders: [{ method: 'card', amount: 1500, token: approved.id }],
    });
    expect([refused.status, refused.body.code]).toEqual([409, 'inventory.insufficient_stock']);
    expect(await onHand(kit, plenty)).toBe(10);
    // No stock movement of the refused sale is announced (the line that was in stock included).
    const moved = await kit.kernel.db.query<{ n: number }>(
      "select count(*)::int as n from kernel.outbox where type = 'inventory.stock.moved' and payload->'reference'->>'id' = $1",
      [saleId],
    );
    expect(moved[0]!.n).toBe(0);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await countRows(kit, 'sales.sales')).toBe(sales);
    expect(await onHand(kit, item)).toBe(1);
    expect(await row(approved.id)).toMatchObject({ state: 'canceled', canceled_why: 'stock' });
    const cashSaleId = uuidv7();
    expect(
      (await sell({ id: cashSaleId, lines: [{ variantId: plenty, quantity: 1 }], tenders: [{ method: 'cash', amount: 100 }] })).status,
    ).toBe(201);
    const cashMoved = await kit.kernel.db.query<{ n: number }>(
      "select count(*)::int as n from kernel.outbox where type = 'inventory.stock.moved' and payload->'reference'->>'id' = $1",
      [cashSaleId],
    );
    expect(cashMoved[0]!.n).toBe(1); // the same question finds a sale that did move stock
    expect(await eventsOf('sales.payment.canceled', approved.id)).toBe(1);
    expect(since(before, await cardLedger(kit))).toEqual({
      held: 1500,
      captured: 0,
      refunded: 0,
      released: 1500,
      authorize: 1,
      capture: 0,
      cancel: 1,
      refund: 0,
    });
  });

  it('an API client paying with a provider token is authorized in-line; a declined token charges nothing and writes nothing', async () => {
    const item = await stockedVariant(kit, 300, 5);
    const before = await cardLedger(kit);
    const paid = await sell({
      lines: [{ variantId: item, quantity: 1 }],
      tenders: [{ method: 'card', amount: 300, token: 'tok_approve' }],
    });
    expect(paid.status).toBe(201);
    expect(paid.body.tenders[0]!.paymentId).toMatch(/^tcr_/);
    await eventually(
      () => readSale(paid.body.id),
      (s) => s.tenders[0]?.paymentState === 'captured',
    );
    const sales = await countRows(kit, 'sales.sales');
    const declined = await sell({
      lines: [{ variantId: item, quantity: 1 }],
      tenders: [{ method: 'card', amount: 300, token: 'tok_declined' }],
    });
    expect([declined.status, declined.body.code]).toEqual([409, 'sales.payment_declined']);
    expect(await countRows(kit, 'sales.sales')).toBe(sales);
    expect(since(before, await cardLedger(kit))).toMatchObject({ held: 300, captured: 300, authorize: 1, capture: 1 });
  });

  it('a sale synced from a till with a card tender is captured once, however often the push is replayed', async () => {
    const item = await stockedVariant(kit, 450, 4);
    const saleId = uuidv7();
    const before = await cardLedger(kit);
    const approved = await approvedPayment(saleId, 450);
    const event = tillEventLog(till.deviceId);
    const completed = event('sales.sale.completed', {
      sale: {
        id: saleId,
        shiftId: till.shiftId,
        lines: [{ variantId: item, quantity: 1 }],
        tenders: [{ method: 'card', amount: 450, token: approved.id }],
      },
      receiptNumber: 900_001,
      cashierId: till.cashierId,
    });
    for (let i = 0; i < 3; i++) {
      const pushed = await kit.request<{ answers: Array<{ status: string }> }>('POST', '/api/v1/sync/push', {
        token: till.token,
        body: { events: [completed] },
      });
      expect(pushed.body.answers[0]!.status).toBe(i === 0 ? 'accepted' : 'duplicate');
    }
    await eventually(
      () => readSale(saleId),
      (s) => s.tenders?.[0]?.paymentState === 'captured',
    );
    expect(since(before, await cardLedger(kit))).toMatchObject({ held: 450, captured: 450, capture: 1, cancel: 0 });
    expect(await eventsOf('sales.payment.captured', approved.id)).toBe(1);
  });

  it('a capture that fails is retried until it succeeds, and captures once', async () => {
    const item = await stockedVariant(kit, 610, 2);
    const saleId = uuidv7();
    const approved = await approvedPayment(saleId, 610);
    const before = await cardLedger(kit);
    await failNextCalls(kit, 'capture', 2);
    expect(
      (
        await sell({
          id: saleId,
          lines: [{ variantId: item, quantity: 1 }],
          tenders: [{ method: 'card', amount: 610, token: approved.id }],
        })
      ).status,
    ).toBe(201);
    const done = await eventually(
      () => readSale(saleId),
      (s) => s.tenders[0]?.paymentState === 'captured',
      20_000,
    );
    expect(done.tenders[0]!.paymentState).toBe('captured');
    expect(await row(approved.id)).toMatchObject({ state: 'captured', capture_attempts: 3, capture_problem: null });
    expect(since(before, await cardLedger(kit))).toMatchObject({ captured: 610, capture: 1 });
    expect(await eventsOf('sales.payment.capture_failed', approved.id)).toBe(0);
  });

  it('a capture that fails for good is reported after five attempts: capture_problem on the sale, sales.payment.capture_failed published and audited', async () => {
    const item = await stockedVariant(kit, 720, 2);
    const saleId = uuidv7();
    const approved = await approvedPayment(saleId, 720);
    const before = await cardLedger(kit);
    await failNextCalls(kit, 'capture', 50);
    try {
      expect(
        (
          await sell({
            id: saleId,
            lines: [{ variantId: item, quantity: 1 }],
            tenders: [{ method: 'card', amount: 720, token: approved.id }],
          })
        ).status,
      ).toBe(201);
      const reported = await eventually(
        () => row(approved.id),
        (r) => r?.capture_problem !== null,
        30_000,
      );
      expect(reported).toMatchObject({
        state: 'authorized',
        capture_attempts: 5,
        capture_problem: expect.stringMatching(/could not be captured after 5 attempts/),
      });
      expect(await eventsOf('sales.payment.capture_failed', approved.id)).toBe(1);
      const audited = await kit.kernel.db.query<{ n: number }>(
        "select count(*)::int as n from kernel.audit_log where action = 'sales.payment.capture_failed' and detail->>'paymentId' = $1",
        [approved.id],
      );
      expect(audited[0]!.n).toBe(1);
      const shown = await readSale(saleId);
      expect(shown.tenders[0]).toMatchObject({
        paymentState: 'authorized',
        captureProblem: expect.stringMatching(/could not be captured/),
      });
      expect(since(before, await cardLedger(kit))).toMatchObject({ captured: 0, capture: 0 });
      // The office's "Card payments to look at" lists it.
      const problems = await kit.request<{ items: Array<{ paymentId: string; saleId: string; amount: number; captureProblem: string }> }>(
        'GET',
        '/api/v1/core-sales/payments/capture-problems',
      );
      expect(problems.status).toBe(200);
      expect(problems.body.items.find((p) => p.paymentId === approved.id)).toMatchObject({ saleId, amount: 720 });
      const badLimit = await kit.request<Problem>('GET', '/api/v1/core-sales/payments/capture-problems?limit=0');
      expect(badLimit.status).toBe(400);
      expect((await kit.request('GET', '/api/v1/core-sales/payments/capture-problems', { token: till.token })).status).toBe(403);
    } finally {
      await failNextCalls(kit, 'capture', 0);
    }
  });

  it('refunds go back to the card: part twice, then the rest; more than is left is 409 and changes nothing', async () => {
    const item = await stockedVariant(kit, 1000, 5);
    const saleId = uuidv7();
    const approved = await approvedPayment(saleId, 3000);
    expect(
      (
        await sell({
          id: saleId,
          lines: [{ variantId: item, quantity: 3 }],
          tenders: [{ method: 'card', amount: 3000, token: approved.id }],
        })
      ).status,
    ).toBe(201);
    await eventually(
      () => readSale(saleId),
      (s) => s.tenders[0]?.paymentState === 'captured',
    );
    const before = await cardLedger(kit);
    const refund = (quantity: number) =>
      kit.request<{ tenders: Tender[] } & Problem>('POST', '/api/v1/core-sales/refunds', {
        token: till.token,
        body: { saleId, lines: [{ lineNo: 1, quantity }], reason: 'changed mind', restock: true },
      });
    expect((await refund(1)).body.tenders).toEqual([{ method: 'card', amount: 1000, reference: approved.id }]);
    expect((await refund(1)).status).toBe(201);
    expect((await payment(approved.id)).body).toMatchObject({ state: 'partially_refunded', refunded: 2000 });

    // More than the card has left: named to the card by a manager (admin), refused before anything moves.
    const refunds = await countRows(kit, 'sales.refunds');
    const tooMuch = await kit.request<Problem>('POST', '/api/v1/core-sales/refunds', {
      body: { saleId, lines: [{ lineNo: 1, quantity: 1 }], reason: 'x', restock: true, tenders: [{ method: 'card', amount: 1000 }] },
    });
    expect(tooMuch.status).toBe(201); // exactly what is left: allowed
    expect((await payment(approved.id)).body).toMatchObject({ state: 'refunded', refunded: 3000 });
    expect(await countRows(kit, 'sales.refunds')).toBe(refunds + 1);
    expect(since(before, await cardLedger(kit))).toMatchObject({ refunded: 3000, refund: 3 });
  });

  it('a refund of more than the card payment captured is 409 payments.refund_exceeds_capture and changes nothing', async () => {
    const item = await stockedVariant(kit, 1000, 5);
    const saleId = uuidv7();
    const approved = await approvedPayment(saleId, 500);
    const sold = await sell({
      id: saleId,
      lines: [{ variantId: item, quantity: 2 }],
      tenders: [
        { method: 'card', amount: 500, token: approved.id },
        { method: 'cash', amount: 1500 },
      ],
    });
    expect(sold.status).toBe(201);
    await eventually(
      () => readSale(saleId),
      (s) => s.tenders[0]?.paymentState === 'captured',
    );
    const before = await cardLedger(kit);
    const refunds = await countRows(kit, 'sales.refunds');
    const stock = await onHand(kit, item);
    const refused = await kit.request<Problem & { refundable: number }>('POST', '/api/v1/core-sales/refunds', {
      body: { saleId, lines: [{ lineNo: 1, quantity: 1 }], reason: 'x', restock: true, tenders: [{ method: 'card', amount: 1000 }] },
    });
    expect([refused.status, refused.body.code, refused.body.refundable]).toEqual([409, 'payments.refund_exceeds_capture', 500]);
    expect(await countRows(kit, 'sales.refunds')).toBe(refunds);
    expect(await onHand(kit, item)).toBe(stock);
    expect((await payment(approved.id)).body).toMatchObject({ state: 'captured', refunded: 0 });
    expect(await cardLedger(kit)).toEqual(before);
  });

  it('the reconciliation cancels an abandoned hold after the grace period, once, and leaves a fresh one alone', async () => {
    const abandoned = await approvedPayment(uuidv7(), 333);
    const fresh = await approvedPayment(uuidv7(), 444);
    await kit.kernel.db.query("update sales.payments set created_at = now() - interval '16 minutes' where payment_id = $1", [abandoned.id]);
    const before = await cardLedger(kit);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await kit.request<{ canceled: number }>('POST', '/api/v1/core-sales/payments/reconcile', {}));
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(runs[0]!.body.canceled).toBeGreaterThanOrEqual(1);
    expect(await row(abandoned.id)).toMatchObject({ state: 'canceled', canceled_why: 'abandoned' });
    expect((await payment(fresh.id)).body.state).toBe('authorized');
    expect((await row(fresh.id))!.state).not.toBe('canceled');
    expect(since(before, await cardLedger(kit))).toMatchObject({ released: 333, cancel: 1, captured: 0 });
    await cancel(fresh.id);
  });

  describe('bad input: a 4xx problem+json, nothing changed', () => {
    it('POST /payments', async () => {
      const rows = await countRows(kit, 'sales.payments');
      const saleId = uuidv7();
      const bad: Array<[Record<string, unknown>, number, string | null]> = [
        [{ saleId, tenderId: 't1', method: 'card' }, 400, null],
        [{ saleId, tenderId: 't1', method: 'card', amount: 0 }, 400, null],
        [{ saleId, tenderId: 't1', method: 'card', amount: 10.5 }, 400, null],
        [{ saleId: 'not-a-uuid', tenderId: 't1', method: 'card', amount: 100 }, 400, null],
        [{ saleId, tenderId: 'has space', method: 'card', amount: 100 }, 400, null],
        [{ saleId, tenderId: 't1', method: 'card', amount: 100, extra: 1 }, 400, null],
        [{ saleId, tenderId: 't1', method: 'voucher', amount: 100 }, 400, 'sales.unknown_tender'],
      ];
      for (const [body, status, code] of bad) {
        const answer = await startPayment(body);
        expect([answer.status, answer.headers['content-type']], JSON.stringify(body)).toEqual([
          status,
          expect.stringMatching(/problem\+json/),
        ]);
        if (code) expect(answer.body.code).toBe(code);
      }
      const item = await stockedVariant(kit, 100, 2);
      const sold = await sell({ lines: [{ variantId: item, quantity: 1 }], tenders: [{ method: 'cash', amount: 100 }] });
      const late = await startPayment({ saleId: sold.body.id, tenderId: 't1', method: 'card', amount: 100 });
      expect([late.status, late.body.code]).toEqual([409, 'sales.sale_exists']);
      expect(await countRows(kit, 'sales.payments')).toBe(rows);
      const noPermission = await kit.signInTill({ permissions: ['core-sales:shift'] });
      expect((await startPayment({ saleId, tenderId: 't1', method: 'card', amount: 100 }, noPermission.token)).status).toBe(403);
    });

    it("GET and cancel of an unknown payment, or another tenant's, are 404", async () => {
      const mine = await startPayment({ saleId: uuidv7(), tenderId: uuidv7(), method: 'card', amount: 100 });
      const other = await kit.createTenant();
      for (const [answer, code] of [
        [await payment('tcr_nothing'), 'sales.unknown_payment'],
        [await cancel('tcr_nothing'), 'sales.unknown_payment'],
        [await payment(mine.body.id, other.admin.token), 'sales.unknown_payment'],
        [await cancel(mine.body.id, other.admin.token), 'sales.unknown_payment'],
      ] as const)
        expect([answer.status, answer.body.code]).toEqual([404, code]);
      expect((await payment(mine.body.id)).body.state).toBe('pending');
      await cancel(mine.body.id);
    });

    it('a completed sale’s payment cannot be canceled (refund it): 409', async () => {
      const item = await stockedVariant(kit, 210, 2);
      const saleId = uuidv7();
      const approved = await approvedPayment(saleId, 210);
      await sell({ id: saleId, lines: [{ variantId: item, quantity: 1 }], tenders: [{ method: 'card', amount: 210, token: approved.id }] });
      await capturedSale(saleId);
      const refused = await cancel(approved.id);
      expect(refused.status).toBe(409);
      expect(['sales.payment_in_sale', 'sales.payment_captured']).toContain(refused.body.code);
    });

    it('a tender paid with a payment of another sale, method or amount is 409 sales.payment_not_authorized', async () => {
      const item = await stockedVariant(kit, 260, 3);
      const approved = await approvedPayment(uuidv7(), 260);
      const sales = await countRows(kit, 'sales.sales');
      const otherSale = await sell({
        id: uuidv7(),
        lines: [{ variantId: item, quantity: 1 }],
        tenders: [{ method: 'card', amount: 260, token: approved.id }],
      });
      expect([otherSale.status, otherSale.body.code]).toEqual([409, 'sales.payment_not_authorized']);
      expect(await countRows(kit, 'sales.sales')).toBe(sales);
      expect((await payment(approved.id)).body.state).toBe('authorized');
      await cancel(approved.id);
    });
  });
});

describe('card payments with no payment plugin enabled', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit('pglite', {}, { payments: 'none' });
  });
  afterAll(async () => kit?.close());

  it('the till is offered no card method, and a payment or a card tender is 409 sales.no_payment_provider', async () => {
    const till = await tillWithShift(kit);
    const methods = await kit.request<{ methods: string[] }>('GET', '/api/v1/core-sales/payments/methods', { token: till.token });
    expect([methods.status, methods.body]).toEqual([200, { methods: [] }]);
    const started = await kit.request<Problem>('POST', '/api/v1/core-sales/payments', {
      token: till.token,
      body: { saleId: uuidv7(), tenderId: 't1', method: 'card', amount: 100 },
    });
    expect([started.status, started.body.code]).toEqual([409, 'sales.no_payment_provider']);
    const item = await stockedVariant(kit, 100, 1);
    const sale = await kit.request<Problem>('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: item, quantity: 1 }], tenders: [{ method: 'card', amount: 100, token: 'tok_approve' }] },
    });
    expect([sale.status, sale.body.code]).toEqual([409, 'sales.no_payment_provider']);
    expect(await onHand(kit, item)).toBe(1);
  });
});

describe.each(['pglite', 'postgres'] as const)('a card sale from a till denied for stock (offlineOversell: deny) on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit(db, { offlineOversell: 'deny' }, { payments: 'test-card-reader' });
  });
  afterAll(async () => kit?.close());

  it('is denied with nothing captured, and voiding it on the till releases the hold once', async () => {
    const till = await tillWithShift(kit);
    const item = await stockedVariant(kit, 500, 1);
    const saleId = uuidv7();
    const before = await cardLedger(kit);
    const started = await kit.request<PaymentView>('POST', '/api/v1/core-sales/payments', {
      token: till.token,
      body: { saleId, tenderId: uuidv7(), method: 'card', amount: 1000, token: 'tok_approve' },
    });
    expect(started.body.state).toBe('authorized');
    const event = tillEventLog(till.deviceId);
    const push = (events: unknown[]) =>
      kit.request<{ answers: Array<{ status: string; code?: string }> }>('POST', '/api/v1/sync/push', {
        token: till.token,
        body: { events },
      });
    const denied = await push([
      event('sales.sale.completed', {
        sale: {
          id: saleId,
          shiftId: till.shiftId,
          lines: [{ variantId: item, quantity: 2 }],
          tenders: [{ method: 'card', amount: 1000, token: started.body.id }],
        },
        receiptNumber: 1,
        cashierId: till.cashierId,
      }),
    ]);
    expect([denied.body.answers[0]!.status, denied.body.answers[0]!.code]).toEqual(['denied', 'inventory.insufficient_stock']);
    expect(await onHand(kit, item)).toBe(1);
    expect(since(before, await cardLedger(kit))).toMatchObject({ captured: 0, capture: 0 });
    // The cashier voids it from the resolution queue: the hold goes at once, not after the grace period.
    const voided = await push([event('sales.sale.voided', { saleId, receiptNumber: 1, reason: 'not enough stock' })]);
    expect(voided.body.answers[0]!.status).toBe('accepted');
    const canceled = await kit.request<PaymentView>('GET', `/api/v1/core-sales/payments/${started.body.id}`, { token: till.token });
    expect(canceled.body.state).toBe('canceled');
    expect(since(before, await cardLedger(kit))).toEqual({
      held: 1000,
      captured: 0,
      refunded: 0,
      released: 1000,
      authorize: 1,
      capture: 0,
      cancel: 1,
      refund: 0,
    });
  });
});
