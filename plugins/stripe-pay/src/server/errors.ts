import { badRequest, conflict, declineOf, DomainError, notFound, type DeclineReason, type PaymentDecline } from '@kits/plugin-sdk';
import Stripe from 'stripe';

/** Stripe's error codes (docs.stripe.com/error-codes, /declines/codes) that say why a card was not taken. */
export function declineReasonOf(code: string | null | undefined, declineCode?: string | null): DeclineReason {
  const codes = [declineCode, code].filter((c): c is string => typeof c === 'string');
  if (codes.includes('insufficient_funds')) return 'insufficient_funds';
  if (codes.includes('expired_card')) return 'expired_card';
  if (codes.includes('terminal_reader_offline')) return 'reader_offline';
  if (codes.includes('terminal_reader_busy')) return 'reader_busy';
  if (codes.some((c) => c === 'customer_canceled' || c === 'canceled')) return 'canceled';
  if (codes.some((c) => c === 'processing_error' || c === 'terminal_reader_timeout' || c === 'terminal_reader_hardware_fault'))
    return 'processing_error';
  return 'declined';
}

export function declineOfStripe(code: string | null | undefined, declineCode?: string | null): PaymentDecline {
  return declineOf(declineReasonOf(code, declineCode));
}

/** The reader answered that it cannot take the payment now (offline, busy): a decline the cashier acts on. */
export function readerRefusal(error: unknown): PaymentDecline | undefined {
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    (error.code === 'terminal_reader_offline' || error.code === 'terminal_reader_busy')
  )
    return declineOfStripe(error.code);
  return undefined;
}

/**
 * Stripe's refusal as a problem the caller can act on. Configuration errors (a rejected key, a key
 * that may not act for the connected account, Stripe unreachable at apiBase) are 502/503 problems
 * naming the setting to fix — never a cashier's "declined".
 */
export function stripeProblem(error: unknown, context: { paymentId?: string } = {}): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const stripeSays = {
    stripeType: error.type,
    ...(error.code ? { stripeCode: error.code } : {}),
    ...(error.requestId ? { stripeRequestId: error.requestId } : {}),
  };
  if (error instanceof Stripe.errors.StripeAuthenticationError)
    return new DomainError(
      'stripe-pay.api_key_rejected',
      503,
      'Stripe refused the API key: put a valid Stripe secret key (sk_live_… or sk_test_…) in the apiKey setting of stripe-pay.',
      { setting: 'apiKey', ...stripeSays },
    );
  if (error instanceof Stripe.errors.StripePermissionError)
    return new DomainError(
      'stripe-pay.account_not_permitted',
      503,
      'The Stripe key may not act for this account: check the stripeAccount setting of stripe-pay (a connected account acct_… of the key’s platform) and the key’s permissions.',
      { setting: 'stripeAccount', ...stripeSays },
    );
  if (error instanceof Stripe.errors.StripeConnectionError)
    return new DomainError(
      'stripe-pay.unreachable',
      502,
      'Stripe could not be reached: check the shop’s internet connection, and the apiBase setting of stripe-pay if it is set. Try again, or take another tender.',
      { setting: 'apiBase', ...stripeSays },
    );
  if (error instanceof Stripe.errors.StripeIdempotencyError)
    return conflict(
      'payments.idempotency_key_reused',
      'This idempotency key was used for another call to Stripe; the same key takes the same request only.',
      stripeSays,
    );
  if (error instanceof Stripe.errors.StripeRateLimitError || error instanceof Stripe.errors.StripeAPIError)
    return new DomainError(
      'stripe-pay.unavailable',
      503,
      'Stripe is not answering normally just now: try again in a moment, or take another tender.',
      stripeSays,
    );
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    if (error.code === 'resource_missing' && context.paymentId !== undefined)
      return notFound('payments.not_found', `No payment ${context.paymentId} at Stripe for this account.`, {
        paymentId: context.paymentId,
        ...stripeSays,
      });
    if (error.code === 'payment_intent_unexpected_state')
      return conflict('payments.illegal_transition', `Stripe refused: ${error.message}`, { paymentId: context.paymentId, ...stripeSays });
    if (error.code === 'amount_too_small' || error.code === 'amount_too_large')
      return badRequest('payments.invalid_amount', `Stripe refused the amount: ${error.message}`, stripeSays);
    if (error.code === 'parameter_invalid_string' && error.param === 'currency')
      return badRequest('payments.invalid_amount', `Stripe does not take this currency: ${error.message}`, stripeSays);
  }
  // Anything else is a request stripe-pay should not have made: a bad gateway, with Stripe's words.
  return new DomainError('stripe-pay.stripe_refused', 502, `Stripe refused the request: ${error.message}`, stripeSays);
}

/** Runs a Stripe call, turning its errors into problems (see stripeProblem). */
export async function callStripe<T>(call: () => Promise<T>, context: { paymentId?: string } = {}): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw stripeProblem(error, context);
  }
}
