import type { PaymentRefundRequest, PaymentRequest, PaymentResult, PaymentsService } from '@kits/plugin-sdk';

/**
 * A payments@1 provider as plugins wrote them before payments@2 (for the SDK's tests, not shipped):
 * charges at once, honours idempotency keys, declines the token `tok_decline` for insufficient funds.
 * Its ledger is what left and came back to the customer's card.
 */
export function fakeV1Provider() {
  const ledger = { charges: 0, charged: 0, refunds: 0, refunded: 0 };
  const answers = new Map<string, Promise<PaymentResult>>();
  let sequence = 0;

  function once(key: string, work: () => PaymentResult): Promise<PaymentResult> {
    const known = answers.get(key);
    if (known) return known;
    const answer = new Promise<void>((resolve) => setTimeout(resolve, 1)).then(work);
    answers.set(key, answer);
    return answer;
  }

  const service: PaymentsService = {
    methods: () => ['card'],
    charge(request: PaymentRequest) {
      return once(`charge:${request.idempotencyKey}`, () => {
        if (request.token === 'tok_decline') return { status: 'declined', reason: 'insufficient funds' };
        ledger.charges += 1;
        ledger.charged += request.amount;
        return { status: 'approved', reference: `ch_${++sequence}` };
      });
    },
    refund(request: PaymentRefundRequest) {
      return once(`refund:${request.idempotencyKey}`, () => {
        ledger.refunds += 1;
        ledger.refunded += request.amount;
        return { status: 'approved', reference: `re_${++sequence}` };
      });
    },
  };
  return { service, ledger };
}
