import { paymentIdempotencyKey, type Payment, type PaymentOperation, type ServiceLocator, type TenantTransaction } from '@kits/plugin-sdk';
import { requireCardProvider } from './payment-provider.ts';
import { publishPaymentEvent, readPayment, updatePayment, type CancelReason, type PaymentRow } from './payment-rows.ts';

/** What a call to the provider about a payment needs. */
export interface PaymentScope {
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
}

/**
 * The key of a call about one tender's payment. A tender id as the till sent it; `#<index>` for a
 * tender an API client paid in-line with a provider token (the SDK writes a number that way).
 */
export function paymentKey(
  tx: TenantTransaction,
  row: Pick<PaymentRow, 'sale_id' | 'tender_id'>,
  operation: PaymentOperation,
  refundId?: string,
) {
  const inline = /^#(\d+)$/.exec(row.tender_id);
  return paymentIdempotencyKey({
    tenantId: tx.tenantId,
    saleId: row.sale_id,
    tender: inline ? Number(inline[1]) : row.tender_id,
    operation,
    ...(refundId ? { refundId } : {}),
  });
}

/**
 * Releases a payment the sale will not use (nothing is charged): with the provider, then the row and
 * `sales.payment.canceled`. A payment no longer pending or authorized is left as it is.
 */
export async function cancelPayment(scope: PaymentScope, row: PaymentRow, why: CancelReason): Promise<PaymentRow> {
  if (row.state !== 'pending' && row.state !== 'authorized') return row;
  const provider = requireCardProvider(scope.services, scope.tx, row.provider);
  const payment = await provider.service.cancel({ paymentId: row.payment_id, idempotencyKey: paymentKey(scope.tx, row, 'cancel') });
  const updated = (await updatePayment(scope.tx, payment, { canceledWhy: why })) ?? row;
  if (payment.state === 'canceled') await publishPaymentEvent(scope.tx, 'canceled', updated, { why });
  return updated;
}

/** The payment as the provider has it now, recorded (a pending one may have been approved or declined). */
export async function refreshPayment(scope: PaymentScope, row: PaymentRow): Promise<PaymentRow> {
  if (row.state !== 'pending') return row;
  const provider = requireCardProvider(scope.services, scope.tx, row.provider);
  const payment: Payment = await provider.service.status(row.payment_id);
  if (payment.state === row.state) return row;
  const updated = (await updatePayment(scope.tx, payment)) ?? row;
  if (payment.state === 'authorized') await publishPaymentEvent(scope.tx, 'authorized', updated);
  return updated;
}

/** Cancels every pending or authorized payment of a sale that will not complete (voided on the till). */
export async function releaseSalePayments(scope: PaymentScope, saleId: string, why: CancelReason): Promise<number> {
  const open = await scope.tx.query<{ payment_id: string }>(
    "select payment_id from sales.payments where sale_id = $1 and state in ('pending', 'authorized') order by created_at",
    [saleId],
  );
  for (const { payment_id: paymentId } of open) {
    const row = await readPayment(scope.tx, paymentId, true);
    if (row) await cancelPayment(scope, row, why);
  }
  return open.length;
}
