import { badRequest, conflict, type StockLine } from '@kits/plugin-sdk';
import { lockOrder, orderLines, requireAction, requireDistinctVariants } from '../orders/order-store.ts';
import { earlierAnswer, hashOf, recordReceipt, type ReceiptAnswer, type ReceivingContext, type ReturnInput } from './receipt-log.ts';

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
