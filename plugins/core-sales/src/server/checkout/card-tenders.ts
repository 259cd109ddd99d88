import { badRequest, conflict, DomainError, isDomainError } from '@kits/plugin-sdk';
import { EXCHANGE_TENDER } from '../refunds/refund-input.ts';
import { requestCapture } from '../payments/capture.ts';
import { cancelPayment, paymentKey, refreshPayment } from '../payments/payment-calls.ts';
import { requireCardProvider } from '../payments/payment-provider.ts';
import { publishPaymentEvent, readPayment, recordNewPayment, type CancelReason, type PaymentRow } from '../payments/payment-rows.ts';
import type { SaleContext } from './sale-context.ts';
import type { SaleInput } from './sale-input.ts';

/** A non-cash tender of a sale and the payment that pays it. */
export interface TenderPayment {
  readonly index: number;
  readonly row: PaymentRow;
  /** Authorized here, from an API client's provider token (not a payment the till took before). */
  readonly inline: boolean;
}

/**
 * A sale refused after its card payments were authorized: they were canceled with the provider and
 * their rows say so. Online, the checkout answers this problem and commits (the cancellations stay
 * recorded); a till's sync event is denied with it.
 */
export class SaleRefusedPaymentsReleased extends DomainError {
  constructor(cause: DomainError) {
    super(cause.code, cause.status, cause.message, { ...cause.extensions });
  }
}

const isNonCash = (method: string) => method !== 'cash' && method !== EXCHANGE_TENDER;

/**
 * Step 6 of the card contract, before stock and the sale are committed: every non-cash tender's
 * `token` is a payment of this sale, authorized, of the same method and of the tender's applied
 * amount (else 409 `sales.payment_not_authorized`). Online, a token that is no payment is a
 * provider token (an API client's): it is authorized here and must be approved at once.
 * Offline sales from before payments@2 carry the reference the till recorded; they are kept as they are.
 */
export async function verifyTenderPayments(
  context: SaleContext,
  saleId: string,
  tenders: SaleInput['tenders'],
  applied: readonly number[],
  online: boolean,
): Promise<TenderPayment[]> {
  const nonCash = tenders.map((tender, index) => ({ tender, index })).filter(({ tender }) => isNonCash(tender.method));
  if (nonCash.length === 0) return [];
  const scope = { tx: context.tx, services: context.services };
  const provider = online ? requireCardProvider(context.services, context.tx) : undefined;
  const verified: TenderPayment[] = [];
  try {
    for (const { tender, index } of nonCash) {
      const amount = applied[index]!;
      if (provider && !provider.service.methods().includes(tender.method))
        throw badRequest('sales.unknown_tender', `The payment plugin does not take "${tender.method}".`, { method: tender.method });
      if (!tender.token)
        throw badRequest(
          'sales.tender_token_required',
          `A ${tender.method} tender needs the payment id (or provider token) the till was given.`,
        );
      const found = await readPayment(context.tx, tender.token, true);
      if (!found) {
        if (!provider) continue; // an offline sale's recorded reference, from before payments@2
        verified.push({ index, row: await authorizeInline(context, saleId, index, tender, amount), inline: true });
        continue;
      }
      const row = await refreshPayment(scope, found);
      const wrong =
        row.sale_id !== saleId
          ? 'it pays another sale'
          : row.method !== tender.method
            ? `it is a ${row.method} payment, not ${tender.method}`
            : Number(row.amount) !== amount
              ? `it is for ${Number(row.amount)}, not the tender's ${amount} (minor units)`
              : verified.some((v) => v.row.payment_id === row.payment_id)
                ? 'it pays another tender of this sale already'
                : row.state !== 'authorized'
                  ? `it is ${row.state}`
                  : null;
      if (wrong)
        throw conflict(
          'sales.payment_not_authorized',
          `Tender ${index + 1} cannot be paid with payment ${row.payment_id}: ${wrong}. Take the card payment again, or another tender.`,
          { tender: index, paymentId: row.payment_id, state: row.state },
        );
      verified.push({ index, row, inline: false });
    }
  } catch (error) {
    // What this request authorized itself is released before the refusal (the till's own payments stay for another try).
    const inline = verified.filter((v) => v.inline);
    if (inline.length === 0 || !isDomainError(error)) throw error;
    await releaseTenderPayments(context, inline, 'abandoned');
    throw new SaleRefusedPaymentsReleased(error);
  }
  return verified;
}

async function authorizeInline(
  context: SaleContext,
  saleId: string,
  index: number,
  tender: SaleInput['tenders'][number],
  amount: number,
): Promise<PaymentRow> {
  const { tx, actor } = context;
  const provider = requireCardProvider(context.services, tx);
  const tenderId = `#${index}`;
  const payment = await provider.service.authorize({
    method: tender.method,
    amount,
    currency: context.settings.currency,
    saleId,
    tenderId,
    token: tender.token!,
    ...(actor.deviceId ? { deviceId: actor.deviceId } : {}),
    ...(actor.locationId ? { locationId: actor.locationId } : {}),
    idempotencyKey: paymentKey(tx, { sale_id: saleId, tender_id: tenderId }, 'authorize'),
  });
  const { row } = await recordNewPayment(tx, payment, {
    provider: provider.capability,
    deviceId: actor.deviceId,
    locationId: actor.locationId,
  });
  if (row.state === 'authorized') {
    await publishPaymentEvent(tx, 'authorized', row);
    return row;
  }
  if (row.state === 'pending') await cancelPayment({ tx, services: context.services }, row, 'abandoned');
  const reason = row.decline?.message ?? `the provider answered ${row.state} instead of approving at once`;
  throw conflict(
    'sales.payment_declined',
    `The ${tender.method} payment was declined: ${reason} Nothing was charged; try another tender.`,
    {
      tender: index,
      ...(row.decline ? { decline: row.decline } : {}),
    },
  );
}

/** Cancels the sale's card payments with the provider: the sale will not be made (nothing is charged). */
export async function releaseTenderPayments(context: SaleContext, payments: readonly TenderPayment[], why: CancelReason): Promise<void> {
  for (const { row } of payments) {
    const current = (await readPayment(context.tx, row.payment_id, true)) ?? row;
    await cancelPayment({ tx: context.tx, services: context.services }, current, why);
  }
}

/** After the sale is committed (same transaction): each payment's capture is requested through the outbox. */
export async function requestTenderCaptures(context: SaleContext, payments: readonly TenderPayment[]): Promise<void> {
  for (const { row } of payments) await requestCapture(context, row);
}

/** The RFC 9457 problem of a refusal a route answers instead of throwing (so its transaction commits). */
export function refusalProblem(error: DomainError, instance: string): Record<string, unknown> {
  return {
    ...error.extensions,
    type: `https://kits-pos.dev/problems/${error.code}`,
    title: error.status === 409 ? 'Conflict' : error.status === 404 ? 'Not Found' : 'Bad Request',
    status: error.status,
    code: error.code,
    detail: error.message,
    instance,
  };
}
