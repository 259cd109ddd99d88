import type { InventoryService } from '@kits/plugin-sdk';
import { levelKey } from './stock-targets.ts';

/**
 * The quantity KiTS publishes to Shopify for each level: KiTS's `available` (on hand less what is
 * reserved — a Shopify order held in reserve mode, a lay-by at the till), never below zero: a
 * negative level is a discrepancy waiting for a count, not stock to show online. A level KiTS has
 * no row of is 0.
 */
export async function kitsQuantities(
  inventory: InventoryService,
  levels: ReadonlyArray<{ variantId: string; locationId: string }>,
): Promise<Map<string, number>> {
  const variantIds = [...new Set(levels.map((l) => l.variantId))];
  const found = new Map<string, number>();
  if (variantIds.length > 0)
    for (const level of await inventory.levels(variantIds)) found.set(levelKey(level.variantId, level.locationId), level.available);
  const quantities = new Map<string, number>();
  for (const level of levels) {
    const key = levelKey(level.variantId, level.locationId);
    quantities.set(key, Math.max(0, found.get(key) ?? 0));
  }
  return quantities;
}
