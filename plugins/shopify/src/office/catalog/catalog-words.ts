import type { Direction, MatchOutcome, ReviewItem, ReviewState } from '../shopify-api.ts';

export const CATALOG_TABS = ['unmatched', 'ambiguous', 'linked', 'products'] as const;
export type CatalogTab = (typeof CATALOG_TABS)[number];

export const TAB_LABELS: Readonly<Record<CatalogTab, string>> = {
  unmatched: 'Unmatched',
  ambiguous: 'Ambiguous',
  linked: 'Linked',
  products: 'Products',
};

/** What each review list holds, under its tab. */
export const TAB_HINTS: Readonly<Record<CatalogTab, string>> = {
  unmatched:
    'Items on one side only: no variant on the other side has their SKU or barcode. Link a KiTS item to a Shopify variant by hand, import Shopify products into KiTS, or publish KiTS products to Shopify from Products.',
  ambiguous: 'Items whose SKU or barcode is on more than one variant of the other side: KiTS links only one to one. Pick the right one.',
  linked: 'Items linked one to one: their stock is kept equal on Shopify at mapped locations, and Shopify orders for them become sales.',
  products: 'Your products, and which way each one’s prices and titles flow. Publish products Shopify does not have yet.',
};

export const EMPTY_TITLES: Readonly<Record<ReviewState, string>> = {
  unmatched: 'Everything matched',
  ambiguous: 'Nothing ambiguous',
  linked: 'Nothing linked yet',
};

export const DIRECTION_LABELS: Readonly<Record<Direction, string>> = {
  kits_to_shopify: 'From KiTS to Shopify',
  shopify_to_kits: 'From Shopify to KiTS',
};

/** What changing a product's direction does, said after it changed. */
export const DIRECTION_TOASTS: Readonly<Record<Direction, string>> = {
  kits_to_shopify: 'prices and titles now go from KiTS to Shopify',
  shopify_to_kits: 'prices and titles now come from Shopify',
};

/** The tab a URL query asks for (`?state=ambiguous`), the first when it names none or a wrong one. */
export const tabOf = (query: URLSearchParams): CatalogTab => CATALOG_TABS.find((tab) => tab === query.get('state')) ?? 'unmatched';

/** A variant's options in a line: "Black / Large" (Shopify's "Default Title" of a one-variant product says nothing). */
export function optionsText(options: ReviewItem['options']): string {
  return Object.values(options ?? {})
    .filter((value) => value && value !== 'Default Title')
    .join(' / ');
}

/** A KiTS item as a person reads it: "Ceramic Mug — Black / Large". */
export function kitsItemName(item: Pick<ReviewItem, 'productName' | 'options'>): string {
  const options = optionsText(item.options);
  return `${item.productName || 'A KiTS item'}${options ? ` — ${options}` : ''}`;
}

/** SKU and barcodes in a line: "MUG-BLK · 4006381333931". */
export function codesText(item: Pick<ReviewItem, 'sku' | 'barcodes'>): string {
  return [item.sku, ...(item.barcodes ?? [])].filter(Boolean).join(' · ');
}

/** Which side a review row is on. */
export type RowSide = 'both' | 'kits' | 'shopify';
export const sideOf = (item: ReviewItem): RowSide =>
  item.variantId !== null && item.shopifyVariantId !== null ? 'both' : item.variantId !== null ? 'kits' : 'shopify';

/** A row's key, unique in a list (a row may be a KiTS variant, a Shopify variant, or both). */
export const reviewKey = (item: ReviewItem): string => `${item.variantId ?? ''}|${item.shopifyVariantId ?? ''}`;

/** The Shopify products the ticked rows belong to, each once: what "Import from Shopify" sends. */
export function shopifyProductsOf(items: readonly ReviewItem[], ticked: ReadonlySet<string>): string[] {
  const ids = items.flatMap((item) =>
    ticked.has(reviewKey(item)) && sideOf(item) === 'shopify' && item.shopifyProductId ? [item.shopifyProductId] : [],
  );
  return [...new Set(ids)];
}

/** What a matching run answered, in a line. */
export function matchText(outcome: MatchOutcome): string {
  if (outcome.state === 'failed') return `Matching stopped: ${outcome.error ?? 'Shopify could not be asked.'}`;
  if (outcome.state === 'reading')
    return `Reading the store’s catalog: ${outcome.variantsRead} variants so far. Matching finishes in the background; look again in a minute.`;
  const already = outcome.alreadyLinked > 0 ? ` (${outcome.alreadyLinked} were linked already)` : '';
  return `Matched: ${outcome.linked} linked${already}, ${outcome.unmatched} unmatched, ${outcome.ambiguous} ambiguous`;
}
