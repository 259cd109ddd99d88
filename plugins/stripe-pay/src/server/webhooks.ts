import { badRequest, DomainError, type WebhookRequest } from '@kits/plugin-sdk';
import type Stripe from 'stripe';
import { webhookVerifier } from './client.ts';
import { declineOfStripe } from './errors.ts';
import { observeKnown, observePayment, readPaymentRow, updateRefundStatus } from './payment-store.ts';
import { baseOf, observationOf } from './payments.ts';
import type { StripePaySettings } from './settings.ts';

/** Stripe's default tolerance: a signature older than this is refused (a replayed request). */
const TOLERANCE_SECONDS = 300;

/** The events this plugin acts on; any other (payment_intent.created, say) is answered at once, without touching the database. */
const APPLIED_EVENTS = new Set([
  'payment_intent.amount_capturable_updated',
  'payment_intent.succeeded',
  'payment_intent.canceled',
  'payment_intent.payment_failed',
  'terminal.reader.action_succeeded',
  'terminal.reader.action_failed',
  'charge.refund.updated',
]);

export interface WebhookAnswer {
  readonly received: true;
  readonly eventId: string;
  /** What was done: applied, a repeat of an event already applied, or an event stripe-pay does not need. */
  readonly outcome: 'applied' | 'duplicate' | 'ignored';
}

/**
 * A Stripe webhook delivery (`POST /webhooks/stripe-pay/<tenant>/stripe`): the signature over the
 * raw body is checked with the endpoint secret (a bad or stale one is 400
 * `stripe-pay.webhook_signature` and nothing changes), each event is applied once, and what it says
 * of a payment is recorded like an API answer — never moving it backwards.
 */
export async function receiveStripeWebhook(request: WebhookRequest<StripePaySettings>): Promise<WebhookAnswer> {
  const { tx, settings } = request;
  if (!settings.webhookSecret)
    throw new DomainError(
      'stripe-pay.not_configured',
      503,
      'stripe-pay has no webhookSecret setting: paste the endpoint’s signing secret (whsec_…) from Stripe.',
      {
        setting: 'webhookSecret',
      },
    );
  const header = request.headers['stripe-signature'];
  let event: Stripe.Event;
  try {
    if (typeof header !== 'string' || header === '') throw new Error('no Stripe-Signature header');
    event = webhookVerifier.webhooks.constructEvent(request.rawBody, header, settings.webhookSecret, TOLERANCE_SECONDS);
  } catch (error) {
    throw badRequest(
      'stripe-pay.webhook_signature',
      'The Stripe-Signature does not match this body and the webhookSecret setting, or it is more than 5 minutes old: nothing was changed.',
      { why: error instanceof Error ? error.message : String(error) },
    );
  }
  // A Connect platform's endpoint receives every connected account's events: only this shop's account counts.
  if (settings.stripeAccount && event.account && event.account !== settings.stripeAccount)
    return { received: true, eventId: event.id, outcome: 'ignored' };
  if (!APPLIED_EVENTS.has(event.type)) return { received: true, eventId: event.id, outcome: 'ignored' };

  const fresh = await tx.query(
    'insert into stripe_pay.webhook_events (tenant_id, event_id, type) values ($1, $2, $3) on conflict do nothing returning 1',
    [tx.tenantId, event.id, event.type],
  );
  if (fresh.length === 0) return { received: true, eventId: event.id, outcome: 'duplicate' };
  const applied = await apply(request, event);
  if (applied) request.log.info({ eventId: event.id, type: event.type }, 'Stripe event applied');
  return { received: true, eventId: event.id, outcome: applied ? 'applied' : 'ignored' };
}

async function apply({ tx }: WebhookRequest<StripePaySettings>, event: Stripe.Event): Promise<boolean> {
  switch (event.type) {
    case 'payment_intent.amount_capturable_updated':
    case 'payment_intent.succeeded':
    case 'payment_intent.canceled':
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      const base = baseOf(intent, tx.tenantId);
      if (!base) return false;
      await observePayment(tx, base, observationOf(intent));
      return true;
    }
    case 'terminal.reader.action_succeeded':
    case 'terminal.reader.action_failed': {
      const action = event.data.object.action;
      const target = action?.process_payment_intent?.payment_intent;
      const paymentId = typeof target === 'string' ? target : target?.id;
      if (!paymentId || !(await readPaymentRow(tx, paymentId))) return false;
      // Manual capture: a processed intent waits for capture; a failed action is the card refused on the reader.
      await observeKnown(
        tx,
        paymentId,
        event.type === 'terminal.reader.action_succeeded'
          ? { state: 'authorized' }
          : { state: 'declined', decline: declineOfStripe(action?.failure_code) },
      );
      return true;
    }
    case 'charge.refund.updated': {
      const refund = event.data.object;
      return updateRefundStatus(tx, refund.id, refund.status ?? 'pending');
    }
    default:
      return false;
  }
}
