/**
 * Over-receipt: a line may be delivered (received into stock plus damaged) up to what was ordered
 * plus `overReceiptPercent` of it, rounded down to whole units; 0 % denies any over-receipt.
 * Under-receipt is always allowed: the order stays partially received until the rest arrives or
 * a person closes it, accepting the shortfall.
 */
export function maxDeliverable(orderedQuantity: number, overReceiptPercent: number): number {
  return orderedQuantity + Math.floor((orderedQuantity * overReceiptPercent) / 100);
}

export interface DeliveryCheck {
  readonly ok: boolean;
  readonly max: number;
}

/** Whether `arriving` more units fit on a line that has `delivered` of `ordered`. Unplanned lines have no limit. */
export function checkDelivery(
  line: { readonly orderedQuantity: number; readonly deliveredQuantity: number; readonly unplanned: boolean },
  arriving: number,
  overReceiptPercent: number,
): DeliveryCheck {
  if (line.unplanned) return { ok: true, max: Number.MAX_SAFE_INTEGER };
  const max = maxDeliverable(line.orderedQuantity, overReceiptPercent);
  return { ok: line.deliveredQuantity + arriving <= max, max };
}
