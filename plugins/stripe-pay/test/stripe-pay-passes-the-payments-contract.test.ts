import { paymentsContract } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DATABASE_KINDS, DECLINE_CARDS, presentCard, registerReader, stripeKit, type StripeKit } from './support.ts';

// The SDK's payments@2 contract, run against stripe-pay as core-sales reaches it (services.use in a
// route's transaction) with Stripe played by the double: a reader answers pending, and the
// customer's card (approved, or the insufficient-funds test card) is presented with Stripe's test helper.
describe.each(DATABASE_KINDS)('stripe-pay passes the payments@2 contract on %s', (db) => {
  let s: StripeKit;
  let readerId: string;

  beforeAll(async () => {
    s = await stripeKit(db);
    readerId = (await registerReader(s.kit, { label: 'Contract-1' })).id;
  });
  afterAll(async () => s?.close());

  const cases = paymentsContract(() => s.payments, {
    approved: { reader: 'Contract-1' },
    declined: { reader: 'Contract-1', reason: 'insufficient_funds' },
    tenantId: 'contract-tenant',
    presentCard: (_payment, how) =>
      presentCard(s.double, readerId, how === 'approved' ? '4242424242424242' : DECLINE_CARDS.insufficientFunds),
  });
  for (const c of cases) it(c.name, c.run);
});
