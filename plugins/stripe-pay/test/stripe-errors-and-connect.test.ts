import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, presentCard, registerReader, stripeKit, type StripeKit } from './support.ts';

const card = (saleId: string, extra: Record<string, unknown> = {}) => ({
  method: 'card',
  amount: 1200,
  currency: 'EUR',
  saleId,
  tenderId: 't1',
  idempotencyKey: `key-${saleId}`,
  ...extra,
});

describe.each(DATABASE_KINDS)('Stripe Connect and configuration errors on %s', (db) => {
  describe('a connected account (stripeAccount)', () => {
    let s: StripeKit;
    beforeAll(async () => {
      s = await stripeKit(db, { settings: { stripeAccount: 'acct_1KitsShop' } });
    });
    afterAll(async () => s?.close());

    it('sends Stripe-Account on every call, and only that account’s events count', async () => {
      const reader = await registerReader(s.kit, { label: 'Connect-1' });
      const pending = await s.payments.authorize(card('connect-1', { reader: 'Connect-1' }));
      await presentCard(s.double, reader.id, '4242424242424242', 'acct_1KitsShop');
      await s.double.webhooksDelivered();
      const authorized = await s.payments.status(pending.id);
      expect(authorized.state).toBe('authorized');
      await s.payments.capture({ paymentId: pending.id, idempotencyKey: 'cap-connect-1' });
      const fromPlugin = s.double.requests.filter((r) => !r.path.startsWith('/v1/test_helpers'));
      // The location, the reader, the intent, the reader's part, the capture (the status came from the webhook-fed row).
      expect(fromPlugin.length).toBeGreaterThanOrEqual(5);
      expect(new Set(fromPlugin.map((r) => r.stripeAccount))).toEqual(new Set(['acct_1KitsShop']));
      // The platform's own account never saw the payment.
      expect(s.double.paymentIntent(pending.id)).toBeUndefined();
      expect(s.double.paymentIntent(pending.id, 'acct_1KitsShop')).toMatchObject({ status: 'succeeded' });

      // An event of another connected account, correctly signed, is taken and ignored.
      const event = s.double.events.find((e) => e.type === 'payment_intent.succeeded')!;
      const foreign = await s.double.deliver(JSON.stringify({ ...event, id: 'evt_foreign1', account: 'acct_1Someone' }));
      expect(foreign).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
    });
  });

  describe('a wrong API key', () => {
    let s: StripeKit;
    beforeAll(async () => {
      s = await stripeKit(db, { apiKey: 'sk_test_notthekey0000' });
    });
    afterAll(async () => s?.close());

    it('is a 503 naming the apiKey setting, never a cashier "declined", and nothing is recorded', async () => {
      await expect(s.payments.authorize(card('badkey-1', { token: 'pm_card_visa' }))).rejects.toMatchObject({
        status: 503,
        code: 'stripe-pay.api_key_rejected',
        extensions: { setting: 'apiKey' },
      });
      const register = await s.kit.request<{ code: string; setting: string; detail: string }>('POST', '/api/v1/stripe-pay/readers', {
        body: {
          registrationCode: 'simulated-wpe',
          label: 'R',
          locationId: s.kit.tenant.locationId,
          address: { line1: 'x', city: 'y', postalCode: '1', country: 'DE' },
        },
      });
      expect(register.status).toBe(503);
      expect(register.body).toMatchObject({ code: 'stripe-pay.api_key_rejected', setting: 'apiKey' });
      expect(register.body.detail).toMatch(/apiKey/);
      expect(s.double.requests.every((r) => r.status === 401)).toBe(true);
      const [counts] = await s.kit.kernel.db.query<{ payments: string | number; locations: string | number }>(
        'select (select count(*) from stripe_pay.payments) as payments, (select count(*) from stripe_pay.locations) as locations',
      );
      expect(Number(counts!.payments) + Number(counts!.locations)).toBe(0);
    });
  });

  describe('Stripe out of reach (apiBase)', () => {
    let s: StripeKit;
    beforeAll(async () => {
      s = await stripeKit(db, { settings: { apiBase: 'http://127.0.0.1:9' } });
    });
    afterAll(async () => s?.close());

    it('is a 502 naming the apiBase setting', async () => {
      await expect(s.payments.authorize(card('unreachable-1', { token: 'pm_card_visa' }))).rejects.toMatchObject({
        status: 502,
        code: 'stripe-pay.unreachable',
        extensions: { setting: 'apiBase' },
      });
    });
  });

  describe('settings', () => {
    let s: StripeKit;
    beforeAll(async () => {
      s = await stripeKit(db);
    });
    afterAll(async () => s?.close());

    it('the plugin cannot be enabled without its keys, and refuses keys of the wrong shape', async () => {
      const tenant = await s.kit.createTenant();
      const bare = await s.kit.request<{ code: string }>('POST', '/api/v1/plugins/stripe-pay/enable', {
        token: tenant.admin.token,
        body: { version: '1.0.0' },
      });
      expect(bare.status).toBe(400);
      expect(bare.body.code).toBe('plugins.invalid_settings');
      const wrong = await s.kit.request<{ code: string }>('POST', '/api/v1/plugins/stripe-pay/enable', {
        token: tenant.admin.token,
        body: { version: '1.0.0', settings: { apiKey: 'pk_test_publishable', webhookSecret: 'whsec_x12345678' } },
      });
      expect(wrong.status).toBe(400);
      // Secrets are never answered back.
      const view = await s.kit.request<Record<string, unknown>>('GET', '/api/v1/plugins/stripe-pay');
      expect(JSON.stringify(view.body)).not.toContain('sk_test_kitsdouble4242');
      expect(JSON.stringify(view.body)).not.toContain('whsec_kitsdoubletestsecret');
    });
  });
});
