/**
 * The moving weighted average cost of a variant, in integer minor units.
 *
 * new cost = (cost × on hand + unit cost × quantity) / (on hand + quantity), rounded half away
 * from zero (costs are never negative, so: half up). When on hand before the receipt is zero or
 * less — or the cost of what is on hand is unknown — the new cost is the receipt's unit cost:
 * stock below zero (offline sales) has no cost to average with. Exact in BigInt, no floats.
 */
export function movingAverageCost(
  before: { readonly onHand: number; readonly cost: number | null },
  receipt: { readonly quantity: number; readonly unitCost: number },
): number {
  if (before.onHand <= 0 || before.cost === null) return receipt.unitCost;
  const onHand = BigInt(before.onHand);
  const quantity = BigInt(receipt.quantity);
  const total = BigInt(before.cost) * onHand + BigInt(receipt.unitCost) * quantity;
  const units = onHand + quantity;
  const quotient = total / units;
  const remainder = total % units;
  return Number(remainder * 2n >= units ? quotient + 1n : quotient);
}
