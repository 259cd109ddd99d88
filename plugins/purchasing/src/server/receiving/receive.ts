import { createHash } from 'node:crypto';
import {
  badRequest,
  conflict,
  forbidden,
  type Actor,
  type CostedStockLine,
  type ServiceLocator,
  type StockLine,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { statusAfterDelivery } from '../../shared/purchase-order-status.ts';
import { checkDelivery } from '../../shared/receiving-rules.ts';
import { describeVariants, lockOrder, orderLines, requireAction, requireDistinctVariants, type OrderRow } from '../orders/order-store.ts';
import { supplierItems } from '../suppliers/supplier-store.ts';

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

const hashOf = (kind: string, poId: string, body: unknown) =>
  createHash('sha256')
    .update(JSON.stringify([kind, poId, body]))
    .digest('hex');

/**
 * The answer a receipt (or return) id already has. Called with the order locked, so of ten
 * concurrent retries one applies and the others, waiting on the lock, find its answer here.
 */
async function earlierAnswer(tx: TenantTransaction, id: string, hash: string): Promise<ReceiptAnswer | undefined> {
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

async function recordReceipt(
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

/**
 * Receives goods against a purchase order: each line's good units go into stock at the order's
 * location through inventory@1 (`receive` movements at the line's unit cost, moving the variant's
 * average cost) in this transaction; damaged units are recorded only. Over-receipt follows the
 * tenant's setting; an item not on the order needs `purchasing:receive.unlisted`. Publishes
 * `purchasing.po.received`.
 */
export async function receivePurchaseOrder(
  context: ReceivingContext,
  poId: string,
  input: ReceiptInput,
  settings: { readonly overReceiptPercent: number },
): Promise<ReceiptAnswer> {
  const { tx, services } = context;
  const order = await lockOrder(tx, poId);
  const hash = hashOf('receipt', poId, input);
  const earlier = await earlierAnswer(tx, input.id, hash);
  if (earlier) return earlier;
  requireAction(order, 'receive');
  requireDistinctVariants(input.lines, 'receipt');
  for (const line of input.lines)
    if (line.quantity + (line.damaged ?? 0) === 0)
      throw badRequest(
        'purchasing.empty_line',
        `The line of variant ${line.variantId} receives nothing; give a quantity or damaged count above 0, or leave the line out.`,
      );

  const lines = await orderLines(tx, poId);
  const unlisted = input.lines.filter((l) => !lines.some((p) => p.variantId === l.variantId));
  if (unlisted.length > 0) {
    if (!context.can('purchasing:receive.unlisted', order.location_id))
      throw forbidden(
        'purchasing.variant_not_on_order',
        `${unlisted.length === 1 ? 'This item is' : 'These items are'} not on ${order.number}: ${unlisted.map((l) => l.variantId).join(', ')}. Leave ${unlisted.length === 1 ? 'it' : 'them'} out, or ask someone with the permission "purchasing:receive.unlisted" to receive ${unlisted.length === 1 ? 'it' : 'them'}.`,
        { variantIds: unlisted.map((l) => l.variantId) },
      );
    await describeVariants(
      services,
      unlisted.map((l) => l.variantId),
      order.currency,
      order.location_id,
    );
    const items = await supplierItems(
      tx,
      order.supplier_id,
      unlisted.map((l) => l.variantId),
    );
    let lineNo = lines.reduce((max, l) => Math.max(max, l.lineNo), 0);
    for (const extra of unlisted) {
      lineNo += 1;
      const item = items.find((i) => i.variantId === extra.variantId);
      await tx.query(
        `insert into purchasing.po_lines (tenant_id, po_id, line_no, variant_id, supplier_sku, pack_size, packs, unit_cost_minor, unplanned)
         values ($1, $2, $3, $4, $5, 1, 0, $6, true)`,
        [tx.tenantId, poId, lineNo, extra.variantId, item?.supplierSku ?? null, item?.unitCost.amount ?? null],
      );
      lines.push({
        lineNo,
        variantId: extra.variantId,
        supplierSku: item?.supplierSku ?? null,
        packSize: 1,
        packs: 0,
        orderedQuantity: 0,
        receivedQuantity: 0,
        damagedQuantity: 0,
        returnedQuantity: 0,
        unitCost: item?.unitCost.amount ?? null,
        expectedOn: null,
        unplanned: true,
      });
    }
  }

  const receiving = input.lines.map((line) => ({ ...line, poLine: lines.find((p) => p.variantId === line.variantId)! }));
  const over = receiving
    .map((line) => {
      const arriving = line.quantity + (line.damaged ?? 0);
      const check = checkDelivery(
        { ...line.poLine, deliveredQuantity: line.poLine.receivedQuantity + line.poLine.damagedQuantity },
        arriving,
        settings.overReceiptPercent,
      );
      return { line, arriving, check };
    })
    .filter((r) => !r.check.ok);
  if (over.length > 0)
    throw conflict(
      'purchasing.over_receipt',
      `More than ordered: ${over
        .map(
          ({ line, arriving, check }) =>
            `line ${line.poLine.lineNo} ordered ${line.poLine.orderedQuantity}, delivered ${line.poLine.receivedQuantity + line.poLine.damagedQuantity}, ${arriving} more would pass the ${check.max} allowed`,
        )
        .join('; ')}. Receive at most what is allowed (over-receipt: ${settings.overReceiptPercent} %), and return or refuse the rest.`,
      {
        lines: over.map(({ line, check }) => ({
          lineNo: line.poLine.lineNo,
          variantId: line.variantId,
          max: check.max,
          delivered: line.poLine.receivedQuantity + line.poLine.damagedQuantity,
        })),
      },
    );

  const stock: CostedStockLine[] = receiving
    .filter((l) => l.quantity > 0)
    .map((l) => ({
      variantId: l.variantId,
      locationId: order.location_id,
      quantity: l.quantity,
      ...(l.lot ? { lot: l.lot } : {}),
      ...(l.serials ? { serials: l.serials } : {}),
      ...(l.poLine.unitCost !== null ? { unitCost: { amount: l.poLine.unitCost, currency: order.currency } } : {}),
    }));
  const movements = stock.length > 0 ? await services.use('inventory@1').receive(stock, { kind: 'purchase-receipt', id: input.id }) : [];

  for (const line of receiving)
    await tx.query(
      'update purchasing.po_lines set received_quantity = received_quantity + $3, damaged_quantity = damaged_quantity + $4 where po_id = $1 and line_no = $2',
      [poId, line.poLine.lineNo, line.quantity, line.damaged ?? 0],
    );
  const after = lines.map((p) => {
    const line = receiving.find((r) => r.poLine.lineNo === p.lineNo);
    return line
      ? { ...p, receivedQuantity: p.receivedQuantity + line.quantity, damagedQuantity: p.damagedQuantity + (line.damaged ?? 0) }
      : p;
  });
  const status = statusAfterDelivery(
    after
      .filter((l) => !l.unplanned)
      .map((l) => ({ orderedQuantity: l.orderedQuantity, deliveredQuantity: l.receivedQuantity + l.damagedQuantity })),
  );
  await tx.query('update purchasing.purchase_orders set status = $2, updated_at = now() where po_id = $1', [poId, status]);

  const answer: ReceiptAnswer = {
    id: input.id,
    kind: 'receipt',
    purchaseOrderId: poId,
    number: order.number,
    status,
    lines: receiving.map((line) => {
      const now = after.find((p) => p.lineNo === line.poLine.lineNo)!;
      return {
        lineNo: now.lineNo,
        variantId: line.variantId,
        quantity: line.quantity,
        damaged: line.damaged ?? 0,
        orderedQuantity: now.orderedQuantity,
        receivedQuantity: now.receivedQuantity,
        damagedQuantity: now.damagedQuantity,
        returnedQuantity: now.returnedQuantity,
      };
    }),
    movementIds: movements.map((m) => m.id),
    createdAt: new Date().toISOString(),
  };
  await recordReceipt(
    context,
    order,
    { id: input.id, note: input.note, kind: 'receipt', hash },
    receiving.map((l) => ({ ...l, lineNo: l.poLine.lineNo })),
    answer,
  );
  await tx.publish({
    type: 'purchasing.po.received',
    payload: {
      purchaseOrderId: poId,
      number: order.number,
      receiptId: input.id,
      supplierId: order.supplier_id,
      locationId: order.location_id,
      currency: order.currency,
      status,
      lines: answer.lines.map((l) => ({ ...l, unitCost: lines.find((p) => p.lineNo === l.lineNo)!.unitCost })),
    },
  });
  await context.tx.audit('purchasing.po.received', { purchaseOrderId: poId, receiptId: input.id, status });
  return answer;
}

/**
 * Sends goods received on an order back to the supplier (a negative receipt): `supplier_return`
 * movements through inventory@1 with the reason, never more than the order put into stock and
 * has not returned yet. The cost does not change. Publishes `purchasing.po.returned`.
 */
export async function returnToSupplier(context: ReceivingContext, poId: string, input: ReturnInput): Promise<ReceiptAnswer> {
  const { tx, services } = context;
  const order = await lockOrder(tx, poId);
  const hash = hashOf('return', poId, input);
  const earlier = await earlierAnswer(tx, input.id, hash);
  if (earlier) return earlier;
  requireAction(order, 'return');
  requireDistinctVariants(input.lines, 'return');
  const lines = await orderLines(tx, poId);
  const returning = input.lines.map((line) => {
    const poLine = lines.find((p) => p.variantId === line.variantId);
    if (!poLine)
      throw badRequest(
        'purchasing.variant_not_on_order',
        `Variant ${line.variantId} is not on ${order.number}; return it against the order it came on.`,
        {
          variantIds: [line.variantId],
        },
      );
    const returnable = poLine.receivedQuantity - poLine.returnedQuantity;
    if (line.quantity < 1 || line.quantity > returnable)
      throw conflict(
        'purchasing.return_exceeds_received',
        `Line ${poLine.lineNo} of ${order.number} put ${poLine.receivedQuantity} into stock and ${poLine.returnedQuantity} went back already: return between 1 and ${returnable}.`,
        { lineNo: poLine.lineNo, returnable },
      );
    return { ...line, poLine };
  });
  const stock: StockLine[] = returning.map((l) => ({
    variantId: l.variantId,
    locationId: order.location_id,
    quantity: l.quantity,
    ...(l.lot ? { lot: l.lot } : {}),
    ...(l.serials ? { serials: l.serials } : {}),
  }));
  const movements = await services.use('inventory@1').returnToSupplier(stock, { kind: 'purchase-return', id: input.id }, input.reason);
  for (const line of returning)
    await tx.query('update purchasing.po_lines set returned_quantity = returned_quantity + $3 where po_id = $1 and line_no = $2', [
      poId,
      line.poLine.lineNo,
      line.quantity,
    ]);
  const answer: ReceiptAnswer = {
    id: input.id,
    kind: 'return',
    purchaseOrderId: poId,
    number: order.number,
    status: order.status,
    lines: returning.map((line) => ({
      lineNo: line.poLine.lineNo,
      variantId: line.variantId,
      quantity: line.quantity,
      damaged: 0,
      orderedQuantity: line.poLine.orderedQuantity,
      receivedQuantity: line.poLine.receivedQuantity,
      damagedQuantity: line.poLine.damagedQuantity,
      returnedQuantity: line.poLine.returnedQuantity + line.quantity,
    })),
    movementIds: movements.map((m) => m.id),
    createdAt: new Date().toISOString(),
  };
  await recordReceipt(
    context,
    order,
    { id: input.id, note: input.note, kind: 'return', hash },
    returning.map((l) => ({ ...l, lineNo: l.poLine.lineNo, reason: input.reason })),
    answer,
  );
  await tx.publish({
    type: 'purchasing.po.returned',
    payload: { purchaseOrderId: poId, number: order.number, returnId: input.id, reason: input.reason, lines: answer.lines },
  });
  await tx.audit('purchasing.po.returned', { purchaseOrderId: poId, returnId: input.id, reason: input.reason });
  return answer;
}
