import { isDomainError, type PaymentsServiceV2 } from '@kits/plugin-sdk';
import { paymentsContract } from '@kits/plugin-sdk/test-kit';
import { describe, expect, it } from 'vitest';
import { fakeBank } from './fake-bank.ts';

const options = { approved: { token: 'tok_visa' }, declined: { token: 'tok_insufficient_funds', reason: 'insufficient_funds' as const } };

/** The kit's case whose name starts with `start`, run against a provider broken by `breakIt`. */
async function runBroken(start: string, breakIt: (good: PaymentsServiceV2) => PaymentsServiceV2): Promise<unknown> {
  const found = paymentsContract(() => breakIt(fakeBank().service), options).find((c) => c.name.startsWith(start));
  expect(found, `a case named "${start}…"`).toBeDefined();
  return found!.run().then(
    () => 'passed',
    (error: unknown) => error,
  );
}

// A kit that every provider passes must also fail the providers that break the contract.
describe('the payments@2 contract kit fails a provider that breaks it', () => {
  it('charging again for an authorize key it has seen', async () => {
    let calls = 0;
    const failure = await runBroken('the same authorize key twice', (good) => ({
      ...good,
      authorize: (request) => good.authorize({ ...request, idempotencyKey: `${request.idempotencyKey}-${++calls}` }),
    }));
    expect(String(failure)).toMatch(/payments@2 contract: expected id/);
  });

  it('refunding more than was captured', async () => {
    const failure = await runBroken('authorize, capture, refund part twice', (good) => ({
      ...good,
      refund: (request) =>
        good.refund(request).catch((error: unknown) => {
          if (isDomainError(error) && error.code === 'payments.refund_exceeds_capture') return good.status(request.paymentId);
          throw error;
        }),
    }));
    expect(String(failure)).toMatch(/payments@2 contract: expected a DomainError payments.refund_exceeds_capture/);
  });

  it('capturing again when the same capture key is replayed', async () => {
    const failure = await runBroken('a capture sent twice', (good) => {
      let calls = 0;
      return { ...good, capture: (request) => good.capture({ ...request, idempotencyKey: `${request.idempotencyKey}-${++calls}` }) };
    });
    expect(failure).toMatchObject({ code: 'payments.illegal_transition' });
  });

  it('canceling a captured payment', async () => {
    const failure = await runBroken('illegal transitions are refused', (good) => ({
      ...good,
      cancel: async (request) => {
        const payment = await good.status(request.paymentId);
        return payment.state === 'captured' ? { ...payment, state: 'canceled' } : good.cancel(request);
      },
    }));
    expect(String(failure)).toMatch(/payments@2 contract: expected a DomainError payments.illegal_transition/);
  });

  it('declining with a reason outside the closed set', async () => {
    const failure = await runBroken('a declined card answers declined', (good) => ({
      ...good,
      authorize: async (request) => {
        const payment = await good.authorize(request);
        return payment.decline ? { ...payment, decline: { reason: 'card_stolen' as never, message: 'no' } } : payment;
      },
    }));
    expect(String(failure)).toMatch(/payments@2 contract: expected a reason from DECLINE_REASONS/);
  });
});
