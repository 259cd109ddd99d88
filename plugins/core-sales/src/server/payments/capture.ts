import { isDomainError, type EventEnvelope, type EventContext } from '@kits/plugin-sdk';
import type { SalesSettings } from '../settings.ts';
import { paymentKey } from './payment-calls.ts';
import { cardProvider } from './payment-provider.ts';
import { publishPaymentEvent, readPayment, updatePayment, type PaymentRow } from './payment-rows.ts';

/** A capture that failed this many times is reported to the merchant instead of tried again. */
export const CAPTURE_ATTEMPTS = 5;

export interface CaptureRequested {
  readonly paymentId: string;
  readonly saleId: string;
  /** 1 for the first try; each retry is a new event, so the attempts are counted even as the provider fails. */
  readonly attempt?: number;
  /** A retry waits until then (the bus delivers it again with its own backoff meanwhile). */
  readonly notBefore?: string;
}

/** The wait before retry `attempt` (2 → 250 ms, 3 → 500 ms, … doubling). */
const retryDelayMs = (attempt: number) => 250 * 2 ** (attempt - 2);

export async function requestCapture(context: Pick<EventContext, 'tx'>, row: PaymentRow, attempt = 1): Promise<void> {
  await publishPaymentEvent(context.tx, 'capture_requested', row, {
    attempt,
    ...(attempt > 1 ? { notBefore: new Date(Date.now() + retryDelayMs(attempt)).toISOString() } : {}),
  });
}

/**
 * `sales.payment.capture_requested`: captures a completed sale's payment (once: the capture key is
 * the sale's and tender's). A failure is tried again through a new event; after CAPTURE_ATTEMPTS, or
 * when the provider refuses (a 4xx that will not change), the payment gets its `capture_problem`,
 * `sales.payment.capture_failed` is published and audited, and the office shows it.
 */
export async function captureRequested(event: EventEnvelope<CaptureRequested>, context: EventContext<SalesSettings>): Promise<void> {
  const { tx, services } = context;
  const { paymentId, attempt = 1, notBefore } = event.payload;
  if (notBefore && Date.now() < Date.parse(notBefore)) throw new Error(`capture of ${paymentId} is due at ${notBefore}; not yet`);
  const row = await readPayment(tx, paymentId, true);
  // Captured already (a replay), canceled, or a problem reported: nothing more to do.
  if (!row || row.state !== 'authorized' || row.capture_problem !== null) return;
  let problem: string;
  let final: boolean;
  try {
    const provider = cardProvider(services, tx, row.provider);
    if (!provider) throw new Error(`no enabled plugin provides ${row.provider} to capture with`);
    const payment = await provider.service.capture({
      paymentId,
      amount: Number(row.amount),
      idempotencyKey: paymentKey(tx, row, 'capture'),
    });
    const captured = (await updatePayment(tx, payment, { captureAttempts: attempt, captureProblem: null })) ?? row;
    await publishPaymentEvent(tx, 'captured', captured, { captured: payment.captured });
    return;
  } catch (error) {
    final = (isDomainError(error) && error.status < 500) || attempt >= CAPTURE_ATTEMPTS;
    problem = isDomainError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    context.log.warn({ err: error, paymentId, attempt }, final ? 'card capture failed for good' : 'card capture failed; will retry');
  }
  if (!final) {
    await tx.query('update sales.payments set capture_attempts = $2, updated_at = now() where payment_id = $1', [paymentId, attempt]);
    await requestCapture(context, row, attempt + 1);
    return;
  }
  const described = `The card payment of ${Number(row.amount)} (minor units) could not be captured after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${problem}. The customer's card still holds the money until the authorization expires; take the payment again or contact the payment provider.`;
  await tx.query('update sales.payments set capture_attempts = $2, capture_problem = $3, updated_at = now() where payment_id = $1', [
    paymentId,
    attempt,
    described,
  ]);
  await publishPaymentEvent(tx, 'capture_failed', row, { problem: described, attempts: attempt });
  await tx.audit('sales.payment.capture_failed', { paymentId, saleId: row.sale_id, attempts: attempt, problem: described });
}
