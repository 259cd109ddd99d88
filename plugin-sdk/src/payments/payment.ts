/**
 * payments@2 — a payment is a state machine the sale drives (the diagram: README "payments@2";
 * the table: `PAYMENT_TRANSITIONS`):
 *   authorize ─▶ (pending ─▶) authorized ─▶ captured ─▶ (partially_refunded ─▶) refunded
 * with `pending`/`authorized` ─▶ `canceled` and `pending` ─▶ `declined`. `authorize` answers a
 * payment already `authorized` or `declined` when the provider knows at once (a card token), or
 * `pending` with an `action` the till shows while a reader waits for the card.
 */
export type PaymentState = 'pending' | 'authorized' | 'captured' | 'partially_refunded' | 'refunded' | 'canceled' | 'declined';

/**
 * Why a payment was not taken — a closed set, so the till words each one for the cashier the same
 * way whichever provider answered. A provider maps its own errors onto these.
 */
export const DECLINE_REASONS = [
  'declined',
  'insufficient_funds',
  'expired_card',
  'reader_offline',
  'reader_busy',
  'canceled',
  'processing_error',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export function isDeclineReason(value: unknown): value is DeclineReason {
  return typeof value === 'string' && (DECLINE_REASONS as readonly string[]).includes(value);
}

export interface PaymentDecline {
  readonly reason: DeclineReason;
  /** What the cashier can do, in a sentence: "Insufficient funds — ask for another card." */
  readonly message: string;
}

/**
 * What the till shows while a payment is `pending`: the customer's part on a reader
 * (`present_card` on reader `Front-1`), a PIN, a signature, or simply waiting for the provider.
 */
export interface PaymentAction {
  readonly kind: 'present_card' | 'enter_pin' | 'sign' | 'wait';
  /** The reader's name as the merchant registered it (`Front-1`), when a reader is involved. */
  readonly reader?: string;
  /**
   * The reader as the provider knows it — its id, model and the software it reports — when the
   * provider says: the till passes it on in its heartbeat, so the devices service lists the reader
   * with its version.
   */
  readonly readerDevice?: PaymentReaderDevice;
  /** A line the till shows as it is: "Present card on reader Front-1". */
  readonly message: string;
}

/** A card reader as its provider describes it (`PaymentAction.readerDevice`). */
export interface PaymentReaderDevice {
  /** The provider's id for the reader (Stripe's `tmr_…`). */
  readonly id: string;
  /** Its model as the provider names it (`bbpos_wisepos_e`, `stripe_s700`). */
  readonly model?: string;
  /** The software version it runs, as it last reported to the provider (`2.30.0.0`). */
  readonly version?: string;
}

/** Card details a receipt prints, when the provider has them. */
export interface PaymentCard {
  readonly brand: string;
  readonly last4: string;
  readonly authorizationCode?: string;
}

export interface PaymentRefund {
  /** The caller's refund id (a sale refund's id), unique within the payment. */
  readonly refundId: string;
  readonly amount: number;
  readonly reason?: string;
}

/** A payment as the provider answers it; every amount is in minor units of `currency`. */
export interface Payment {
  /** The provider's id for the payment: stable across retries of the same authorize key. */
  readonly id: string;
  readonly state: PaymentState;
  readonly method: string;
  readonly saleId: string;
  readonly tenderId: string;
  /** What was authorized (or asked for, while pending or when declined). */
  readonly amount: number;
  readonly currency: string;
  /** What was captured: 0 until `captured`; may be less than `amount` (a partial capture). */
  readonly captured: number;
  /** The sum of `refunds`. */
  readonly refunded: number;
  readonly refunds: readonly PaymentRefund[];
  /** Present while `pending`: what the till shows. */
  readonly action?: PaymentAction;
  /** Present when `declined`. */
  readonly decline?: PaymentDecline;
  readonly card?: PaymentCard;
}

/**
 * Every call that changes a payment carries an idempotency key (derive it with
 * `paymentIdempotencyKey`): the same key again answers what the first call did and moves no money,
 * however many times a retry or a restarted kernel sends it. The same key with different
 * arguments is refused (`payments.idempotency_key_reused`). `status` and `methods` only read.
 */
export interface AuthorizePaymentRequest {
  /** The tender method the till offered (`card`, …), one of `methods()`. */
  readonly method: string;
  readonly amount: number;
  readonly currency: string;
  readonly saleId: string;
  /** The tender of the sale this pays (its id, or its index as a string). */
  readonly tenderId: string;
  /** What the till captured for the provider (a payment method id), for card-not-present and tokens. */
  readonly token?: string;
  /** The reader to take the card on (`Front-1` or the provider's reader id), for card-present. */
  readonly reader?: string;
  /**
   * The till taking the payment and its location: a card-present provider without `reader` picks
   * the reader the merchant paired with this till, else the location's only one.
   */
  readonly deviceId?: string;
  readonly locationId?: string;
  readonly idempotencyKey: string;
}

export interface CapturePaymentRequest {
  readonly paymentId: string;
  /** Less than authorized captures part and releases the rest; omitted captures all of it. */
  readonly amount?: number;
  readonly idempotencyKey: string;
}

export interface CancelPaymentRequest {
  readonly paymentId: string;
  readonly idempotencyKey: string;
}

export interface RefundPaymentRequest {
  readonly paymentId: string;
  /** A part or the rest of what was captured; never more (`payments.refund_exceeds_capture`). */
  readonly amount: number;
  /** The caller's id of this refund; several refunds of one payment each have their own. */
  readonly refundId: string;
  readonly reason?: string;
  readonly idempotencyKey: string;
}

/**
 * `payments@2`: what a payment plugin provides and core-sales calls for every tender that is not
 * cash. Authorize before the sale commits, capture after; cancel an authorization a sale will not
 * use (stock refused it), refund what was captured. Refusals are `DomainError`s with stable codes:
 * `payments.not_found` (404), `payments.illegal_transition`, `payments.refund_exceeds_capture`,
 * `payments.capture_exceeds_authorization`, `payments.idempotency_key_reused` (409),
 * `payments.invalid_amount`, `payments.unknown_method` (400). A declined card is not an error: it
 * is a payment in the `declined` state with a reason and a message.
 */
export interface PaymentsServiceV2 {
  /** The tender methods this provider takes (`card`, …). */
  methods(): readonly string[];
  authorize(request: AuthorizePaymentRequest): Promise<Payment>;
  /** The payment as it is now (a pending one may have been approved or declined on the reader). */
  status(paymentId: string): Promise<Payment>;
  /** Releases a `pending` or `authorized` payment: nothing is charged. */
  cancel(request: CancelPaymentRequest): Promise<Payment>;
  capture(request: CapturePaymentRequest): Promise<Payment>;
  refund(request: RefundPaymentRequest): Promise<Payment>;
}
