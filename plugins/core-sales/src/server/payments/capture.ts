import type { EventEnvelope, EventContext } from '@kits/plugin-sdk';
import type { SalesSettings } from '../settings.ts';
import { paymentKey } from './payment-calls.ts';
import { cardProvider } from './payment-provider.ts';
import { publishPaymentEvent, readPayment, updatePayment, type PaymentRow } from './payment-rows.ts';
import { attemptProviderCall, attemptsText, PROVIDER_ATTEMPTS, retryFields, waitUntilDue, type RetriedCall } from './provider-retry.ts';

/** A capture that failed this many times is reported to the merchant instead of tried again. */
export const CAPTURE_ATTEMPTS = PROVIDER_ATTEMPTS;

export interface CaptureRequested extends RetriedCall {
  readonly paymentId: string;
  readonly saleId: string;
}

export async function requestCapture(context: Pick<EventContext, 'tx'>, row: PaymentRow, attempt = 1): Promise<void> {
  await publishPaymentEvent(context.tx, 'capture_requested', row, retryFields(attempt));
}

/**
 * `sales.payment.capture_requested`: captures a completed sale's payment (once: the capture key is
 * the sale's and tender's). A failure is tried again through a new event (`provider-retry.ts`); after
 * the last attempt, or when the provider refuses, the payment gets its `capture_problem`,
 * `sales.payment.capture_failed` is published and audited, and the office shows it.
 */
export async function captureRequested(event: EventEnvelope<CaptureRequested>, context: EventContext<SalesSettings>): Promise<void> {
  const { tx, services } = context;
  const { paymentId } = event.payload;
  waitUntilDue(event.payload, `capture of ${paymentId}`);
  const row = await readPayment(tx, paymentId, true);
  // Captured already (a replay), canceled, or a problem reported: nothing more to do.
  if (!row || row.state !== 'authorized' || row.capture_problem !== null) return;
  const outcome = await attemptProviderCall(context, event.payload, 'capture', async () => {
    const provider = cardProvider(services, tx, row.provider);
    if (!provider) throw new Error(`no enabled plugin provides ${row.provider} to capture with`);
    return provider.service.capture({ paymentId, amount: Number(row.amount), idempotencyKey: paymentKey(tx, row, 'capture') });
  });
  if (outcome.ok) {
    const captured = (await updatePayment(tx, outcome.value, { captureAttempts: event.payload.attempt ?? 1, captureProblem: null })) ?? row;
    await publishPaymentEvent(tx, 'captured', captured, { captured: outcome.value.captured });
    return;
  }
  const { attempt } = outcome;
  if (!outcome.final) {
    await tx.query('update sales.payments set capture_attempts = $2, updated_at = now() where payment_id = $1', [paymentId, attempt]);
    await requestCapture(context, row, attempt + 1);
    return;
  }
  const described = `The card payment of ${Number(row.amount)} (minor units) could not be captured ${attemptsText(attempt)}: ${outcome.problem}. The customer's card still holds the money until the authorization expires; take the payment again or contact the payment provider.`;
  await tx.query('update sales.payments set capture_attempts = $2, capture_problem = $3, updated_at = now() where payment_id = $1', [
    paymentId,
    attempt,
    described,
  ]);
  await publishPaymentEvent(tx, 'capture_failed', row, { problem: described, attempts: attempt });
  await tx.audit('sales.payment.capture_failed', { paymentId, saleId: row.sale_id, attempts: attempt, problem: described });
}
