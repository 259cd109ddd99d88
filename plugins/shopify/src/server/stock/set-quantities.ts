import { v7 as uuidv7 } from 'uuid';
import { type AdminApi, type ShopifyUserError } from '../admin-api/index.ts';
import { refKey, type ShopifyLevelRef } from './shopify-levels.ts';

/** Quantities per `inventorySetQuantities`: Shopify takes up to 250 in one call. */
export const MAX_QUANTITIES_PER_SET = 250;

/** A mutation costs 10 points, whatever its size. */
const SET_COST = 10;

const SET_QUANTITIES = `mutation KitsSetStock($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange item { id } location { id } } }
    userErrors { code field message }
  }
}`;

interface SetAnswer {
  readonly inventorySetQuantities: {
    readonly inventoryAdjustmentGroup: {
      readonly changes: ReadonlyArray<{
        readonly name: string;
        readonly delta: number;
        readonly item: { readonly id: string } | null;
        readonly location: { readonly id: string } | null;
      }>;
    } | null;
  } | null;
}

export interface QuantityToSet extends ShopifyLevelRef {
  readonly quantity: number;
  /** What KiTS knows Shopify holds; null sets it without comparing (nothing is known: a first push). */
  readonly compare: number | null;
}

/** What Shopify said of a set that went through: each level's `available` delta (absent: unchanged). */
export type SetResult = Map<string, number>;

/**
 * Sets Shopify's `available` at these levels in one call (reason `correction`: KiTS's count is the
 * truth). With compares, Shopify refuses the whole call when any is stale (COMPARE_QUANTITY_STALE)
 * and changes nothing; without (all `compare` null), it sets them as given. Throws what the admin API
 * throws; `ShopifyUserErrors` name the quantities they are about (see `userErrorIndex`).
 */
export async function setShopifyQuantities(api: AdminApi, quantities: readonly QuantityToSet[]): Promise<SetResult> {
  const compared = quantities.every((q) => q.compare !== null);
  if (!compared && quantities.some((q) => q.compare !== null))
    throw new TypeError('setShopifyQuantities: either every quantity has its compare, or none has');
  const answer = await api.graphql<SetAnswer>(
    SET_QUANTITIES,
    {
      input: {
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: `gid://kits-pos/StockPush/${uuidv7()}`,
        ignoreCompareQuantity: !compared,
        quantities: quantities.map((q) => ({
          inventoryItemId: q.inventoryItemId,
          locationId: q.shopifyLocationId,
          quantity: q.quantity,
          ...(q.compare !== null ? { compareQuantity: q.compare } : {}),
        })),
      },
    },
    { expectedCost: SET_COST },
  );
  const deltas: SetResult = new Map();
  for (const change of answer.inventorySetQuantities?.inventoryAdjustmentGroup?.changes ?? []) {
    if (change.name !== 'available' || !change.item || !change.location) continue;
    deltas.set(refKey({ inventoryItemId: change.item.id, shopifyLocationId: change.location.id }), change.delta);
  }
  return deltas;
}

/**
 * The index of the quantity a user error is about, from its `field` path
 * (`["input", "quantities", "3", "compareQuantity"]`); undefined when it names none.
 */
export function userErrorIndex(error: ShopifyUserError, count: number): number | undefined {
  const field = error.field ?? [];
  const at = field.indexOf('quantities');
  if (at < 0) return undefined;
  const index = Number(field[at + 1]);
  return Number.isInteger(index) && index >= 0 && index < count ? index : undefined;
}

export const isStaleCompare = (error: ShopifyUserError): boolean => error.code === 'COMPARE_QUANTITY_STALE';
