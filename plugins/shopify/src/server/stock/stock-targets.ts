/** One stock level KiTS keeps equal on Shopify: a linked variant at a mapped location. */
export interface StockTarget {
  readonly variantId: string;
  readonly locationId: string;
}

/** The `target` of a stock failure (`variant:<id>@location:<id>`): what the retry marks wanted again. */
export const stockTarget = (target: StockTarget): string => `variant:${target.variantId}@location:${target.locationId}`;

/** The target a stock failure names; undefined for one that is not a level (the whole shop: `shop`). */
export function parseStockTarget(text: string): StockTarget | undefined {
  const match = /^variant:([0-9a-f-]{36})@location:([0-9a-f-]{36})$/.exec(text);
  return match ? { variantId: match[1]!, locationId: match[2]! } : undefined;
}

/** The target of a failure of the whole push (the token, Shopify unreachable): not one level. */
export const SHOP_TARGET = 'shop';

export const levelKey = (variantId: string, locationId: string): string => `${variantId}:${locationId}`;
