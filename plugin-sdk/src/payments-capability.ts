import type { PaymentsServiceV2 } from './payments/index.ts';

/**
 * payments@1 — what a payment plugin (stripe-pay, a terminal integration) provides, and what the
 * sales plugin calls for every tender that is not cash. Amounts are integer minor units.
 */
export interface PaymentRequest {
  /** The tender method the till offered (`card`, `wallet`, …), as the provider's slot named it. */
  readonly method: string;
  readonly amount: number;
  readonly currency: string;
  /** What the till or terminal captured for the provider (a payment method id, a terminal reference). */
  readonly token: string;
  /** The same key on a retry must not charge twice. */
  readonly idempotencyKey: string;
  readonly saleId: string;
}

export type PaymentResult =
  { readonly status: 'approved'; readonly reference: string } | { readonly status: 'declined'; readonly reason: string };

export interface PaymentRefundRequest {
  readonly reference: string;
  readonly amount: number;
  readonly currency: string;
  readonly idempotencyKey: string;
}

export interface PaymentsService {
  /** The tender methods this provider takes (`card`, …). */
  methods(): readonly string[];
  charge(request: PaymentRequest): Promise<PaymentResult>;
  refund(request: PaymentRefundRequest): Promise<PaymentResult>;
}

declare module './capabilities.ts' {
  interface CapabilityMap {
    'payments@1': PaymentsService;
    /** Authorize, capture, cancel, refund: a payment as a state machine (src/payments/, README "payments@2"). */
    'payments@2': PaymentsServiceV2;
  }
}

// payments@2 lives in ./payments/: its types, state machine, key derivation and the payments@1 adapter.
export * from './payments/index.ts';
