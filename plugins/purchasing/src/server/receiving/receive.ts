import { badRequest, conflict, forbidden, type CostedStockLine } from '@kits/plugin-sdk';
import { statusAfterDelivery } from '../../shared/purchase-order-status.ts';
import { checkDelivery } from '../../shared/receiving-rules.ts';
import { lockOrder, orderLines, requireAction, requireDistinctVariants, describeVariants } from '../orders/order-store.ts';
import { supplierItems } from '../suppliers/supplier-store.ts';
import { earlierAnswer, hashOf, recordReceipt, type ReceiptAnswer, type ReceiptInput, type ReceivingContext } from './receipt-log.ts';

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
