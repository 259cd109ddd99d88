import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { API, type ListPage, type ReviewItem, type ReviewState } from '../shopify-api.ts';

/** Rows asked for at a time. */
export const REVIEW_PAGE_SIZE = 200;

/** One page of a review list (GET /catalog/links), in the shape the kit's paged list takes. */
export async function reviewPage(
  context: OfficePluginContext,
  state: ReviewState,
  cursor: string | undefined,
  signal: AbortSignal,
): Promise<{ items: readonly ReviewItem[]; nextCursor: string | null }> {
  const page = await context.api.get<ListPage<ReviewItem>>(`${API}/catalog/links`, {
    query: { state, after: cursor, limit: REVIEW_PAGE_SIZE },
    signal,
  });
  return { items: page.items, nextCursor: page.next };
}

/** Whether a Shopify variant's title, SKU or barcodes contain `text` (any case). */
export function shopifyVariantMatches(item: ReviewItem, text: string): boolean {
  const wanted = text.trim().toLowerCase();
  return [item.shopifyTitle, item.sku, ...(item.barcodes ?? [])].some((value) => value?.toLowerCase().includes(wanted));
}

/**
 * Shopify variants not linked to any KiTS item (the review's Shopify-side rows, ambiguous then
 * unmatched) that `wanted` accepts: what a KiTS item can be linked to by hand. Reads page by page
 * and stops at `enough`.
 */
export async function findUnlinkedShopifyVariants(
  context: OfficePluginContext,
  wanted: (item: ReviewItem) => boolean,
  signal: AbortSignal,
  enough = 20,
): Promise<ReviewItem[]> {
  const found: ReviewItem[] = [];
  const seen = new Set<string>();
  for (const state of ['ambiguous', 'unmatched'] as const) {
    let cursor: string | undefined;
    do {
      const page = await reviewPage(context, state, cursor, signal);
      for (const item of page.items) {
        if (item.variantId !== null || item.shopifyVariantId === null || seen.has(item.shopifyVariantId) || !wanted(item)) continue;
        seen.add(item.shopifyVariantId);
        found.push(item);
        if (found.length >= enough) return found;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  return found;
}

/** Whether a Shopify variant shares the KiTS item's SKU or one of its barcodes: the candidates of an ambiguous item. */
export function sharesACode(kits: Pick<ReviewItem, 'sku' | 'barcodes'>, shopify: Pick<ReviewItem, 'sku' | 'barcodes'>): boolean {
  const codes = new Set([kits.sku.toLowerCase(), ...kits.barcodes].filter(Boolean));
  return [shopify.sku.toLowerCase(), ...shopify.barcodes].some((code) => code !== '' && codes.has(code));
}
