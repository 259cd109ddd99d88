import type { TestKernel } from '@kits/kernel/test-kit';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, DATABASE_KINDS, presentCard, registerReader, stripeKit, webhookPath, type StripeKit } from './support.ts';

/** The payment's row as stripe-pay keeps it (read as the kernel, outside any request). */
async function row(kit: TestKernel, paymentId: string) {
  const [found] = await kit.kernel.db.query<{ state: string; captured: string | number; card_last4: string | null }>(
    'select state, captured, card_last4 from stripe_pay.payments where payment_id = $1',
    [paymentId],
  );
  return found;
}
const appliedEvents = async (kit: TestKernel) =>
  (await kit.kernel.db.query<{ n: string | number }>('select count(*) as n from stripe_pay.webhook_events'))[0]!.n;

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(DATABASE_KINDS)('Stripe webhooks on %s', (db) => {
  let s: StripeKit;
  let readerId: string;
  let sales = 0;
  const authorize = (extra: Record<string, unknown> = {}) =>
    s.payments.authorize({
      method: 'card',
      amount: 1500,
      currency: 'EUR',
      saleId: `wh-sale-${++sales}`,
      tenderId: 't1',
      idempotencyKey: `wh-key-${sales}`,
      ...extra,
    });

  beforeAll(async () => {
    s = await stripeKit(db);
    readerId = (await registerReader(s.kit, { label: 'Till-Reader' })).id;
  });
  afterAll(async () => s?.close());

  it('a card presented on the reader reaches the payment through the signed webhook, without anyone asking Stripe', async () => {
    const pending = await authorize();
    const asked = s.double.requests.filter((r) => r.method === 'GET').length;
    await presentCard(s.double, readerId);
    await s.double.webhooksDelivered();
    expect(await row(s.kit, pending.id)).toMatchObject({ state: 'authorized' });
    expect(s.double.requests.filter((r) => r.method === 'GET').length).toBe(asked);
    const answers = s.double.deliveries.slice(-2);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
  });

  it('while webhooks flow, a poll of a pending payment is answered from its row; without news for 15 s, or without webhooks, Stripe is asked', async () => {
    // A webhook was applied just now (the tap of the payment before), so the endpoint works.
    const first = await authorize();
    await presentCard(s.double, readerId);
    await s.double.webhooksDelivered();
    expect(await s.payments.status(first.id)).toMatchObject({ state: 'authorized' });

    const pending = await authorize();
    const gets = () => s.double.requests.filter((r) => r.method === 'GET').length;
    const asked = gets();
    // The reader is named as its row keeps it (model and software), with no call to Stripe.
    expect(await s.payments.status(pending.id)).toMatchObject({
      state: 'pending',
      action: { kind: 'present_card', readerDevice: { id: readerId, model: 'simulated_wisepos_e', version: '2.30.0.0' } },
    });
    expect(await s.payments.status(pending.id)).toMatchObject({ state: 'pending' });
    expect(gets()).toBe(asked);

    // No news of this payment for a minute: a webhook may be lost, so each poll asks Stripe.
    await s.kit.kernel.db.query(`update stripe_pay.payments set updated_at = now() - interval '1 minute' where payment_id = $1`, [
      pending.id,
    ]);
    expect(await s.payments.status(pending.id)).toMatchObject({ state: 'pending' });
    expect(gets()).toBeGreaterThan(asked);
    await s.payments.cancel({ paymentId: pending.id, idempotencyKey: `${pending.id}-cancel` });

    // No webhook applied for the shop in 10 minutes (not set up, or the endpoint broken): polls ask Stripe at once.
    const fresh = await authorize();
    await s.kit.kernel.db.query(`update stripe_pay.webhook_events set received_at = received_at - interval '1 hour'`);
    const before = gets();
    expect(await s.payments.status(fresh.id)).toMatchObject({ state: 'pending' });
    expect(gets()).toBeGreaterThan(before);
    await s.kit.kernel.db.query(`update stripe_pay.webhook_events set received_at = received_at + interval '1 hour'`);
    await s.payments.cancel({ paymentId: fresh.id, idempotencyKey: `${fresh.id}-cancel` });
  });

  it('an event that says nothing new (an API answer recorded it first) is answered after a read, without recording it', async () => {
    const paid = await authorize({ token: 'pm_card_visa' });
    expect(paid.state).toBe('authorized');
    await s.double.webhooksDelivered();
    const count = await appliedEvents(s.kit);
    const event = s.double.events.find(
      (e) => e.type === 'payment_intent.amount_capturable_updated' && (e.data.object as { id: string }).id === paid.id,
    )!;
    const again = await s.double.deliver(JSON.stringify(event));
    expect(again.body).toMatchObject({ received: true, eventId: event.id, outcome: 'duplicate' });
    expect(await appliedEvents(s.kit)).toBe(count);
    expect(await row(s.kit, paid.id)).toMatchObject({ state: 'authorized' });
  });

  it('a tampered or stale signature is refused with 400 stripe-pay.webhook_signature and changes nothing', async () => {
    const pending = await authorize();
    s.double.holdWebhooks();
    await presentCard(s.double, readerId);
    const event = s.double.events.find(
      (e) => e.type === 'payment_intent.amount_capturable_updated' && (e.data.object as { id: string }).id === pending.id,
    )!;
    const payload = JSON.stringify(event);
    const before = await appliedEvents(s.kit);

    const tampered = await s.double.deliver(payload.replace('"amount":1500', '"amount":15'), s.double.signature(payload));
    expect(tampered.status).toBe(400);
    expect(tampered.body).toMatchObject({ code: 'stripe-pay.webhook_signature' });
    const stale = await s.double.deliver(payload, s.double.signature(payload, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({ code: 'stripe-pay.webhook_signature' });
    const otherSecret = new Stripe(API_KEY).webhooks.generateTestHeaderString({ payload, secret: 'whsec_someoneelse' });
    expect((await s.double.deliver(payload, otherSecret)).status).toBe(400);
    expect((await s.double.deliver(payload, '')).status).toBe(400);

    expect(await row(s.kit, pending.id)).toMatchObject({ state: 'pending' });
    expect(await appliedEvents(s.kit)).toBe(before);
    await s.double.releaseWebhooks();
    expect(await row(s.kit, pending.id)).toMatchObject({ state: 'authorized' });
  });

  it('an event delivered again (Stripe retries) is applied once', async () => {
    const pending = await authorize();
    await presentCard(s.double, readerId);
    await s.double.webhooksDelivered();
    const event = s.double.events.find(
      (e) => e.type === 'payment_intent.amount_capturable_updated' && (e.data.object as { id: string }).id === pending.id,
    )!;
    const count = await appliedEvents(s.kit);
    const again = await s.double.deliver(JSON.stringify(event));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: true, eventId: event.id, outcome: 'duplicate' });
    expect(await appliedEvents(s.kit)).toBe(count);
  });

  it('a webhook that arrives before the API answer is not undone by that older answer', async () => {
    // The kernel asked Stripe to authorize and capture, then died before recording the answers; the
    // webhooks arrived first. The retried authorize gets Stripe's replay of the first (older) answer.
    const stripe = new Stripe(API_KEY, { host: s.double.host, port: s.double.port, protocol: 'http', maxNetworkRetries: 0 });
    const saleId = 'wh-lost-answer';
    const key = 'wh-lost-answer-key';
    const intent = await stripe.paymentIntents.create(
      {
        amount: 2500,
        currency: 'eur',
        capture_method: 'manual',
        metadata: { kits_tenant: s.kit.tenant.id, kits_sale: saleId, kits_tender: 't1' },
        allowed_payment_method_types: ['card'],
        payment_method: 'pm_card_visa',
        confirm: true,
        expand: ['latest_charge'],
      },
      { idempotencyKey: key },
    );
    expect(intent.status).toBe('requires_capture');
    await stripe.paymentIntents.capture(intent.id, {}, { idempotencyKey: `${key}-capture` });
    await s.double.webhooksDelivered();
    expect(await row(s.kit, intent.id)).toMatchObject({ state: 'captured' });

    const answer = await s.payments.authorize({
      method: 'card',
      amount: 2500,
      currency: 'EUR',
      saleId,
      tenderId: 't1',
      token: 'pm_card_visa',
      idempotencyKey: key,
    });
    expect(answer).toMatchObject({ id: intent.id, state: 'captured', captured: 2500, card: { brand: 'visa', last4: '4242' } });
    expect(await row(s.kit, intent.id)).toMatchObject({ state: 'captured', card_last4: '4242' });
  });

  it('a reader action that failed declines the waiting payment; a refund that failed no longer counts', async () => {
    const pending = await authorize();
    await presentCard(s.double, readerId, '4000000000000002');
    await s.double.webhooksDelivered();
    expect(await row(s.kit, pending.id)).toMatchObject({ state: 'declined' });

    const paid = await authorize({ token: 'pm_card_visa' });
    await s.payments.capture({ paymentId: paid.id, idempotencyKey: `cap-${paid.id}` });
    const refunded = await s.payments.refund({ paymentId: paid.id, amount: 500, refundId: 'r1', idempotencyKey: `ref-${paid.id}` });
    expect(refunded).toMatchObject({ state: 'partially_refunded', refunded: 500 });
    const stripeRefund = s.double.requests.filter((r) => r.path === '/v1/refunds').at(-1)!;
    const refundId = (s.double.events.filter((e) => e.type === 'refund.created').at(-1)!.data.object as { id: string }).id;
    expect(stripeRefund.params.payment_intent).toBe(paid.id);
    s.double.failRefund(refundId);
    await s.double.webhooksDelivered();
    await until(async () => (await s.payments.status(paid.id)).refunded === 0, 'the failed refund to be taken back');
    expect(await s.payments.status(paid.id)).toMatchObject({ state: 'captured', refunded: 0, refunds: [] });
  });

  it('the webhook URL of a tenant without the plugin, or an unknown tenant, answers 404 and changes nothing', async () => {
    const other = await s.kit.createTenant();
    const response = await s.kit.request('POST', webhookPath(other.id), { body: {}, token: null as unknown as string });
    expect(response.status).toBe(404);
  });
});
