import {
  badRequest,
  capturedState,
  checkPaymentAmount,
  conflict,
  declineOf,
  nextPaymentState,
  notFound,
  refundedState,
  type AuthorizePaymentRequest,
  type DeclineReason,
  type Payment,
  type PaymentsServiceV2,
} from '@kits/plugin-sdk';

/** Test cards: any other token is approved. */
const DECLINING_TOKENS: Readonly<Record<string, DeclineReason>> = {
  tok_insufficient_funds: 'insufficient_funds',
  tok_expired: 'expired_card',
  tok_declined: 'declined',
};

/**
 * A reference payments@2 provider over an in-memory bank, for the SDK's own tests (not shipped):
 * a token is decided at once; a `reader` answers `pending` with a present-card action until the
 * test presents a card (`presentCard`). It keeps a ledger of money moved, so tests can see that a
 * replayed or raced call moved nothing more.
 */
export function fakeBank() {
  const payments = new Map<string, Payment>();
  const answers = new Map<string, { request: string; answer: Promise<Payment> }>();
  const ledger = { held: 0, captured: 0, refunded: 0, released: 0 };
  let sequence = 0;

  /** One answer per key: the first call's promise is kept before any await, so racing calls share it. */
  function once(key: string, request: unknown, work: () => Payment): Promise<Payment> {
    const asked = JSON.stringify(request);
    const known = answers.get(key);
    if (known) {
      if (known.request !== asked)
        return Promise.reject(conflict('payments.idempotency_key_reused', 'This key was used for another call.', { idempotencyKey: key }));
      return known.answer;
    }
    // A network hop before the bank decides, so racing callers really overlap.
    const answer = new Promise<void>((resolve) => setTimeout(resolve, 1)).then(work);
    answers.set(key, { request: asked, answer });
    // A refused call is not remembered: the same key may be sent again once the cause is fixed.
    answer.catch(() => answers.delete(key));
    return answer;
  }

  function find(paymentId: string): Payment {
    const payment = payments.get(paymentId);
    if (!payment) throw notFound('payments.not_found', `No payment ${paymentId}.`, { paymentId });
    return payment;
  }

  function save(payment: Payment): Payment {
    payments.set(payment.id, payment);
    return payment;
  }

  const service: PaymentsServiceV2 = {
    methods: () => ['card'],
    authorize(request: AuthorizePaymentRequest) {
      try {
        checkPaymentAmount(request.amount, request.currency);
        if (request.method !== 'card') throw badRequest('payments.unknown_method', `The fake bank takes cards, not ${request.method}.`);
      } catch (error) {
        return Promise.reject(error);
      }
      return once(request.idempotencyKey, ['authorize', request], () => {
        const base = {
          id: `pay_${++sequence}`,
          method: request.method,
          saleId: request.saleId,
          tenderId: request.tenderId,
          amount: request.amount,
          currency: request.currency,
          captured: 0,
          refunded: 0,
          refunds: [],
        };
        if (request.reader !== undefined)
          return save({
            ...base,
            state: 'pending',
            action: { kind: 'present_card', reader: request.reader, message: `Present card on reader ${request.reader}` },
          });
        const reason = DECLINING_TOKENS[request.token ?? ''];
        if (reason) return save({ ...base, state: 'declined', decline: declineOf(reason) });
        ledger.held += request.amount;
        return save({ ...base, state: 'authorized', card: { brand: 'visa', last4: '4242', authorizationCode: `A${sequence}` } });
      });
    },
    async status(paymentId) {
      return find(paymentId);
    },
    cancel(request) {
      return once(request.idempotencyKey, ['cancel', request], () => {
        const payment = find(request.paymentId);
        const state = nextPaymentState(payment.state, 'cancel');
        if (payment.state === 'authorized') ledger.released += payment.amount;
        return save({ ...withoutAction(payment), state });
      });
    },
    capture(request) {
      return once(request.idempotencyKey, ['capture', request], () => {
        const payment = find(request.paymentId);
        const { state, captured } = capturedState(payment, request.amount);
        ledger.captured += captured;
        ledger.released += payment.amount - captured;
        return save({ ...payment, state, captured });
      });
    },
    refund(request) {
      return once(request.idempotencyKey, ['refund', request], () => {
        const payment = find(request.paymentId);
        const { state, refunded } = refundedState(payment, request.amount);
        ledger.refunded += request.amount;
        const refund = { refundId: request.refundId, amount: request.amount, ...(request.reason ? { reason: request.reason } : {}) };
        return save({ ...payment, state, refunded, refunds: [...payment.refunds, refund] });
      });
    },
  };

  return {
    service,
    ledger,
    /** The customer taps a card on the reader: the pending payment is approved, or declined for a declining token. */
    presentCard(paymentId: string, token: string): void {
      const payment = find(paymentId);
      if (payment.state !== 'pending') return; // the reader is no longer waiting
      const reason = DECLINING_TOKENS[token];
      const rest = withoutAction(payment);
      if (reason) {
        save({ ...rest, state: nextPaymentState(payment.state, 'decline'), decline: declineOf(reason) });
        return;
      }
      ledger.held += payment.amount;
      save({ ...rest, state: nextPaymentState(payment.state, 'approve'), card: { brand: 'visa', last4: '4242', authorizationCode: 'R1' } });
    },
  };
}

/** The payment once the reader no longer waits: no action to show. */
function withoutAction(payment: Payment): Payment {
  const settled: { -readonly [Field in keyof Payment]: Payment[Field] } = { ...payment };
  delete settled.action;
  return settled;
}
