import type { PurchaseOrderStatus } from '@kits/plugin-sdk';

/**
 * The life of a purchase order:
 *   draft → sent → partially received → received → closed, and cancelled from draft or sent.
 * Receipts move sent/partially received/received between themselves (by what has arrived); a
 * person sends, closes (accepting any shortfall) and cancels. Closed and cancelled are final.
 */
export type PurchaseOrderAction = 'send' | 'close' | 'cancel' | 'edit' | 'receive' | 'return';

const ALLOWED: Record<PurchaseOrderAction, readonly PurchaseOrderStatus[]> = {
  edit: ['draft'],
  send: ['draft'],
  cancel: ['draft', 'sent'],
  close: ['partially_received', 'received'],
  receive: ['sent', 'partially_received', 'received'],
  return: ['partially_received', 'received', 'closed'],
};

const WHY: Record<PurchaseOrderAction, string> = {
  edit: 'Only a draft purchase order can be changed; cancel it and draft a new one.',
  send: 'Only a draft purchase order can be sent.',
  cancel: 'Only a draft or sent purchase order can be cancelled; once goods arrived, close it instead.',
  close: 'Only a purchase order that has received goods can be closed; cancel one that received nothing.',
  receive: 'Goods can be received only against a sent purchase order that is not closed or cancelled.',
  return: 'Goods can be returned only from a purchase order that received them.',
};

/** Whether `action` may happen to an order in `status`; `reason` says what to do instead. */
export function canDo(action: PurchaseOrderAction, status: PurchaseOrderStatus): { ok: true } | { ok: false; reason: string } {
  return ALLOWED[action].includes(status) ? { ok: true } : { ok: false, reason: WHY[action] };
}

/** After goods arrive: received when every ordered line has all it ordered, partially received otherwise. */
export function statusAfterDelivery(
  lines: ReadonlyArray<{ readonly orderedQuantity: number; readonly deliveredQuantity: number }>,
): 'partially_received' | 'received' {
  return lines.every((l) => l.deliveredQuantity >= l.orderedQuantity) ? 'received' : 'partially_received';
}
