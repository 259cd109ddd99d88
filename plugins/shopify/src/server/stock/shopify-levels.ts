import type { AdminApi } from '../admin-api/index.ts';

/** A level on Shopify: an inventory item at a Shopify location (both gids). */
export interface ShopifyLevelRef {
  readonly inventoryItemId: string;
  readonly shopifyLocationId: string;
}

/** Inventory items read per call: Shopify's `nodes(ids:)` takes up to 250. */
export const MAX_ITEMS_PER_READ = 250;

/**
 * One location's `available` of many items: `inventoryLevel(locationId:)` names the one level asked
 * for, so a read costs about 3 points an item whatever the number of locations the shop has (an
 * `inventoryLevels(first: 50)` connection would be sized for 50 levels an item).
 */
const LEVELS_AT_LOCATION = `query KitsStockLevels($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
    }
  }
}`;

interface LevelsAnswer {
  readonly nodes: ReadonlyArray<{
    readonly id?: string;
    readonly inventoryLevel?: { readonly quantities: ReadonlyArray<{ readonly name: string; readonly quantity: number }> } | null;
  } | null>;
}

/** Expected cost of reading `items` levels: the item, its level and the quantities list. */
export const readCost = (items: number): number => 3 * items + 1;

export const refKey = (ref: ShopifyLevelRef): string => `${ref.inventoryItemId}@${ref.shopifyLocationId}`;

/**
 * What Shopify holds (`available`) at each level asked for, read in calls of up to 250 items per
 * location. An item not stocked at the location (or gone) answers null. Throws what the admin API
 * throws (throttled, token refused, …): the caller decides.
 */
export async function readShopifyLevels(api: AdminApi, refs: readonly ShopifyLevelRef[]): Promise<Map<string, number | null>> {
  const byLocation = new Map<string, string[]>();
  for (const ref of refs) {
    const items = byLocation.get(ref.shopifyLocationId) ?? [];
    if (!items.includes(ref.inventoryItemId)) items.push(ref.inventoryItemId);
    byLocation.set(ref.shopifyLocationId, items);
  }
  const levels = new Map<string, number | null>();
  for (const [shopifyLocationId, items] of byLocation) {
    for (let at = 0; at < items.length; at += MAX_ITEMS_PER_READ) {
      const ids = items.slice(at, at + MAX_ITEMS_PER_READ);
      const answer = await api.graphql<LevelsAnswer>(
        LEVELS_AT_LOCATION,
        { ids, locationId: shopifyLocationId },
        { expectedCost: readCost(ids.length) },
      );
      ids.forEach((id, index) => {
        const node = answer.nodes[index];
        const available = node?.inventoryLevel?.quantities.find((q) => q.name === 'available');
        levels.set(refKey({ inventoryItemId: id, shopifyLocationId }), available ? available.quantity : null);
      });
    }
  }
  return levels;
}
