import { badRequest, DomainError, type TenantTransaction, type WebhookRequest } from '@kits/plugin-sdk';
import type Stripe from 'stripe';
import { webhookVerifier } from './client.ts';
import { declineOfStripe } from './errors.ts';
import {
  isNews,
  observeKnown,
  observePayment,
  readPaymentRow,
  updateRefundStatus,
  type Observation,
  type PaymentBase,
} from './payment-store.ts';
import { baseOf, cardOf, observationOf } from './payments.ts';
import type { StripePaySettings } from './settings.ts';

/** Stripe's default tolerance: a signature older than this is refused (a replayed request). */
const TOLERANCE_SECONDS = 300;

/** The events this plugin acts on; any other (payment_intent.created, say) is answered at once, without touching the database. */
const APPLIED_EVENTS = new Set([
  'charge.succeeded',
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
  /**
   * What was done: applied; `duplicate`, the event was applied before or says nothing the plugin did
   * not know (an API answer recorded it first); or `ignored`, an event stripe-pay does not need.
   */
  readonly outcome: 'applied' | 'duplicate' | 'ignored';
}

/**
 * A Stripe webhook delivery (`POST /webhooks/stripe-pay/<tenant>/stripe`): the signature over the
 * raw body is checked with the endpoint secret (a bad or stale one is 400
 * `stripe-pay.webhook_signature` and nothing changes), each event is applied once, and what it says
 * of a payment is recorded like an API answer — never moving it backwards. An event that brings
 * nothing new is answered after one read, with no write.
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

  const heard = heardOf(event, tx.tenantId);
  if (!heard) return { received: true, eventId: event.id, outcome: 'ignored' };
  // Most deliveries repeat what an API answer already recorded (the capture's answer, then
  // payment_intent.succeeded): that is found by reading, and answered without writing anything.
  const news = await newsIn(tx, heard);
  if (news === 'none') return { received: true, eventId: event.id, outcome: 'duplicate' };
  const fresh = await tx.query(
    'insert into stripe_pay.webhook_events (tenant_id, event_id, type) values ($1, $2, $3) on conflict do nothing returning 1',
    [tx.tenantId, event.id, event.type],
  );
  if (fresh.length === 0) return { received: true, eventId: event.id, outcome: 'duplicate' };
  await record(tx, heard, news);
  request.log.info({ eventId: event.id, type: event.type }, 'Stripe event applied');
  return { received: true, eventId: event.id, outcome: 'applied' };
}

/** What one event says: of a payment (with its base when the event carries the intent), or of a refund. */
type Heard =
  | { readonly kind: 'payment'; readonly paymentId: string; readonly base?: PaymentBase; readonly seen: Observation }
  | { readonly kind: 'refund'; readonly stripeRefundId: string; readonly status: string };

/** What an event this plugin applies says, or undefined when it is about nothing of this shop's. */
function heardOf(event: Stripe.Event, tenantId: string): Heard | undefined {
  switch (event.type) {
    case 'payment_intent.amount_capturable_updated':
    case 'payment_intent.succeeded':
    case 'payment_intent.canceled':
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      const base = baseOf(intent, tenantId);
      return base ? { kind: 'payment', paymentId: base.paymentId, base, seen: observationOf(intent) } : undefined;
    }
    case 'terminal.reader.action_succeeded':
    case 'terminal.reader.action_failed': {
      const action = event.data.object.action;
      const target = action?.process_payment_intent?.payment_intent;
      const paymentId = typeof target === 'string' ? target : target?.id;
      if (!paymentId) return undefined;
      // Manual capture: a processed intent waits for capture; a failed action is the card refused on the reader.
      const seen: Observation =
        event.type === 'terminal.reader.action_succeeded'
          ? { state: 'authorized' }
          : { state: 'declined', decline: declineOfStripe(action?.failure_code) };
      return { kind: 'payment', paymentId, seen };
    }
    case 'charge.succeeded': {
      // The card was authorized (an uncaptured charge) or, captured at once, paid: with the card.
      const charge = event.data.object;
      const paymentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
      if (!paymentId) return undefined;
      const card = cardOf(charge);
      const seen: Observation = charge.captured
        ? { state: 'captured', captured: charge.amount_captured, ...(card ? { card } : {}) }
        : { state: 'authorized', ...(card ? { card } : {}) };
      return { kind: 'payment', paymentId, seen };
    }
    case 'charge.refund.updated': {
      const refund = event.data.object;
      return { kind: 'refund', stripeRefundId: refund.id, status: refund.status ?? 'pending' };
    }
    default:
      return undefined;
  }
}

/**
 * What the event would change (read only): nothing, a payment stripe-pay has a row of, or one it has
 * not (an intent whose row a rolled-back call never wrote). A reader's event about an unknown intent
 * changes nothing.
 */
async function newsIn(tx: TenantTransaction, heard: Heard): Promise<'none' | 'known' | 'new'> {
  if (heard.kind === 'refund') {
    const [refund] = await tx.query<{ status: string }>('select status from stripe_pay.refunds where stripe_refund_id = $1', [
      heard.stripeRefundId,
    ]);
    return refund !== undefined && refund.status !== heard.status ? 'known' : 'none';
  }
  const row = await readPaymentRow(tx, heard.paymentId);
  if (!row) return heard.base ? 'new' : 'none';
  return isNews(row, heard.seen) ? 'known' : 'none';
}

async function record(tx: TenantTransaction, heard: Heard, news: 'known' | 'new'): Promise<void> {
  if (heard.kind === 'refund') await updateRefundStatus(tx, heard.stripeRefundId, heard.status);
  else if (news === 'new' && heard.base) await observePayment(tx, heard.base, heard.seen, 'writes');
  else await observeKnown(tx, heard.paymentId, heard.seen, 'writes');
}
