import { badRequest, conflict } from '../errors.ts';
import { isCurrencyCode } from '../money/currencies.ts';
import type { Payment, PaymentState } from './payment.ts';

/**
 * What can happen to a payment. `refund` takes part of what is left; `refund_rest` takes all of it
 * (`refundedState` picks which from the amounts, so callers rarely name them).
 */
export type PaymentEvent = 'approve' | 'decline' | 'cancel' | 'capture' | 'refund' | 'refund_rest';

/**
 * The whole state machine of payments@2, as data: a state and an event give the next state, and
 * any pair missing here is refused. Ends: `refunded`, `canceled`, `declined`.
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentState, Readonly<Partial<Record<PaymentEvent, PaymentState>>>>> = {
  pending: { approve: 'authorized', decline: 'declined', cancel: 'canceled' },
  authorized: { capture: 'captured', cancel: 'canceled' },
  captured: { refund: 'partially_refunded', refund_rest: 'refunded' },
  partially_refunded: { refund: 'partially_refunded', refund_rest: 'refunded' },
  refunded: {},
  canceled: {},
  declined: {},
};

const WHAT_TO_DO: Readonly<Record<PaymentState, string>> = {
  pending: 'it is waiting for the card: approve, decline or cancel it',
  authorized: 'it is authorized: capture or cancel it',
  captured: 'it is captured: refund it',
  partially_refunded: 'it is partly refunded: refund the rest',
  refunded: 'it is fully refunded: nothing more can happen to it',
  canceled: 'it was canceled: take a new payment',
  declined: 'it was declined: take a new payment with another card or tender',
};

/** The state after `event`, or a 409 `payments.illegal_transition` naming both and what is possible. */
export function nextPaymentState(state: PaymentState, event: PaymentEvent): PaymentState {
  const next = PAYMENT_TRANSITIONS[state]?.[event];
  if (next === undefined)
    throw conflict('payments.illegal_transition', `A ${state} payment cannot ${event.replace('_', ' the ')}: ${WHAT_TO_DO[state]}.`, {
      state,
      event,
    });
  return next;
}

export function canTransition(state: PaymentState, event: PaymentEvent): boolean {
  return PAYMENT_TRANSITIONS[state]?.[event] !== undefined;
}

type Amounts = Pick<Payment, 'state' | 'amount' | 'captured' | 'refunded'>;

/** What can still be refunded: captured minus refunded; 0 for a payment that was never captured. */
export function refundable(payment: Amounts): number {
  if (payment.state !== 'captured' && payment.state !== 'partially_refunded') return 0;
  return payment.captured - payment.refunded;
}

/**
 * The state and refunded total after refunding `amount`: refused when the state allows no refund
 * (`payments.illegal_transition`) or when it is more than is left (`payments.refund_exceeds_capture`).
 */
export function refundedState(payment: Amounts, amount: number): { state: PaymentState; refunded: number } {
  positiveAmount(amount, 'A refund');
  const left = refundable(payment);
  const event: PaymentEvent = amount >= left ? 'refund_rest' : 'refund';
  const state = nextPaymentState(payment.state, event);
  if (amount > left)
    throw conflict(
      'payments.refund_exceeds_capture',
      `Only ${left} of the ${payment.captured} captured is left to refund (minor units); refund ${left} or less.`,
      { refundable: left, requested: amount },
    );
  return { state, refunded: payment.refunded + amount };
}

/**
 * The state and captured amount after capturing `amount` (all that was authorized when omitted):
 * refused unless authorized, and beyond the authorization (`payments.capture_exceeds_authorization`).
 */
export function capturedState(payment: Amounts, amount?: number): { state: PaymentState; captured: number } {
  const state = nextPaymentState(payment.state, 'capture');
  const captured = amount ?? payment.amount;
  positiveAmount(captured, 'A capture');
  if (captured > payment.amount)
    throw conflict(
      'payments.capture_exceeds_authorization',
      `Only ${payment.amount} was authorized (minor units); capture ${payment.amount} or less, or take a new payment for the difference.`,
      { authorized: payment.amount, requested: captured },
    );
  return { state, captured };
}

/** A payment's amount and currency as an authorize must give them: a positive whole count of minor units of an ISO 4217 currency. */
export function checkPaymentAmount(amount: number, currency: string): void {
  if (!isCurrencyCode(currency))
    throw badRequest('payments.invalid_amount', `"${currency}" is not an ISO 4217 currency code (EUR, USD, JPY).`, { currency });
  positiveAmount(amount, 'A payment');
}

function positiveAmount(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw badRequest(
      'payments.invalid_amount',
      `${what} must be a positive whole number of minor units (1999 for 19.99), not ${String(amount)}.`,
      { amount },
    );
}
