import { conflict, type CostedStockLine, type TenantTransaction, type UnitCost } from '@kits/plugin-sdk';
import { movingAverageCost } from '../../shared/cost.ts';

/**
 * Moves each variant's cost to the weighted average of what is on hand (every location: a
 * variant has one cost) and what the costed lines bring, before their stock is added. The
 * variant rows are locked in id order, so concurrent receipts of one variant average in turn.
 * Answers each costed variant's cost now (what its movements announce as `variantCost`).
 */
export function costUpdater(tx: TenantTransaction) {
  return async (lines: readonly CostedStockLine[]): Promise<ReadonlyMap<string, UnitCost>> => {
    const costed = lines.filter((l) => l.unitCost);
    if (costed.length === 0) return new Map();
    const ids = [...new Set(costed.map((l) => l.variantId))].sort();
    const variants = await tx.query<{ variant_id: string; cost_minor: string | null; cost_currency: string | null }>(
      'select variant_id, cost_minor, cost_currency from inventory.variants where variant_id = any($1::uuid[]) order by variant_id for update',
      [ids],
    );
    const onHand = await tx.query<{ variant_id: string; on_hand: string }>(
      'select variant_id, sum(on_hand) as on_hand from inventory.stock_levels where variant_id = any($1::uuid[]) group by variant_id',
      [ids],
    );
    const state = new Map(
      variants.map((v) => [
        v.variant_id,
        {
          cost: v.cost_minor === null ? null : Number(v.cost_minor),
          currency: v.cost_currency,
          onHand: Number(onHand.find((o) => o.variant_id === v.variant_id)?.on_hand ?? 0),
        },
      ]),
    );
    for (const line of costed) {
      const variant = state.get(line.variantId)!;
      const { amount, currency } = line.unitCost!;
      if (variant.onHand > 0 && variant.cost !== null && variant.currency !== null && variant.currency !== currency)
        throw conflict(
          'inventory.cost_currency_mismatch',
          `Variant ${line.variantId} is costed in ${variant.currency} and has ${variant.onHand} on hand; receive it at a cost in ${variant.currency}, not ${currency}.`,
          { variantId: line.variantId, costCurrency: variant.currency, currency },
        );
      variant.cost = movingAverageCost(variant, { quantity: line.quantity, unitCost: amount });
      variant.currency = currency;
      variant.onHand += line.quantity;
    }
    const after = new Map<string, UnitCost>();
    for (const id of ids) {
      const variant = state.get(id)!;
      await tx.query('update inventory.variants set cost_minor = $2, cost_currency = $3 where variant_id = $1', [
        id,
        variant.cost,
        variant.currency,
      ]);
      if (variant.cost !== null && variant.currency !== null) after.set(id, { amount: variant.cost, currency: variant.currency });
    }
    return after;
  };
}
