import type { PaymentAction, PaymentCard, PaymentDecline, PaymentState } from '@kits/plugin-sdk';

/** The SDK's payments@2 states, as the till and the office read them. */
export type PaymentViewState = PaymentState;

/**
 * A card (or other provider) payment of a sale as core-sales answers it to the till and the office:
 * the payments@2 state the sale drives, what the till shows while it waits, and what a receipt prints.
 * Routes: POST /api/v1/core-sales/payments, GET …/payments/:paymentId, POST …/payments/:paymentId/cancel.
 */
export interface PaymentView {
  /** The provider's payment id: the tender's `token` when the sale completes. */
  readonly id: string;
  readonly state: PaymentViewState;
  readonly method: string;
  readonly saleId: string;
  /** The till's id of this attempt (a new one per try: a declined card tried again is a new tender). */
  readonly tenderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly captured: number;
  readonly refunded: number;
  /** While `pending`: what the till shows ("Present card on reader Front-1"). */
  readonly action: PaymentAction | null;
  /** When `declined`: why, in words a cashier can act on. */
  readonly decline: PaymentDecline | null;
  /** What the receipt prints, once the provider knows it. */
  readonly card: PaymentCard | null;
  /** Set when capturing after the sale failed for good: what the merchant reads and does. */
  readonly captureProblem: string | null;
}

/** What a till asks before it offers card: the methods the enabled payment plugin takes (none: no card button). */
export interface PaymentMethodsView {
  readonly methods: readonly string[];
}
