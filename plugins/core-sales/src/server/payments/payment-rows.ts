import type { Payment, TenantTransaction } from '@kits/plugin-sdk';
import type { PaymentView, PaymentViewState } from '../../shared/payment-view.ts';
import type { PaymentCapability } from './payment-provider.ts';

/** Why an authorization was given up: the sale was refused for stock, never completed, or the cashier canceled it. */
export type CancelReason = 'stock' | 'abandoned' | 'cashier';

export interface PaymentRow {
  readonly payment_id: string;
  readonly sale_id: string;
  readonly tender_id: string;
  readonly provider: PaymentCapability;
  readonly method: string;
  readonly amount: number;
  readonly currency: string;
  readonly state: PaymentViewState;
  readonly captured: number;
  readonly refunded: number;
  readonly action: PaymentView['action'];
  readonly decline: PaymentView['decline'];
  readonly card: PaymentView['card'];
  readonly capture_attempts: number;
  readonly capture_problem: string | null;
  readonly created_at: Date;
}

const COLUMNS = `payment_id, sale_id, tender_id, provider, method, amount::int as amount, currency, state, captured::int as captured,
  refunded::int as refunded, action, decline, card, capture_attempts, capture_problem, created_at`;

export const paymentView = (row: PaymentRow): PaymentView => ({
  id: row.payment_id,
  state: row.state,
  method: row.method,
  saleId: row.sale_id,
  tenderId: row.tender_id,
  amount: Number(row.amount),
  currency: row.currency.trim(),
  captured: Number(row.captured),
  refunded: Number(row.refunded),
  action: row.state === 'pending' ? row.action : null,
  decline: row.decline,
  card: row.card,
  captureProblem: row.capture_problem,
});

/** The row as the provider answers the payment now (for a read that cannot write: a GET). */
export const withProviderState = (row: PaymentRow, payment: Payment): PaymentRow => ({
  ...row,
  state: payment.state,
  captured: payment.captured,
  refunded: payment.refunded,
  action: payment.action ?? null,
  decline: payment.decline ?? null,
  card: payment.card ?? row.card,
});

export async function readPayment(tx: TenantTransaction, paymentId: string, lock = false): Promise<PaymentRow | undefined> {
  const [row] = await tx.query<PaymentRow>(`select ${COLUMNS} from sales.payments where payment_id = $1${lock ? ' for update' : ''}`, [
    paymentId,
  ]);
  return row;
}

/** Records a payment the provider answered; the same payment again (a replayed authorize) changes nothing. */
export async function recordNewPayment(
  tx: TenantTransaction,
  payment: Payment,
  place: { provider: PaymentCapability; deviceId?: string | undefined; locationId?: string | undefined },
): Promise<{ row: PaymentRow; created: boolean }> {
  const [created] = await tx.query<PaymentRow>(
    `insert into sales.payments (tenant_id, payment_id, sale_id, tender_id, provider, method, amount, currency, state, captured, refunded,
                                 action, decline, card, device_id, location_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     on conflict (tenant_id, payment_id) do nothing returning ${COLUMNS}`,
    [
      tx.tenantId,
      payment.id,
      payment.saleId,
      payment.tenderId,
      place.provider,
      payment.method,
      payment.amount,
      payment.currency,
      payment.state,
      payment.captured,
      payment.refunded,
      payment.action ? JSON.stringify(payment.action) : null,
      payment.decline ? JSON.stringify(payment.decline) : null,
      payment.card ? JSON.stringify(payment.card) : null,
      place.deviceId ?? null,
      place.locationId ?? null,
    ],
  );
  if (created) return { row: created, created: true };
  return { row: (await updatePayment(tx, payment))!, created: false };
}

/** Brings the row up to what the provider answered; `extra` records a cancel's reason or a capture's attempts and problem. */
export async function updatePayment(
  tx: TenantTransaction,
  payment: Payment,
  extra: { canceledWhy?: CancelReason; captureAttempts?: number; captureProblem?: string | null } = {},
): Promise<PaymentRow | undefined> {
  const [row] = await tx.query<PaymentRow>(
    `update sales.payments set state = $2, captured = $3, refunded = $4, action = $5, decline = $6, card = coalesce($7, card),
            canceled_why = coalesce($8, canceled_why), capture_attempts = coalesce($9, capture_attempts),
            capture_problem = case when $10::boolean then $11 else capture_problem end, updated_at = now()
      where payment_id = $1 returning ${COLUMNS}`,
    [
      payment.id,
      payment.state,
      payment.captured,
      payment.refunded,
      payment.state === 'pending' && payment.action ? JSON.stringify(payment.action) : null,
      payment.decline ? JSON.stringify(payment.decline) : null,
      payment.card ? JSON.stringify(payment.card) : null,
      extra.canceledWhy ?? null,
      extra.captureAttempts ?? null,
      extra.captureProblem !== undefined,
      extra.captureProblem ?? null,
    ],
  );
  return row;
}

/** Publishes `sales.payment.<what>` with what every payment event carries. */
export async function publishPaymentEvent(
  tx: TenantTransaction,
  what: 'authorized' | 'capture_requested' | 'captured' | 'capture_failed' | 'canceled' | 'refunded' | 'refund_requested' | 'refund_failed',
  row: Pick<PaymentRow, 'payment_id' | 'sale_id' | 'method' | 'amount' | 'currency'>,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await tx.publish({
    type: `sales.payment.${what}`,
    payload: {
      paymentId: row.payment_id,
      saleId: row.sale_id,
      method: row.method,
      amount: Number(row.amount),
      currency: row.currency.trim(),
      ...extra,
    },
  });
}
