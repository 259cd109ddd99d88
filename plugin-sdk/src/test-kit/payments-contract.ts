import { isDomainError } from '../errors.ts';
import {
  isDeclineReason,
  paymentIdempotencyKey,
  refundable,
  type AuthorizePaymentRequest,
  type DeclineReason,
  type Payment,
  type PaymentOperation,
  type PaymentsServiceV2,
  type PaymentState,
} from '../payments/index.ts';

/** One behaviour every payments@2 provider has: `it(name, run)` in any test runner. */
export interface PaymentsContractCase {
  readonly name: string;
  run(): Promise<void>;
}

/** How to pay with the provider under test. */
export interface PaymentsContractOptions {
  /** What makes the provider approve (a test card token, a simulated reader). */
  readonly approved: Pick<AuthorizePaymentRequest, 'token' | 'reader'>;
  /** What makes it decline, and the reason it answers. */
  readonly declined: Pick<AuthorizePaymentRequest, 'token' | 'reader'> & { readonly reason: DeclineReason };
  /** The tender method to pay with (default: the provider's first). */
  readonly method?: string;
  /** Default EUR; amounts are 1000 and less, whole minor units of it. */
  readonly currency?: string;
  readonly tenantId?: string;
  /**
   * For providers that answer `pending` (a reader waits for the card): do the customer's part —
   * present the card of `how` (the `approved` or `declined` source) on the reader.
   */
  readonly presentCard?: (payment: Payment, how: 'approved' | 'declined') => Promise<void>;
  /** How long a pending payment may take to settle after `presentCard` (default 10 s). */
  readonly settleTimeoutMs?: number;
}

/**
 * The payments@2 contract as test cases, for any runner:
 *   for (const c of paymentsContract(() => myProvider(), options)) it(c.name, c.run);
 * Each case makes its own provider and its own sale ids, so cases share nothing (and may run
 * against a long-lived provider or a recorded double). A failed check throws an Error saying what
 * was expected and what the provider answered.
 */
export function paymentsContract(
  makeProvider: () => PaymentsServiceV2 | Promise<PaymentsServiceV2>,
  options: PaymentsContractOptions,
): PaymentsContractCase[] {
  const currency = options.currency ?? 'EUR';
  const tenantId = options.tenantId ?? 'contract-tenant';
  let sales = 0;
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  /** A fresh provider and sale; `key(op)` is the sale's tender-0 key for `op`. */
  async function sale() {
    const provider = await makeProvider();
    const saleId = `sale-${run}-${++sales}`;
    const key = (operation: PaymentOperation, refundId?: string) =>
      paymentIdempotencyKey({ tenantId, saleId, tender: 0, operation, ...(refundId ? { refundId } : {}) });
    const method = options.method ?? provider.methods()[0];
    check(method !== undefined, 'methods() lists at least one method', provider.methods());
    const authorize = async (amount: number, how: 'approved' | 'declined' = 'approved', idempotencyKey = key('authorize')) => {
      const source = how === 'approved' ? options.approved : options.declined;
      const first = await provider.authorize({
        method: method!,
        amount,
        currency,
        saleId,
        tenderId: '0',
        idempotencyKey,
        ...(source.token !== undefined ? { token: source.token } : {}),
        ...(source.reader !== undefined ? { reader: source.reader } : {}),
      });
      return settle(provider, first, how);
    };
    return { provider, saleId, key, authorize };
  }

  /** Drives a pending payment to its outcome through the customer's part, as a till would wait for it. */
  async function settle(provider: PaymentsServiceV2, payment: Payment, how: 'approved' | 'declined'): Promise<Payment> {
    if (payment.state !== 'pending') return payment;
    check(
      typeof payment.action?.message === 'string' && payment.action.message !== '',
      'a pending payment has an action with a message',
      payment,
    );
    check(options.presentCard !== undefined, 'options.presentCard, since the provider answered pending', payment);
    await options.presentCard!(payment, how);
    const deadline = Date.now() + (options.settleTimeoutMs ?? 10_000);
    let now = await provider.status(payment.id);
    while (now.state === 'pending' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      now = await provider.status(payment.id);
    }
    return now;
  }

  const cases: Array<[string, () => Promise<void>]> = [
    [
      'authorize, capture, refund part twice, then a refund beyond what was captured is refused',
      async () => {
        const { provider, key, authorize } = await sale();
        const authorized = await authorize(1000);
        expectPayment(authorized, { state: 'authorized', amount: 1000, currency, captured: 0, refunded: 0 });
        const captured = await provider.capture({ paymentId: authorized.id, idempotencyKey: key('capture') });
        expectPayment(captured, { id: authorized.id, state: 'captured', captured: 1000, refunded: 0 });
        const first = await provider.refund({ paymentId: captured.id, amount: 300, refundId: 'r1', idempotencyKey: key('refund', 'r1') });
        expectPayment(first, { state: 'partially_refunded', refunded: 300 });
        const second = await provider.refund({ paymentId: captured.id, amount: 200, refundId: 'r2', idempotencyKey: key('refund', 'r2') });
        expectPayment(second, { state: 'partially_refunded', refunded: 500 });
        check(refundable(second) === 500, 'refundable() is 500 after refunding 300 and 200 of 1000', second);
        await expectRefusal(
          provider.refund({ paymentId: captured.id, amount: 501, refundId: 'r3', idempotencyKey: key('refund', 'r3') }),
          'payments.refund_exceeds_capture',
        );
        expectPayment(await provider.status(captured.id), { state: 'partially_refunded', refunded: 500 });
        const rest = await provider.refund({ paymentId: captured.id, amount: 500, refundId: 'r4', idempotencyKey: key('refund', 'r4') });
        expectPayment(rest, { state: 'refunded', refunded: 1000 });
        check(
          rest.refunds.map((r) => `${r.refundId}:${r.amount}`).join(',') === 'r1:300,r2:200,r4:500',
          'the refunds are listed in order, without the refused one',
          rest.refunds,
        );
      },
    ],
    [
      'a partial capture captures part, and refunds stop at what was captured',
      async () => {
        const { provider, key, authorize } = await sale();
        const authorized = await authorize(1000);
        const captured = await provider.capture({ paymentId: authorized.id, amount: 600, idempotencyKey: key('capture') });
        expectPayment(captured, { state: 'captured', amount: 1000, captured: 600 });
        await expectRefusal(
          provider.refund({ paymentId: captured.id, amount: 601, refundId: 'r1', idempotencyKey: key('refund', 'r1') }),
          'payments.refund_exceeds_capture',
        );
        expectPayment(await provider.refund({ paymentId: captured.id, amount: 600, refundId: 'r2', idempotencyKey: key('refund', 'r2') }), {
          state: 'refunded',
          refunded: 600,
        });
      },
    ],
    [
      'a capture beyond the authorization is refused and changes nothing',
      async () => {
        const { provider, key, authorize } = await sale();
        const authorized = await authorize(1000);
        await expectRefusal(
          provider.capture({ paymentId: authorized.id, amount: 1001, idempotencyKey: key('capture') }),
          'payments.capture_exceeds_authorization',
        );
        expectPayment(await provider.status(authorized.id), { state: 'authorized', captured: 0 });
      },
    ],
    [
      'authorize then cancel releases the payment, and it can be neither captured nor refunded after',
      async () => {
        const { provider, key, authorize } = await sale();
        const authorized = await authorize(700);
        const canceled = await provider.cancel({ paymentId: authorized.id, idempotencyKey: key('cancel') });
        expectPayment(canceled, { id: authorized.id, state: 'canceled', captured: 0, refunded: 0 });
        expectPayment(await provider.status(authorized.id), { state: 'canceled' });
        await expectRefusal(provider.capture({ paymentId: authorized.id, idempotencyKey: key('capture') }), 'payments.illegal_transition');
        await expectRefusal(
          provider.refund({ paymentId: authorized.id, amount: 100, refundId: 'r1', idempotencyKey: key('refund', 'r1') }),
          'payments.illegal_transition',
        );
      },
    ],
    [
      'a declined card answers declined, with a reason from the closed set and a message for the cashier',
      async () => {
        const { provider, key, authorize } = await sale();
        const declined = await authorize(1000, 'declined');
        expectPayment(declined, { state: 'declined', captured: 0 });
        check(isDeclineReason(declined.decline?.reason), 'a reason from DECLINE_REASONS', declined);
        check(declined.decline?.reason === options.declined.reason, `the reason ${options.declined.reason}`, declined);
        check((declined.decline?.message.trim().length ?? 0) > 0, 'a message the cashier can act on', declined);
        await expectRefusal(provider.capture({ paymentId: declined.id, idempotencyKey: key('capture') }), 'payments.illegal_transition');
        await expectRefusal(provider.cancel({ paymentId: declined.id, idempotencyKey: key('cancel') }), 'payments.illegal_transition');
      },
    ],
    [
      'the same authorize key twice, or raced, answers the same payment; the same key for another amount is refused',
      async () => {
        const { provider, key, authorize } = await sale();
        const first = await authorize(1000);
        const again = await authorize(1000);
        const raced = await Promise.all([1, 2, 3, 4, 5].map(() => authorize(1000)));
        for (const payment of [again, ...raced]) expectPayment(payment, { id: first.id, state: 'authorized', amount: 1000 });
        await expectRefusal(authorize(2000, 'approved', key('authorize')), 'payments.idempotency_key_reused');
        // One payment of 1000, not several: capturing it captures 1000 once.
        expectPayment(await provider.capture({ paymentId: first.id, idempotencyKey: key('capture') }), {
          state: 'captured',
          captured: 1000,
        });
      },
    ],
    [
      'a capture sent twice, or raced, captures once; another capture of a captured payment is refused',
      async () => {
        const { provider, key, authorize } = await sale();
        const authorized = await authorize(1000);
        const capture = () => provider.capture({ paymentId: authorized.id, idempotencyKey: key('capture') });
        const answers = [await capture(), await capture(), ...(await Promise.all([capture(), capture(), capture()]))];
        for (const answer of answers) expectPayment(answer, { id: authorized.id, state: 'captured', captured: 1000 });
        await expectRefusal(
          provider.capture({ paymentId: authorized.id, idempotencyKey: `${key('capture')}-other` }),
          'payments.illegal_transition',
        );
        expectPayment(await provider.status(authorized.id), { state: 'captured', captured: 1000, refunded: 0 });
      },
    ],
    [
      'a refund sent twice, or raced, refunds once',
      async () => {
        const { provider, key, authorize } = await sale();
        const authorized = await authorize(1000);
        await provider.capture({ paymentId: authorized.id, idempotencyKey: key('capture') });
        const refund = () =>
          provider.refund({ paymentId: authorized.id, amount: 400, refundId: 'r1', idempotencyKey: key('refund', 'r1') });
        const answers = [await refund(), ...(await Promise.all([refund(), refund(), refund()]))];
        for (const answer of answers) expectPayment(answer, { state: 'partially_refunded', refunded: 400 });
        const now = await provider.status(authorized.id);
        expectPayment(now, { state: 'partially_refunded', refunded: 400 });
        check(now.refunds.length === 1, 'one refund recorded', now.refunds);
      },
    ],
    [
      'illegal transitions are refused with payments.illegal_transition and change nothing',
      async () => {
        const { provider, key, authorize } = await sale();
        const authorized = await authorize(1000);
        await expectRefusal(
          provider.refund({ paymentId: authorized.id, amount: 100, refundId: 'r1', idempotencyKey: key('refund', 'r1') }),
          'payments.illegal_transition',
        );
        await provider.capture({ paymentId: authorized.id, idempotencyKey: key('capture') });
        await expectRefusal(provider.cancel({ paymentId: authorized.id, idempotencyKey: key('cancel') }), 'payments.illegal_transition');
        await provider.refund({ paymentId: authorized.id, amount: 1000, refundId: 'r2', idempotencyKey: key('refund', 'r2') });
        await expectRefusal(
          provider.refund({ paymentId: authorized.id, amount: 1, refundId: 'r3', idempotencyKey: key('refund', 'r3') }),
          'payments.illegal_transition',
        );
        expectPayment(await provider.status(authorized.id), { state: 'refunded', captured: 1000, refunded: 1000 });
      },
    ],
    [
      'an amount that is not a positive whole number of minor units, or an unknown currency, is refused',
      async () => {
        const { provider, saleId, key } = await sale();
        const method = options.method ?? provider.methods()[0]!;
        const base = { method, saleId, tenderId: '0', ...options.approved };
        await expectRefusal(
          provider.authorize({ ...base, amount: 10.5, currency, idempotencyKey: `${key('authorize')}-a` }),
          'payments.invalid_amount',
        );
        await expectRefusal(
          provider.authorize({ ...base, amount: 0, currency, idempotencyKey: `${key('authorize')}-b` }),
          'payments.invalid_amount',
        );
        await expectRefusal(
          provider.authorize({ ...base, amount: 100, currency: 'QQQ', idempotencyKey: `${key('authorize')}-c` }),
          'payments.invalid_amount',
        );
      },
    ],
    [
      'an unknown payment is payments.not_found',
      async () => {
        const { provider, key } = await sale();
        await expectRefusal(provider.status('no-such-payment'), 'payments.not_found');
        await expectRefusal(provider.capture({ paymentId: 'no-such-payment', idempotencyKey: key('capture') }), 'payments.not_found');
      },
    ],
  ];
  return cases.map(([name, run]) => ({ name, run }));
}

function check(condition: boolean, expected: string, actual: unknown): asserts condition {
  if (!condition) throw new Error(`payments@2 contract: expected ${expected}; the provider answered ${JSON.stringify(actual)}`);
}

function expectPayment(
  payment: Payment,
  expected: Partial<Pick<Payment, 'id' | 'amount' | 'currency' | 'captured' | 'refunded'>> & { state: PaymentState },
): void {
  for (const [field, value] of Object.entries(expected))
    check(payment[field as keyof Payment] === value, `${field} ${JSON.stringify(value)}`, payment);
}

async function expectRefusal(call: Promise<unknown>, code: string): Promise<void> {
  let answer: unknown;
  try {
    answer = await call;
  } catch (error) {
    check(
      isDomainError(error) && error.code === code,
      `a DomainError ${code}`,
      isDomainError(error) ? { code: error.code, detail: error.message } : String(error),
    );
    return;
  }
  check(false, `a DomainError ${code}`, answer);
}
