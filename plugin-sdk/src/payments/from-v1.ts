import { badRequest, conflict, notFound } from '../errors.ts';
import type { PaymentsService } from '../payments-capability.ts';
import { declineOf, declineReasonFromText } from './declines.ts';
import type {
  AuthorizePaymentRequest,
  CancelPaymentRequest,
  CapturePaymentRequest,
  Payment,
  PaymentsServiceV2,
  RefundPaymentRequest,
} from './payment.ts';
import { capturedState, checkPaymentAmount, nextPaymentState, refundedState } from './state-machine.ts';

/** What the adapter remembers of one payment: payments@1 itself has no status to ask. */
export interface V1PaymentRecord {
  readonly payment: Payment;
  /** The payments@1 charge's reference (what its refunds name); null for a declined charge. */
  readonly reference: string | null;
  /** Each call already answered, by idempotency key: what it asked (to refuse a reused key) and what it answered. */
  readonly answers: Readonly<Record<string, { readonly request: string; readonly payment: Payment }>>;
}

/**
 * Where the adapter keeps its records. `exclusive` runs `work` while no other call touches the same
 * payment (a database store: inside the caller's transaction, after `SELECT … FOR UPDATE`).
 */
export interface V1PaymentRecords {
  load(paymentId: string): Promise<V1PaymentRecord | undefined>;
  save(record: V1PaymentRecord): Promise<void>;
  exclusive<T>(paymentId: string, work: () => Promise<T>): Promise<T>;
}

/** Records in memory, for one process: a payment lives as long as this object. */
export function memoryV1PaymentRecords(): V1PaymentRecords {
  const records = new Map<string, V1PaymentRecord>();
  const queues = new Map<string, Promise<unknown>>();
  return {
    load: async (paymentId) => records.get(paymentId),
    save: async (record) => void records.set(record.payment.id, record),
    exclusive<T>(paymentId: string, work: () => Promise<T>): Promise<T> {
      const run = (queues.get(paymentId) ?? Promise.resolve()).then(work, work);
      queues.set(
        paymentId,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

/**
 * payments@2 over a payments@1 provider, so plugins written for payments@1 keep taking cards.
 * payments@1 only charges and refunds, so:
 * - `authorize` is payments@1 `charge`: an `authorized` payment here is already captured at the
 *   provider; it never answers `pending`, and needs the tender's `token`.
 * - `capture` moves no money: it records the capture; a capture of less than authorized refunds
 *   the difference.
 * - `cancel` is a full refund of the charge (the customer may see a charge and its refund).
 * - `refund` is payments@1 `refund`, refused beyond what was captured before the provider is asked.
 * The payment id is derived from the authorize key, so an authorize retried after a crash finds
 * the same payment (payments@1 providers must honour the charge's idempotency key). Pass `records`
 * that outlive a request (core-sales' tables) when the calls of one payment span requests; the
 * default keeps them in memory, for this adapter object only.
 */
export function paymentsV2FromV1(v1: PaymentsService, options: { readonly records?: V1PaymentRecords } = {}): PaymentsServiceV2 {
  const records = options.records ?? memoryV1PaymentRecords();

  /** Runs `change` once per idempotency key: a replay answers the first call's payment. */
  async function once(
    paymentId: string,
    key: string,
    request: object,
    change: (record: V1PaymentRecord | undefined) => Promise<Omit<V1PaymentRecord, 'answers'>>,
  ): Promise<Payment> {
    return records.exclusive(paymentId, async () => {
      const record = await records.load(paymentId);
      const asked = JSON.stringify(request);
      const answered = record?.answers[key];
      if (answered) {
        if (answered.request !== asked)
          throw conflict(
            'payments.idempotency_key_reused',
            'This idempotency key was used for a different payment call; derive a new key for a new call.',
            { idempotencyKey: key },
          );
        return answered.payment;
      }
      const next = await change(record);
      await records.save({ ...next, answers: { ...record?.answers, [key]: { request: asked, payment: next.payment } } });
      return next.payment;
    });
  }

  async function existing(record: V1PaymentRecord | undefined, paymentId: string): Promise<V1PaymentRecord> {
    if (!record) throw notFound('payments.not_found', `No payment ${paymentId}; authorize one first.`, { paymentId });
    return record;
  }

  async function refundCharge(record: V1PaymentRecord, amount: number, idempotencyKey: string): Promise<void> {
    const result = await v1.refund({ reference: record.reference!, amount, currency: record.payment.currency, idempotencyKey });
    if (result.status === 'declined')
      throw conflict('payments.refund_declined', `The payment provider refused to give back ${amount} (minor units): ${result.reason}.`, {
        paymentId: record.payment.id,
      });
  }

  return {
    methods: () => v1.methods(),

    async authorize(request: AuthorizePaymentRequest) {
      checkPaymentAmount(request.amount, request.currency);
      if (!v1.methods().includes(request.method))
        throw badRequest('payments.unknown_method', `This payment provider does not take "${request.method}".`, { method: request.method });
      if (!request.token)
        throw badRequest('payments.token_required', `A ${request.method} payment needs the token the till captured for the provider.`);
      const paymentId = `v1:${request.idempotencyKey}`;
      return once(paymentId, request.idempotencyKey, ['authorize', request], async () => {
        const result = await v1.charge({
          method: request.method,
          amount: request.amount,
          currency: request.currency,
          token: request.token!,
          idempotencyKey: request.idempotencyKey,
          saleId: request.saleId,
        });
        const base = {
          id: paymentId,
          method: request.method,
          saleId: request.saleId,
          tenderId: request.tenderId,
          amount: request.amount,
          currency: request.currency,
          captured: 0,
          refunded: 0,
          refunds: [],
        };
        if (result.status === 'declined') {
          const decline = declineOf(declineReasonFromText(result.reason));
          return {
            reference: null,
            payment: { ...base, state: 'declined', decline: { ...decline, message: `${result.reason}: ${decline.message}` } },
          };
        }
        return { reference: result.reference, payment: { ...base, state: 'authorized' } };
      });
    },

    async status(paymentId: string) {
      return (await existing(await records.load(paymentId), paymentId)).payment;
    },

    async cancel(request: CancelPaymentRequest) {
      return once(request.paymentId, request.idempotencyKey, ['cancel', request], async (found) => {
        const record = await existing(found, request.paymentId);
        const state = nextPaymentState(record.payment.state, 'cancel');
        // payments@1 charged at authorize: canceling gives all of it back.
        if (record.reference !== null) await refundCharge(record, record.payment.amount, request.idempotencyKey);
        return { reference: record.reference, payment: { ...record.payment, state } };
      });
    },

    async capture(request: CapturePaymentRequest) {
      return once(request.paymentId, request.idempotencyKey, ['capture', request], async (found) => {
        const record = await existing(found, request.paymentId);
        const { state, captured } = capturedState(record.payment, request.amount);
        // The whole amount was charged at authorize: a smaller capture gives back the rest.
        if (captured < record.payment.amount)
          await refundCharge(record, record.payment.amount - captured, `${request.idempotencyKey}:release`);
        return { reference: record.reference, payment: { ...record.payment, state, captured } };
      });
    },

    async refund(request: RefundPaymentRequest) {
      return once(request.paymentId, request.idempotencyKey, ['refund', request], async (found) => {
        const record = await existing(found, request.paymentId);
        if (record.payment.refunds.some((refund) => refund.refundId === request.refundId))
          throw conflict('payments.refund_id_reused', `Refund ${request.refundId} was already made on this payment with another key.`, {
            refundId: request.refundId,
          });
        const { state, refunded } = refundedState(record.payment, request.amount);
        await refundCharge(record, request.amount, request.idempotencyKey);
        const refund = { refundId: request.refundId, amount: request.amount, ...(request.reason ? { reason: request.reason } : {}) };
        return {
          reference: record.reference,
          payment: { ...record.payment, state, refunded, refunds: [...record.payment.refunds, refund] },
        };
      });
    },
  };
}
