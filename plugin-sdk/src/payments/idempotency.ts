/** What a payment call does; each has its own key so that a capture is never mistaken for the authorize before it. */
export type PaymentOperation = 'authorize' | 'capture' | 'cancel' | 'refund';

export interface PaymentKeyParts {
  readonly tenantId: string;
  readonly saleId: string;
  /** The tender of the sale: its id, or its position in the sale's tenders (0, 1, …). */
  readonly tender: string | number;
  readonly operation: PaymentOperation;
  /** Refunds only: the sale refund's id, so two refunds of one tender are two refunds and a retry of one is not. */
  readonly refundId?: string;
}

/** Providers' ceiling on a key's length (Stripe's is 255). */
export const PAYMENT_KEY_MAX_LENGTH = 255;

/**
 * The idempotency key of one payment call, derived only from what the sale already knows, so a
 * retry, a second click or a kernel restarted mid-payment sends the same key and the provider
 * answers the first call instead of charging again. The tenant is part of it because one provider
 * account may serve many tenants. Each part is percent-encoded, so no two different sets of parts
 * give the same key (`a:b` + `c` is not `a` + `b:c`), and a tender index (`#0`) never reads as a
 * tender id (`0`).
 */
export function paymentIdempotencyKey(parts: PaymentKeyParts): string {
  const { tenantId, saleId, tender, operation, refundId } = parts;
  if (operation === 'refund' && (refundId === undefined || refundId === ''))
    throw new TypeError('A refund key needs the refund id: each refund of a tender is its own call');
  if (operation !== 'refund' && refundId !== undefined) throw new TypeError(`A ${operation} key takes no refund id; only refunds have one`);
  const tenderPart = typeof tender === 'number' ? `#${tenderIndex(tender)}` : part(tender, 'tender');
  const key = [
    'kits-pay',
    part(tenantId, 'tenantId'),
    part(saleId, 'saleId'),
    tenderPart,
    operation,
    ...(refundId === undefined ? [] : [part(refundId, 'refundId')]),
  ].join(':');
  if (key.length > PAYMENT_KEY_MAX_LENGTH)
    throw new RangeError(`The payment key is ${key.length} characters; providers take ${PAYMENT_KEY_MAX_LENGTH} at most — use shorter ids`);
  return key;
}

function part(value: string, name: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`A payment key needs a non-empty ${name}`);
  return encodeURIComponent(value);
}

function tenderIndex(index: number): number {
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError(`A tender index is a whole number from 0, not ${String(index)}`);
  return index;
}
