import { conflict, refundable } from '@kits/plugin-sdk';
import { paymentKey, type PaymentScope } from './payment-calls.ts';
import { requireCardProvider } from './payment-provider.ts';
import { publishPaymentEvent, readPayment, updatePayment, type PaymentRow } from './payment-rows.ts';

/** One part of a sale refund that goes back to a card payment. */
export interface CardRefund {
  readonly row: PaymentRow;
  readonly amount: number;
}

/**
 * The payments of these tender references, locked, each checked to take back `amount`: more than is
 * left of what was (or, authorized, will be) captured is 409 `payments.refund_exceeds_capture`,
 * before any provider is asked — so a refusal changes nothing anywhere. Undefined for a reference
 * that is no payment (a payments@1 charge from before payments@2).
 */
export async function planCardRefund(scope: PaymentScope, reference: string, amount: number): Promise<CardRefund | undefined> {
  const row = await readPayment(scope.tx, reference, true);
  if (!row) return undefined;
  // Refunds a till recorded whose money the provider has not given back yet are spoken for.
  const [promised] = await scope.tx.query<{ amount: string }>(
    "select coalesce(sum(amount), 0) as amount from sales.payment_refunds where payment_id = $1 and state <> 'refunded'",
    [reference],
  );
  const left =
    (row.state === 'authorized' ? Number(row.amount) : refundable({ ...row, amount: Number(row.amount) })) - Number(promised?.amount ?? 0);
  if (amount > left)
    throw conflict(
      'payments.refund_exceeds_capture',
      `Only ${left} of the card payment ${row.payment_id} is left to refund (minor units); refund ${left} or less to the card, the rest to another tender.`,
      { paymentId: row.payment_id, refundable: left, requested: amount },
    );
  return { row, amount };
}

/**
 * Gives `amount` back to the card with the provider (key: sale, tender and this refund), records it
 * and publishes `sales.payment.refunded`. A payment not captured yet (its capture is on its way) is
 * captured first, with the capture's own key, so it is captured once whoever gets there first.
 */
export async function refundToCard(scope: PaymentScope, refund: CardRefund, refundId: string): Promise<string> {
  const provider = requireCardProvider(scope.services, scope.tx, refund.row.provider);
  let row = refund.row;
  if (row.state === 'authorized') {
    const captured = await provider.service.capture({
      paymentId: row.payment_id,
      amount: Number(row.amount),
      idempotencyKey: paymentKey(scope.tx, row, 'capture'),
    });
    row = (await updatePayment(scope.tx, captured)) ?? row;
    await publishPaymentEvent(scope.tx, 'captured', row, { captured: captured.captured });
  }
  const payment = await provider.service.refund({
    paymentId: row.payment_id,
    amount: refund.amount,
    refundId,
    idempotencyKey: paymentKey(scope.tx, row, 'refund', refundId),
  });
  const updated = (await updatePayment(scope.tx, payment)) ?? row;
  await publishPaymentEvent(scope.tx, 'refunded', updated, { refundId, refunded: refund.amount });
  return row.payment_id;
}
