import type {
  Payment,
  PaymentAction,
  PaymentCard,
  PaymentDecline,
  PaymentReaderDevice,
  PaymentState,
  TenantTransaction,
} from '@kits/plugin-sdk';

/** What stripe-pay keeps of a PaymentIntent: the sale it pays, and the state as last heard (API answer or webhook). */
export interface PaymentRow {
  readonly payment_id: string;
  readonly method: string;
  readonly sale_id: string;
  readonly tender_id: string;
  readonly amount: string | number;
  readonly currency: string;
  readonly state: PaymentState;
  readonly captured: string | number;
  readonly reader_id: string | null;
  readonly reader_label: string | null;
  readonly card_brand: string | null;
  readonly card_last4: string | null;
  readonly authorization_code: string | null;
  readonly decline_reason: string | null;
  readonly decline_message: string | null;
  readonly capture_key: string | null;
}

interface RefundRow {
  readonly refund_id: string;
  readonly amount: string | number;
  readonly reason: string | null;
  readonly status: string;
}

/** The payment a PaymentIntent is for, from stripe-pay's own call or the intent's metadata. */
export interface PaymentBase {
  readonly paymentId: string;
  readonly method: string;
  readonly saleId: string;
  readonly tenderId: string;
  readonly amount: number;
  readonly currency: string;
}

/** What one API answer or webhook says about a payment. */
export interface Observation {
  /** Only the states Stripe itself reports; refunds are counted from stripe_pay.refunds. */
  readonly state: 'pending' | 'authorized' | 'captured' | 'canceled' | 'declined';
  readonly captured?: number;
  readonly card?: PaymentCard;
  readonly decline?: PaymentDecline;
  readonly reader?: { readonly id: string; readonly label: string };
  readonly captureKey?: string;
}

const FORWARD: readonly PaymentState[] = ['pending', 'authorized', 'captured'];

/**
 * Whether a payment known as `from` may become `to`. Answers and webhooks arrive in any order (a
 * webhook before the API answer that was already on its way), so what was heard never moves a
 * payment backwards: only along pending → authorized → captured, to declined from pending, to
 * canceled from pending or authorized; the ends stay ends.
 */
export function advances(from: PaymentState, to: Observation['state']): boolean {
  if (from === to) return false;
  if (from === 'declined' || from === 'canceled' || from === 'refunded' || from === 'partially_refunded') return false;
  if (to === 'declined') return from === 'pending';
  if (to === 'canceled') return from === 'pending' || from === 'authorized';
  return FORWARD.indexOf(to) > FORWARD.indexOf(from);
}

/**
 * Said by a caller whose transaction changes data (a changing call: authorize, cancel, capture, a
 * webhook), so `observe…` need not ask whether it may write.
 */
export type Writes = 'writes';

/** Whether the caller's transaction only reads (a GET route's poll): then what is heard is answered, not written. */
export function readOnly(tx: TenantTransaction): Promise<boolean> {
  return tx.memo('stripe-pay:read-only', async () => {
    const [mode] = await tx.query<{ read_only: string }>(`select current_setting('transaction_read_only') as read_only`);
    return mode?.read_only === 'on';
  });
}

/** A payment not heard of before, as `merged` starts from. */
function newRow(base: PaymentBase): PaymentRow {
  return {
    payment_id: base.paymentId,
    method: base.method,
    sale_id: base.saleId,
    tender_id: base.tenderId,
    amount: base.amount,
    currency: base.currency,
    state: 'pending',
    captured: 0,
    reader_id: null,
    reader_label: null,
    card_brand: null,
    card_last4: null,
    authorization_code: null,
    decline_reason: null,
    decline_message: null,
    capture_key: null,
  };
}

const COLUMNS = `payment_id, method, sale_id, tender_id, amount, currency, state, captured, reader_id, reader_label, card_brand,
  card_last4, authorization_code, decline_reason, decline_message, capture_key`;

export async function readPaymentRow(tx: TenantTransaction, paymentId: string, forUpdate = false): Promise<PaymentRow | undefined> {
  const [row] = await tx.query<PaymentRow>(
    `select ${COLUMNS} from stripe_pay.payments where payment_id = $1${forUpdate ? ' for update' : ''}`,
    [paymentId],
  );
  return row;
}

/** A payment's row, and whether it can answer for Stripe (see `payments.ts`'s `status`): one statement. */
export async function readPaymentRowForStatus(
  tx: TenantTransaction,
  paymentId: string,
  trust: { readonly webhooksWithin: string; readonly pendingFor: string },
): Promise<(PaymentRow & { readonly webhooks_flowing: boolean; readonly heard_lately: boolean; readonly read_only: boolean }) | undefined> {
  const [row] = await tx.query<PaymentRow & { webhooks_flowing: boolean; heard_lately: boolean; read_only: boolean }>(
    `select ${COLUMNS}, current_setting('transaction_read_only') = 'on' as read_only,
            exists (select 1 from stripe_pay.webhook_events where received_at > now() - $2::interval) as webhooks_flowing,
            updated_at > now() - $3::interval as heard_lately
       from stripe_pay.payments where payment_id = $1`,
    [paymentId, trust.webhooksWithin, trust.pendingFor],
  );
  return row;
}

/**
 * Records what was heard of a payment: a new row, or the row moved forward (see `advances`), with
 * card details and the captured amount filled in when they are new. Returns the row as it is now.
 */
export async function observePayment(tx: TenantTransaction, base: PaymentBase, seen: Observation, writes?: Writes): Promise<PaymentRow> {
  if (!writes && (await readOnly(tx))) {
    const known = await readPaymentRow(tx, base.paymentId);
    return known ? merged(known, seen) : merged(newRow(base), seen);
  }
  return (await recordNewPayment(tx, base, seen)) ?? observeKnown(tx, base.paymentId, seen, 'writes');
}

/** Writes the row of a payment not heard of before; undefined when it has one already (nothing is changed then). */
export async function recordNewPayment(tx: TenantTransaction, base: PaymentBase, seen: Observation): Promise<PaymentRow | undefined> {
  const inserted = await tx.query<PaymentRow>(
    `insert into stripe_pay.payments (tenant_id, payment_id, method, sale_id, tender_id, amount, currency, state, captured, reader_id,
       reader_label, card_brand, card_last4, authorization_code, decline_reason, decline_message, capture_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     on conflict (tenant_id, payment_id) do nothing
     returning ${COLUMNS}`,
    [
      tx.tenantId,
      base.paymentId,
      base.method,
      base.saleId,
      base.tenderId,
      base.amount,
      base.currency,
      seen.state,
      seen.captured ?? 0,
      seen.reader?.id ?? null,
      seen.reader?.label ?? null,
      seen.card?.brand ?? null,
      seen.card?.last4 ?? null,
      seen.card?.authorizationCode ?? null,
      seen.decline?.reason ?? null,
      seen.decline?.message ?? null,
      seen.captureKey ?? null,
    ],
  );
  return inserted[0];
}

/** The row after hearing `seen`: moved forward only (see `advances`), details filled in, amounts never shrinking. */
export function merged(row: PaymentRow, seen: Observation): PaymentRow {
  const moves = advances(row.state, seen.state);
  const declined = moves && seen.state === 'declined';
  return {
    ...row,
    state: moves ? seen.state : row.state,
    captured: Math.max(Number(row.captured), seen.captured ?? 0),
    reader_id: row.reader_id ?? seen.reader?.id ?? null,
    reader_label: row.reader_label ?? seen.reader?.label ?? null,
    card_brand: seen.card?.brand ?? row.card_brand,
    card_last4: seen.card?.last4 ?? row.card_last4,
    authorization_code: seen.card?.authorizationCode ?? row.authorization_code,
    decline_reason: declined ? (seen.decline?.reason ?? null) : row.decline_reason,
    decline_message: declined ? (seen.decline?.message ?? null) : row.decline_message,
    capture_key: row.capture_key ?? seen.captureKey ?? null,
  };
}

const SAME_FIELDS = [
  'state',
  'reader_id',
  'reader_label',
  'card_brand',
  'card_last4',
  'authorization_code',
  'decline_reason',
  'decline_message',
  'capture_key',
] as const;

/** Whether `next` (a row merged with what was heard) differs from `row` in anything kept. */
function changes(row: PaymentRow, next: PaymentRow): boolean {
  return SAME_FIELDS.some((f) => next[f] !== row[f]) || Number(next.captured) !== Number(row.captured);
}

/** Whether hearing `seen` would change the payment's row (a row not there yet is news). Reads only. */
export function isNews(row: PaymentRow | undefined, seen: Observation): boolean {
  return row === undefined || changes(row, merged(row, seen));
}

/**
 * `observePayment` for a payment that has a row (a webhook about a reader names only the intent).
 * Nothing is written when nothing changed; in a read-only transaction (a GET route's poll) the
 * merged row is answered without being written — the next write, or the webhook, records it.
 */
export async function observeKnown(tx: TenantTransaction, paymentId: string, seen: Observation, writes?: Writes): Promise<PaymentRow> {
  const only = !writes && (await readOnly(tx));
  const row = await readPaymentRow(tx, paymentId, !only);
  if (!row) throw new Error(`stripe-pay: no row for ${paymentId}`);
  const next = merged(row, seen);
  if (!changes(row, next) || only) return next;
  const [updated] = await tx.query<PaymentRow>(
    `update stripe_pay.payments set state = $2, captured = $3, reader_id = $4, reader_label = $5, card_brand = $6, card_last4 = $7,
        authorization_code = $8, decline_reason = $9, decline_message = $10, capture_key = $11, updated_at = now()
      where payment_id = $1
      returning ${COLUMNS}`,
    [
      paymentId,
      next.state,
      next.captured,
      next.reader_id,
      next.reader_label,
      next.card_brand,
      next.card_last4,
      next.authorization_code,
      next.decline_reason,
      next.decline_message,
      next.capture_key,
    ],
  );
  return updated!;
}

/** Records a refund made at Stripe (once per refund id, whoever records it first). */
export async function recordRefund(
  tx: TenantTransaction,
  refund: { paymentId: string; refundId: string; stripeRefundId: string; amount: number; reason?: string; status: string },
): Promise<void> {
  await tx.query(
    `insert into stripe_pay.refunds (tenant_id, payment_id, refund_id, stripe_refund_id, amount, reason, status, position)
     values ($1, $2, $3, $4, $5, $6, $7,
             (select coalesce(max(position), 0) + 1 from stripe_pay.refunds where payment_id = $2))
     on conflict do nothing`,
    [tx.tenantId, refund.paymentId, refund.refundId, refund.stripeRefundId, refund.amount, refund.reason ?? null, refund.status],
  );
}

/** A refund's status as Stripe reports it later (`charge.refund.updated`): a failed one no longer counts. */
export async function updateRefundStatus(tx: TenantTransaction, stripeRefundId: string, status: string): Promise<boolean> {
  const rows = await tx.query('update stripe_pay.refunds set status = $2 where stripe_refund_id = $1 returning 1', [
    stripeRefundId,
    status,
  ]);
  return rows.length > 0;
}

const COUNTED = `status not in ('failed', 'canceled')`;

/**
 * What the till shows while a payment waits: the reader's name, and the reader as Stripe describes it
 * (`readerDevice`) — as heard in this call (`heard`, Stripe's answer just now), else as its row keeps it.
 */
async function pendingAction(tx: TenantTransaction, row: PaymentRow, heard: PaymentReaderDevice | undefined): Promise<PaymentAction> {
  if (!row.reader_id) return { kind: 'wait', message: 'Waiting for Stripe…' };
  const label = row.reader_label ?? 'the card reader';
  let device: PaymentReaderDevice = { id: row.reader_id };
  if (heard?.id === row.reader_id) device = heard;
  else {
    const [known] = await tx.query<{ device_type: string; software_version: string | null }>(
      'select device_type, software_version from stripe_pay.readers where reader_id = $1',
      [row.reader_id],
    );
    if (known)
      device = {
        id: row.reader_id,
        ...(known.device_type ? { model: known.device_type } : {}),
        ...(known.software_version ? { version: known.software_version } : {}),
      };
  }
  return { kind: 'present_card', reader: label, readerDevice: device, message: `Present card on reader ${label}` };
}

/**
 * The payment as payments@2 answers it: the row, with its refunds and the state they make. `heard`:
 * the reader as a Stripe answer of this call described it (see `pendingAction`).
 */
export async function paymentView(tx: TenantTransaction, row: PaymentRow, heard?: PaymentReaderDevice): Promise<Payment> {
  // Only a captured payment can have refunds: the others are answered without asking.
  const refunds =
    row.state === 'pending' || row.state === 'authorized' || row.state === 'declined' || row.state === 'canceled'
      ? []
      : await tx.query<RefundRow>(
          `select refund_id, amount, reason, status from stripe_pay.refunds where payment_id = $1 and ${COUNTED} order by position, created_at`,
          [row.payment_id],
        );
  const captured = Number(row.captured);
  const refunded = refunds.reduce((sum, r) => sum + Number(r.amount), 0);
  let state: PaymentState = row.state;
  if (state === 'captured' || state === 'partially_refunded' || state === 'refunded')
    state = refunded === 0 ? 'captured' : refunded >= captured ? 'refunded' : 'partially_refunded';
  return {
    id: row.payment_id,
    state,
    method: row.method,
    saleId: row.sale_id,
    tenderId: row.tender_id,
    amount: Number(row.amount),
    currency: row.currency.trim(),
    captured,
    refunded,
    refunds: refunds.map((r) => ({ refundId: r.refund_id, amount: Number(r.amount), ...(r.reason ? { reason: r.reason } : {}) })),
    ...(state === 'pending' ? { action: await pendingAction(tx, row, heard) } : {}),
    ...(state === 'declined' && row.decline_reason
      ? { decline: { reason: row.decline_reason as NonNullable<Payment['decline']>['reason'], message: row.decline_message ?? '' } }
      : {}),
    ...(row.card_brand && row.card_last4
      ? {
          card: {
            brand: row.card_brand,
            last4: row.card_last4,
            ...(row.authorization_code ? { authorizationCode: row.authorization_code } : {}),
          },
        }
      : {}),
  };
}
