import type { EventContext, EventEnvelope, TenantTransaction } from '@kits/plugin-sdk';
import type { SalesSettings } from '../settings.ts';
import { publishPaymentEvent, readPayment } from './payment-rows.ts';
import { attemptProviderCall, attemptsText, retryFields, waitUntilDue, type RetriedCall } from './provider-retry.ts';
import { refundToCard, type CardRefund } from './refund-to-card.ts';

/** `sales.payment.refund_requested`: give `amount` of payment `paymentId` back to the card, for sale refund `refundId`. */
export interface RefundRequested extends RetriedCall {
  readonly paymentId: string;
  readonly refundId: string;
  readonly amount: number;
}

type PaymentRefundState = 'requested' | 'refunded' | 'problem';

async function publishRefundRequested(tx: TenantTransaction, refund: CardRefund, refundId: string, attempt: number): Promise<void> {
  // `amount` is what goes back (the payment's own amount is on the payment).
  await publishPaymentEvent(tx, 'refund_requested', refund.row, { refundId, amount: refund.amount, ...retryFields(attempt) });
}

/**
 * The card part of a refund made at a till (planned with `planCardRefund`, so it fits what the card
 * has left): recorded with the refund in the sync transaction and sent to the provider from the
 * outbox, because a till's push must not wait on (or be replayed into) the provider.
 */
export async function requestCardRefund(tx: TenantTransaction, refund: CardRefund, refundId: string): Promise<void> {
  await tx.query('insert into sales.payment_refunds (tenant_id, refund_id, payment_id, amount) values ($1, $2, $3, $4)', [
    tx.tenantId,
    refundId,
    refund.row.payment_id,
    refund.amount,
  ]);
  await publishRefundRequested(tx, refund, refundId, 1);
}

/**
 * `sales.payment.refund_requested`: gives a till refund's card part back with the provider (once: the
 * key is the sale's, tender's and refund's, and a refund already made is not asked again). Failures
 * are retried like a capture (`provider-retry.ts`); after the last attempt, or when the provider
 * refuses, the refund gets its problem, `sales.payment.refund_failed` is published and audited, and
 * the office shows it beside the capture problems.
 */
export async function refundRequested(event: EventEnvelope<RefundRequested>, context: EventContext<SalesSettings>): Promise<void> {
  const { tx, services } = context;
  const { paymentId, refundId } = event.payload;
  waitUntilDue(event.payload, `refund ${refundId} of ${paymentId}`);
  const row = await readPayment(tx, paymentId, true);
  const [request] = await tx.query<{ amount: string; state: PaymentRefundState }>(
    'select amount, state from sales.payment_refunds where refund_id = $1 and payment_id = $2 for update',
    [refundId, paymentId],
  );
  // Refunded already (a replay) or reported: nothing more to do.
  if (!row || !request || request.state !== 'requested') return;
  const refund: CardRefund = { row, amount: Number(request.amount) };
  const outcome = await attemptProviderCall(context, event.payload, 'refund', () => refundToCard({ tx, services }, refund, refundId));
  if (outcome.ok) {
    await tx.query(
      "update sales.payment_refunds set state = 'refunded', attempts = $3, problem = null, updated_at = now() where refund_id = $1 and payment_id = $2",
      [refundId, paymentId, event.payload.attempt ?? 1],
    );
    return;
  }
  const { attempt } = outcome;
  if (!outcome.final) {
    await tx.query('update sales.payment_refunds set attempts = $3, updated_at = now() where refund_id = $1 and payment_id = $2', [
      refundId,
      paymentId,
      attempt,
    ]);
    await publishRefundRequested(tx, refund, refundId, attempt + 1);
    return;
  }
  const described = `The refund of ${refund.amount} (minor units) to the card could not be made ${attemptsText(attempt)}: ${outcome.problem}. The customer has not had this money back on the card; refund it from the payment provider's dashboard, or give it back another way.`;
  await tx.query(
    "update sales.payment_refunds set state = 'problem', attempts = $3, problem = $4, updated_at = now() where refund_id = $1 and payment_id = $2",
    [refundId, paymentId, attempt, described],
  );
  await publishPaymentEvent(tx, 'refund_failed', row, { refundId, amount: refund.amount, problem: described, attempts: attempt });
  await tx.audit('sales.payment.refund_failed', {
    paymentId,
    saleId: row.sale_id,
    refundId,
    amount: refund.amount,
    attempts: attempt,
    problem: described,
  });
}
