import { paymentIdempotencyKey, type Payment } from '@kits/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, DECLINE_CARDS, presentCard, registerReader, stripeKit, type StripeKit } from './support.ts';

describe.each(DATABASE_KINDS)('card payments on a Stripe Terminal reader on %s', (db) => {
  let s: StripeKit;
  let reader: { id: string; label: string };
  let sales = 0;

  beforeAll(async () => {
    s = await stripeKit(db);
    reader = await registerReader(s.kit, { label: 'Front-1' });
  });
  afterAll(async () => s?.close());

  /** A new sale's tender 0, with its keys. */
  function sale(amount = 1250) {
    const saleId = `01900000-0000-7000-8000-${String(++sales).padStart(12, '0')}`;
    const key = (operation: 'authorize' | 'capture' | 'cancel' | 'refund', refundId?: string) =>
      paymentIdempotencyKey({ tenantId: s.kit.tenant.id, saleId, tender: 't1', operation, ...(refundId ? { refundId } : {}) });
    const authorize = () =>
      s.payments.authorize({
        method: 'card',
        amount,
        currency: 'EUR',
        saleId,
        tenderId: 't1',
        locationId: s.kit.tenant.locationId,
        idempotencyKey: key('authorize'),
      });
    return { saleId, key, authorize };
  }

  async function settled(id: string): Promise<Payment> {
    for (let i = 0; i < 200; i++) {
      const now = await s.payments.status(id);
      if (now.state !== 'pending') return now;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${id} stayed pending`);
  }

  it('sends the payment to the location’s reader, shows "Present card", and is authorized with the card’s brand, last4 and authorization code', async () => {
    const { saleId, authorize } = sale();
    const pending = await authorize();
    expect(pending).toMatchObject({
      state: 'pending',
      amount: 1250,
      currency: 'EUR',
      saleId,
      tenderId: 't1',
      action: { kind: 'present_card', reader: 'Front-1', message: 'Present card on reader Front-1' },
    });
    expect(pending.id).toMatch(/^pi_/);
    const intent = s.double.paymentIntent(pending.id)!;
    expect(intent).toMatchObject({
      amount: 1250,
      currency: 'eur',
      capture_method: 'manual',
      allowed_payment_method_types: ['card_present'],
      metadata: { kits_tenant: s.kit.tenant.id, kits_sale: saleId, kits_tender: 't1' },
    });
    expect(s.double.reader(reader.id)!.action).toMatchObject({
      type: 'process_payment_intent',
      status: 'in_progress',
      process_payment_intent: { payment_intent: pending.id },
    });

    await presentCard(s.double, reader.id);
    const approved = await settled(pending.id);
    expect(approved).toMatchObject({ state: 'authorized', captured: 0, card: { brand: 'visa', last4: '4242' } });
    expect(approved.card!.authorizationCode).toMatch(/^\d{6}$/);
    expect(approved.action).toBeUndefined();
  });

  it.each([
    ['generic decline', DECLINE_CARDS.generic, 'declined'],
    ['insufficient funds', DECLINE_CARDS.insufficientFunds, 'insufficient_funds'],
    ['expired card', DECLINE_CARDS.expired, 'expired_card'],
  ] as const)('a %s card on the reader is declined with its reason and a message for the cashier', async (_, card, reason) => {
    const { key, authorize } = sale();
    const pending = await authorize();
    await presentCard(s.double, reader.id, card);
    const declined = await settled(pending.id);
    expect(declined.state).toBe('declined');
    expect(declined.decline?.reason).toBe(reason);
    expect(declined.decline?.message.length).toBeGreaterThan(10);
    // Declined is an end: the till takes a new tender; nothing can be captured.
    await expect(s.payments.capture({ paymentId: pending.id, idempotencyKey: key('capture') })).rejects.toMatchObject({
      code: 'payments.illegal_transition',
    });
  });

  it('Esc while the reader waits frees the reader (cancel_action) and cancels the intent; the reader takes the next payment', async () => {
    const { key, authorize } = sale();
    const pending = await authorize();
    const canceled = await s.payments.cancel({ paymentId: pending.id, idempotencyKey: key('cancel') });
    expect(canceled.state).toBe('canceled');
    expect(s.double.reader(reader.id)!.action).toBeNull();
    expect(s.double.paymentIntent(pending.id)!.status).toBe('canceled');
    const cancelCalls = s.double.requests.filter((r) => r.path === `/v1/terminal/readers/${reader.id}/cancel_action`);
    expect(cancelCalls.at(-1)!.status).toBe(200);
    // Canceling again answers the same; the next sale's payment goes to the (free) reader.
    expect((await s.payments.cancel({ paymentId: pending.id, idempotencyKey: key('cancel') })).state).toBe('canceled');
    const next = await sale().authorize();
    expect(next.state).toBe('pending');
    await presentCard(s.double, reader.id);
    expect((await settled(next.id)).state).toBe('authorized');
  });

  it('captures all or part, refunds part then the rest, and refuses a refund over what was captured before asking Stripe', async () => {
    const { key, authorize } = sale(2000);
    const pending = await authorize();
    await presentCard(s.double, reader.id);
    await settled(pending.id);
    const captured = await s.payments.capture({ paymentId: pending.id, amount: 1500, idempotencyKey: key('capture') });
    expect(captured).toMatchObject({ state: 'captured', amount: 2000, captured: 1500, refunded: 0 });
    expect(s.double.paymentIntent(pending.id)).toMatchObject({ status: 'succeeded', amount_received: 1500 });

    const part = await s.payments.refund({ paymentId: pending.id, amount: 500, refundId: 'r1', idempotencyKey: key('refund', 'r1') });
    expect(part).toMatchObject({ state: 'partially_refunded', refunded: 500, refunds: [{ refundId: 'r1', amount: 500 }] });
    const refundCalls = () => s.double.requests.filter((r) => r.path === '/v1/refunds').length;
    const before = refundCalls();
    await expect(
      s.payments.refund({ paymentId: pending.id, amount: 1001, refundId: 'r2', idempotencyKey: key('refund', 'r2') }),
    ).rejects.toMatchObject({ code: 'payments.refund_exceeds_capture', status: 409 });
    expect(refundCalls()).toBe(before);
    const rest = await s.payments.refund({ paymentId: pending.id, amount: 1000, refundId: 'r3', idempotencyKey: key('refund', 'r3') });
    expect(rest).toMatchObject({ state: 'refunded', captured: 1500, refunded: 1500 });
    expect(s.double.requests.filter((r) => r.path === '/v1/refunds').map((r) => r.params.metadata)).toEqual([
      expect.objectContaining({ kits_refund: 'r1' }),
      expect.objectContaining({ kits_refund: 'r3' }),
    ]);
  });

  it('a card-not-present payment method (token) is confirmed at once: approved, or declined with its reason', async () => {
    const approved = await s.payments.authorize({
      method: 'card',
      amount: 990,
      currency: 'EUR',
      saleId: 'api-sale-1',
      tenderId: '#0',
      token: 'pm_card_visa',
      idempotencyKey: 'k-api-1',
    });
    expect(approved).toMatchObject({ state: 'authorized', card: { brand: 'visa', last4: '4242' } });
    const declined = await s.payments.authorize({
      method: 'card',
      amount: 990,
      currency: 'EUR',
      saleId: 'api-sale-2',
      tenderId: '#0',
      token: 'pm_card_chargeDeclinedInsufficientFunds',
      idempotencyKey: 'k-api-2',
    });
    expect(declined).toMatchObject({ state: 'declined', decline: { reason: 'insufficient_funds' } });
    expect(declined.id).toMatch(/^pi_/);
    // The same key again is the same payment (Stripe replays its answer), not a second attempt.
    const again = await s.payments.authorize({
      method: 'card',
      amount: 990,
      currency: 'EUR',
      saleId: 'api-sale-2',
      tenderId: '#0',
      token: 'pm_card_chargeDeclinedInsufficientFunds',
      idempotencyKey: 'k-api-2',
    });
    expect(again).toMatchObject({ id: declined.id, state: 'declined' });
  });
});
