import { createHash } from 'node:crypto';
import {
  badRequest,
  capturedState,
  checkPaymentAmount,
  conflict,
  nextPaymentState,
  notFound,
  refundedState,
  type AuthorizePaymentRequest,
  type Payment,
  type PaymentCard,
  type PaymentReaderDevice,
  type PaymentsServiceV2,
  type PluginLogger,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import Stripe from 'stripe';
import { stripeAccess, type StripeAccess } from './client.ts';
import { callStripe, declineOfStripe, readerRefusal, stripeProblem } from './errors.ts';
import {
  observeKnown,
  observePayment,
  paymentView,
  readPaymentRow,
  readPaymentRowForStatus,
  recordNewPayment,
  recordRefund,
  type Observation,
  type PaymentBase,
  type PaymentRow,
  type Writes,
} from './payment-store.ts';
import { readerDeviceOf, recordReaderSoftware } from './reader-software.ts';
import { readerFor } from './readers.ts';
import type { StripePaySettings } from './settings.ts';

const PAYMENT_ID = /^pi_[A-Za-z0-9]+$/;

/** A key of its own for a second call a payments@2 call makes (the reader's part of an authorize), derived from the caller's key. */
export function derivedKey(key: string, step: string): string {
  const plain = `${key}:${step}`;
  return plain.length <= 255 ? plain : `kits-pay-${step}:${createHash('sha256').update(key).digest('hex')}`;
}

/** The card as a charge's payment method details give it (card present on a reader, or a card-not-present token). */
export function cardOf(charge: Stripe.PaymentIntent['latest_charge']): PaymentCard | undefined {
  if (!charge || typeof charge === 'string') return undefined;
  const present = charge.payment_method_details?.card_present;
  const card = present ?? charge.payment_method_details?.card;
  if (!card?.brand || !card.last4) return undefined;
  const authorizationCode = present?.receipt?.authorization_code ?? undefined;
  return { brand: card.brand, last4: card.last4, ...(authorizationCode ? { authorizationCode } : {}) };
}

/** What a PaymentIntent (and, while it waits on a reader, the reader's action) says of the payment. */
export function observationOf(intent: Stripe.PaymentIntent, action?: Stripe.Terminal.Reader.Action | null): Observation {
  const card = cardOf(intent.latest_charge);
  switch (intent.status) {
    case 'requires_capture':
      return { state: 'authorized', ...(card ? { card } : {}) };
    case 'succeeded':
      return { state: 'captured', captured: intent.amount_received, ...(card ? { card } : {}) };
    case 'canceled':
      return { state: 'canceled' };
    case 'requires_payment_method': {
      const error = intent.last_payment_error;
      if (error) return { state: 'declined', decline: declineOfStripe(error.code, error.decline_code) };
      if (action?.status === 'failed' && action.process_payment_intent?.payment_intent === intent.id)
        return { state: 'declined', decline: declineOfStripe(action.failure_code) };
      return { state: 'pending' };
    }
    default:
      return { state: 'pending' };
  }
}

/** The payment an intent is for, from the metadata stripe-pay gave it; undefined for another tenant's or a foreign intent. */
export function baseOf(intent: Stripe.PaymentIntent, tenantId: string): PaymentBase | undefined {
  const { kits_tenant: tenant, kits_sale: saleId, kits_tender: tenderId } = intent.metadata ?? {};
  if (tenant !== tenantId || !saleId || !tenderId) return undefined;
  return { paymentId: intent.id, method: 'card', saleId, tenderId, amount: intent.amount, currency: intent.currency.toUpperCase() };
}

/**
 * When a payment's row can answer for Stripe: webhooks are flowing for the shop (one applied in
 * the last 10 minutes) and, for a pending payment, it was heard of in the last 15 seconds. A till
 * polls every half second while the customer finds their card; each poll asking Stripe would cost
 * the shop's server and Stripe's rate limit a call for an answer the webhook brings anyway. Without
 * recent webhooks (not set up, or the endpoint broken), and for a pending payment after 15 s without
 * news, Stripe is asked, so a payment never hangs on a lost webhook.
 */
const TRUST_THE_ROW = { webhooksWithin: '10 minutes', pendingFor: '15 seconds' } as const;

interface Scope {
  readonly tx: TenantTransaction;
  readonly settings: StripePaySettings;
  readonly log: PluginLogger;
}

/**
 * payments@2 over Stripe: a payment is a PaymentIntent (its id is the payment id), authorized on
 * a Terminal reader (card present) or at once with a card-not-present payment method (`token`),
 * captured manually when the sale completes. stripe_pay.payments keeps each intent's state as
 * last heard, from API answers and webhooks alike, never moving backwards.
 */
export function stripePayments({ tx, settings, log }: Scope): PaymentsServiceV2 {
  let access: StripeAccess | undefined;
  const client = () => (access ??= stripeAccess(settings));

  /** Readers as Stripe answered them in this call: a pending payment's action names its reader as just heard (a GET cannot write it). */
  const heardReaders = new Map<string, PaymentReaderDevice>();

  /** A Reader in a Stripe answer: its software version is kept, and the answer of this call names it as heard. */
  async function sawReader(
    answer: Stripe.Terminal.Reader | Stripe.Terminal.DeletedReader,
    writes?: Writes,
  ): Promise<Stripe.Terminal.Reader | undefined> {
    if ('deleted' in answer && answer.deleted) return undefined;
    const reader = answer as Stripe.Terminal.Reader;
    heardReaders.set(reader.id, readerDeviceOf(reader));
    await recordReaderSoftware(tx, reader, writes);
    return reader;
  }

  async function retrieve(paymentId: string): Promise<Stripe.PaymentIntent> {
    const { stripe, account } = client();
    return callStripe(() => stripe.paymentIntents.retrieve(paymentId, { expand: ['latest_charge'] }, account), { paymentId });
  }

  /** The row of a payment; one made by stripe-pay for this tenant but not recorded here (a rolled-back call) is taken from Stripe. */
  async function rowOf(paymentId: string): Promise<PaymentRow> {
    if (!PAYMENT_ID.test(paymentId))
      throw notFound('payments.not_found', `No payment ${paymentId}: Stripe payment ids start with pi_.`, { paymentId });
    const row = await readPaymentRow(tx, paymentId);
    if (row) return row;
    const intent = await retrieve(paymentId);
    const base = baseOf(intent, tx.tenantId);
    if (!base) throw notFound('payments.not_found', `No payment ${paymentId} of this shop.`, { paymentId });
    return observePayment(tx, base, observationOf(intent));
  }

  /** Asks Stripe how a payment stands (the intent, and the reader's action while it waits on one) and records it. */
  async function refresh(row: PaymentRow): Promise<PaymentRow> {
    const intent = await retrieve(row.payment_id);
    let action: Stripe.Terminal.Reader.Action | null = null;
    if (intent.status === 'requires_payment_method' && !intent.last_payment_error && row.reader_id) {
      const { stripe, account } = client();
      const reader = await sawReader(await callStripe(() => stripe.terminal.readers.retrieve(row.reader_id!, {}, account)));
      if (reader) action = reader.action;
    }
    return observeKnown(tx, row.payment_id, observationOf(intent, action));
  }

  const view = (row: PaymentRow) => paymentView(tx, row, row.reader_id ? heardReaders.get(row.reader_id) : undefined);

  async function authorize(request: AuthorizePaymentRequest): Promise<Payment> {
    checkPaymentAmount(request.amount, request.currency);
    if (request.method !== 'card')
      throw badRequest('payments.unknown_method', `stripe-pay takes cards, not ${request.method}.`, { method: request.method });
    const { stripe, account } = client();
    const metadata = { kits_tenant: tx.tenantId, kits_sale: request.saleId, kits_tender: request.tenderId };
    const base = (paymentId: string): PaymentBase => ({
      paymentId,
      method: request.method,
      saleId: request.saleId,
      tenderId: request.tenderId,
      amount: request.amount,
      currency: request.currency,
    });
    const common = { amount: request.amount, currency: request.currency.toLowerCase(), capture_method: 'manual' as const, metadata };

    if (request.token !== undefined) {
      // Card not present: the payment method is confirmed at once, and Stripe answers approved or declined.
      try {
        const intent = await stripe.paymentIntents.create(
          { ...common, allowed_payment_method_types: ['card'], payment_method: request.token, confirm: true, expand: ['latest_charge'] },
          { ...account, idempotencyKey: request.idempotencyKey },
        );
        return view(await observePayment(tx, base(intent.id), observationOf(intent), 'writes'));
      } catch (error) {
        const intent = error instanceof Stripe.errors.StripeCardError ? error.payment_intent : undefined;
        if (!intent) throw stripeProblem(error);
        const card = error as Stripe.errors.StripeCardError;
        return view(
          await observePayment(
            tx,
            base(intent.id),
            { state: 'declined', decline: declineOfStripe(card.code, card.decline_code) },
            'writes',
          ),
        );
      }
    }

    // Card present: the reader is chosen before Stripe is asked anything, so a 409 here changes nothing.
    const reader = await readerFor(tx, request);
    const intent = await callStripe(() =>
      stripe.paymentIntents.create(
        { ...common, allowed_payment_method_types: ['card_present'] },
        { ...account, idempotencyKey: request.idempotencyKey },
      ),
    );
    const onReader = { id: reader.reader_id, label: reader.label };
    // Recorded before the reader is asked: the same authorize again (a retry, a second click) finds
    // the row, and is answered with how the payment stands — the reader already has it, or had it.
    const recorded = await recordNewPayment(tx, base(intent.id), { state: 'pending', reader: onReader });
    if (!recorded) {
      const known = (await readPaymentRow(tx, intent.id))!;
      return view(known.state === 'pending' || known.state === 'authorized' ? await refresh(known) : known);
    }
    let processing: Stripe.Terminal.Reader;
    try {
      processing = await stripe.terminal.readers.processPaymentIntent(
        reader.reader_id,
        { payment_intent: intent.id },
        { ...account, idempotencyKey: derivedKey(request.idempotencyKey, 'reader') },
      );
    } catch (error) {
      const refusal = readerRefusal(error);
      if (!refusal) throw stripeProblem(error);
      log.info({ paymentId: intent.id, reader: reader.label, reason: refusal.reason }, 'The reader could not take the payment');
      return view(await observeKnown(tx, intent.id, { state: 'declined', decline: refusal }, 'writes'));
    }
    // The reader answers with itself: the software it runs now is kept, and this answer names it.
    await sawReader(processing, 'writes');
    return view(recorded);
  }

  return {
    methods: () => ['card'],
    authorize,

    async status(paymentId) {
      const known = PAYMENT_ID.test(paymentId) ? await readPaymentRowForStatus(tx, paymentId, TRUST_THE_ROW) : undefined;
      const row = known ?? (await rowOf(paymentId));
      if (row.state !== 'pending' && row.state !== 'authorized') return view(row);
      // While webhooks flow, an authorized row is as Stripe has it (a cancel or capture elsewhere would
      // arrive as a webhook). A pending one: a poll (read-only) trusts the row for a while; a caller about
      // to act on the answer (the sale, a cancel) asks Stripe, as the webhook with the tap may be on its way.
      // An authorized row without its card (only amount_capturable_updated was heard) asks once, for the receipt.
      const authorizedWithCard = known?.state === 'authorized' && known.card_brand !== null;
      if (known?.webhooks_flowing && (authorizedWithCard || (known.state === 'pending' && known.heard_lately && known.read_only)))
        return view(row);
      return view(await refresh(row));
    },

    async cancel(request) {
      let row = await rowOf(request.paymentId);
      if (row.state === 'canceled') return view(row);
      if (row.state === 'pending') row = await refresh(row);
      nextPaymentState((await view(row)).state, 'cancel');
      const { stripe, account } = client();
      if (row.state === 'pending' && row.reader_id) {
        // The reader is waiting for this payment's card: free it first (Stripe refuses to cancel an intent a reader is processing).
        const reader = await sawReader(await callStripe(() => stripe.terminal.readers.retrieve(row.reader_id!, {}, account)), 'writes');
        const action = reader?.action ?? null;
        if (action?.status === 'in_progress' && action.process_payment_intent?.payment_intent === row.payment_id)
          await callStripe(() =>
            stripe.terminal.readers.cancelAction(
              row.reader_id!,
              {},
              { ...account, idempotencyKey: derivedKey(request.idempotencyKey, 'reader') },
            ),
          );
      }
      const intent = await callStripe(
        () => stripe.paymentIntents.cancel(request.paymentId, {}, { ...account, idempotencyKey: request.idempotencyKey }),
        { paymentId: request.paymentId },
      );
      return view(await observeKnown(tx, row.payment_id, observationOf(intent), 'writes'));
    },

    async capture(request) {
      let row = await rowOf(request.paymentId);
      if (row.state === 'captured' && row.capture_key === request.idempotencyKey) return view(row);
      if (row.state === 'pending') row = await refresh(row);
      capturedState(await view(row), request.amount);
      const { stripe, account } = client();
      const intent = await callStripe(
        () =>
          stripe.paymentIntents.capture(
            request.paymentId,
            { ...(request.amount !== undefined ? { amount_to_capture: request.amount } : {}), expand: ['latest_charge'] },
            { ...account, idempotencyKey: request.idempotencyKey },
          ),
        { paymentId: request.paymentId },
      );
      return view(await observeKnown(tx, row.payment_id, { ...observationOf(intent), captureKey: request.idempotencyKey }, 'writes'));
    },

    async refund(request) {
      const row = await rowOf(request.paymentId);
      const [earlier] = await tx.query<{ amount: string | number }>(
        'select amount from stripe_pay.refunds where payment_id = $1 and refund_id = $2',
        [row.payment_id, request.refundId],
      );
      if (earlier) {
        if (Number(earlier.amount) !== request.amount)
          throw conflict(
            'payments.idempotency_key_reused',
            `Refund ${request.refundId} of this payment was for ${Number(earlier.amount)}, not ${request.amount}.`,
            {
              refundId: request.refundId,
            },
          );
        return view(row);
      }
      // More than is left to refund is refused here, before Stripe is asked.
      refundedState(await view(row), request.amount);
      const { stripe, account } = client();
      const refund = await callStripe(
        () =>
          stripe.refunds.create(
            {
              payment_intent: row.payment_id,
              amount: request.amount,
              metadata: {
                kits_refund: request.refundId,
                kits_tenant: tx.tenantId,
                kits_sale: row.sale_id,
                ...(request.reason ? { kits_reason: request.reason.slice(0, 500) } : {}),
              },
            },
            { ...account, idempotencyKey: request.idempotencyKey },
          ),
        { paymentId: row.payment_id },
      );
      await recordRefund(tx, {
        paymentId: row.payment_id,
        refundId: request.refundId,
        stripeRefundId: refund.id,
        amount: refund.amount,
        ...(request.reason ? { reason: request.reason } : {}),
        status: refund.status ?? 'pending',
      });
      return view((await readPaymentRow(tx, row.payment_id))!);
    },
  };
}
