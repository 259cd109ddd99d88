/** Receipts and returns as recorded: each client-chosen id once, with the answer it got. */
import { createHash } from 'node:crypto';
import { conflict, type Actor, type ServiceLocator, type TenantTransaction } from '@kits/plugin-sdk';
import type { OrderRow } from '../orders/order-store.ts';

export interface ReceiptLineInput {
  readonly variantId: string;
  /** Units put into stock. */
  readonly quantity: number;
  /** Units that arrived damaged: recorded on the receipt (for a claim), never put into sellable stock. */
  readonly damaged?: number;
  readonly lot?: { readonly code: string; readonly expiresOn?: string };
  readonly serials?: readonly string[];
}

export interface ReceiptInput {
  /** Chosen by the client (UUID): the same receipt sent again applies once and answers the same. */
  readonly id: string;
  readonly lines: readonly ReceiptLineInput[];
  readonly note?: string;
}

export interface ReturnInput {
  readonly id: string;
  readonly reason: string;
  readonly lines: ReadonlyArray<Omit<ReceiptLineInput, 'damaged'>>;
  readonly note?: string;
}

export interface ReceivingContext {
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly actor: Actor;
  can(permission: string, locationId?: string): boolean;
}

export interface ReceiptAnswer {
  readonly id: string;
  readonly kind: 'receipt' | 'return';
  readonly purchaseOrderId: string;
  readonly number: string;
  readonly status: string;
  readonly lines: ReadonlyArray<{
    readonly lineNo: number;
    readonly variantId: string;
    readonly quantity: number;
    readonly damaged: number;
    readonly orderedQuantity: number;
    readonly receivedQuantity: number;
    readonly damagedQuantity: number;
    readonly returnedQuantity: number;
  }>;
  readonly movementIds: readonly string[];
  readonly createdAt: string;
}

export const hashOf = (kind: string, poId: string, body: unknown) =>
  createHash('sha256')
    .update(JSON.stringify([kind, poId, body]))
    .digest('hex');

/**
 * The answer a receipt (or return) id already has. Called with the order locked, so of ten
 * concurrent retries one applies and the others, waiting on the lock, find its answer here.
 */
export async function earlierAnswer(tx: TenantTransaction, id: string, hash: string): Promise<ReceiptAnswer | undefined> {
  const [row] = await tx.query<{ request_hash: string; answer: ReceiptAnswer | string }>(
    'select request_hash, answer from purchasing.receipts where receipt_id = $1',
    [id],
  );
  if (!row) return undefined;
  if (row.request_hash !== hash)
    throw conflict(
      'purchasing.receipt_id_reused',
      `Receipt ${id} was already recorded with other contents; a new receipt needs a new id.`,
      { receiptId: id },
    );
  return typeof row.answer === 'string' ? (JSON.parse(row.answer) as ReceiptAnswer) : row.answer;
}

export async function recordReceipt(
  context: ReceivingContext,
  order: OrderRow,
  input: { id: string; note?: string; kind: 'receipt' | 'return'; hash: string },
  lines: ReadonlyArray<ReceiptLineInput & { lineNo: number; reason?: string }>,
  answer: ReceiptAnswer,
): Promise<void> {
  const { tx, actor } = context;
  await tx.query(
    `insert into purchasing.receipts (tenant_id, receipt_id, po_id, kind, request_hash, answer, note, actor_kind, actor_id, device_id)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)`,
    [
      tx.tenantId,
      input.id,
      order.po_id,
      input.kind,
      input.hash,
      JSON.stringify(answer),
      input.note ?? '',
      actor.kind,
      actor.id,
      actor.deviceId ?? null,
    ],
  );
  await tx.query(
    `insert into purchasing.receipt_lines (tenant_id, receipt_id, line_no, variant_id, quantity, damaged, lot_code, expires_on, serials, reason)
     select $1, $2, l."lineNo", l."variantId", l.quantity, l.damaged, l."lotCode", l."expiresOn", l.serials, l.reason
       from jsonb_to_recordset($3::jsonb) as l("lineNo" int, "variantId" uuid, quantity bigint, damaged bigint, "lotCode" text, "expiresOn" date, serials text[], reason text)`,
    [
      tx.tenantId,
      input.id,
      JSON.stringify(
        lines.map((l) => ({
          lineNo: l.lineNo,
          variantId: l.variantId,
          quantity: l.quantity,
          damaged: l.damaged ?? 0,
          lotCode: l.lot?.code ?? null,
          expiresOn: l.lot?.expiresOn ?? null,
          serials: l.serials ?? null,
          reason: l.reason ?? null,
        })),
      ),
    ],
  );
}
