import type { CatalogService, CatalogVariant, TenantTransaction } from '@kits/plugin-sdk';
import { productsOf, saveProducts } from './kits-products.ts';
import { matchCatalog, pairKey } from './matching.ts';
import { allStoreVariants, shopifyTitleOf, type StoreVariant } from './store-variants.ts';
import { allLinks, refusedPairs, removeLinks, saveLinks, type VariantLink } from './variant-links.ts';

/** KiTS variants read per catalog@1 page (its most). */
const KITS_PAGE = 500;

export interface MatchCounts {
  /** Links this match made. */
  readonly linked: number;
  /** Links there were before (kept as they are). */
  readonly alreadyLinked: number;
  /** Variants left for review, both sides. */
  readonly unmatched: number;
  readonly ambiguous: number;
}

/** The whole KiTS catalog, page by page. */
export async function allKitsVariants(catalog: CatalogService): Promise<CatalogVariant[]> {
  const variants: CatalogVariant[] = [];
  let after: string | null = null;
  do {
    const page = await catalog.variants({ after, limit: KITS_PAGE });
    variants.push(...page.variants);
    after = page.next;
  } while (after !== null);
  return variants;
}

/**
 * Matches the KiTS catalog with the store's as last read: existing links stay (a link whose Shopify
 * variant is gone from the store is removed and its KiTS variant goes back to review), new one-to-one
 * matches are linked (stock wanted at once), and the review list is written afresh with what is left
 * on both sides. Archived KiTS variants and archived Shopify products take no part.
 */
export async function matchWithStore(tx: TenantTransaction, catalog: CatalogService): Promise<MatchCounts> {
  const kitsAll = await allKitsVariants(catalog);
  await saveProducts(tx, productsOf(kitsAll));
  const store = await allStoreVariants(tx);
  const storeById = new Map(store.map((s) => [s.shopifyVariantId, s]));
  const links = await allLinks(tx);
  const gone = links.filter((l) => !storeById.has(l.shopifyVariantId));
  await removeLinks(tx, gone, { byHand: false });
  const kept = links.filter((l) => storeById.has(l.shopifyVariantId));
  const linkedKits = new Set(kept.map((l) => l.variantId));
  const linkedShopify = new Set(kept.map((l) => l.shopifyVariantId));

  const kits = kitsAll.filter((v) => v.active && !linkedKits.has(v.variantId));
  const shopify = store.filter((s) => s.productStatus !== 'ARCHIVED' && !linkedShopify.has(s.shopifyVariantId));
  const refused = new Set((await refusedPairs(tx)).map((p) => pairKey(p.variantId, p.shopifyVariantId)));
  const result = matchCatalog({
    kits: kits.map((v) => ({ variantId: v.variantId, sku: v.sku, barcodes: v.barcodes })),
    shopify: shopify.map((s) => ({ shopifyVariantId: s.shopifyVariantId, sku: s.sku, barcode: s.barcode })),
    refused,
  });

  const kitsById = new Map(kitsAll.map((v) => [v.variantId, v]));
  const newLinks: VariantLink[] = result.pairs.map((pair) => {
    const variant = kitsById.get(pair.variantId)!;
    const shop = storeById.get(pair.shopifyVariantId)!;
    return {
      variantId: pair.variantId,
      productId: variant.productId,
      shopifyVariantId: shop.shopifyVariantId,
      shopifyProductId: shop.shopifyProductId,
      inventoryItemId: shop.inventoryItemId,
      shopifyTitle: shopifyTitleOf(shop),
      matchedBy: pair.by,
    };
  });
  await saveLinks(tx, newLinks);

  await tx.query('delete from shopify.catalog_review');
  const goneReview = gone
    .filter((l) => kitsById.get(l.variantId)?.active)
    .map((l) => ({
      side: 'kits' as const,
      id: l.variantId,
      state: 'unmatched' as const,
      reason: `Its Shopify variant ${l.shopifyVariantId} is no longer in the store.`,
    }));
  const review = [...result.review.filter((r) => !(r.side === 'kits' && gone.some((g) => g.variantId === r.id))), ...goneReview];
  await saveReview(
    tx,
    review.map((item) =>
      item.side === 'kits'
        ? kitsReviewRow(kitsById.get(item.id)!, item.state, item.reason)
        : shopifyReviewRow(storeById.get(item.id)!, item.state, item.reason),
    ),
  );
  const counts: MatchCounts = {
    linked: newLinks.length,
    alreadyLinked: kept.length,
    unmatched: review.filter((r) => r.state === 'unmatched').length,
    ambiguous: review.filter((r) => r.state === 'ambiguous').length,
  };
  await tx.query(
    `insert into shopify.catalog_sync (tenant_id, linked, unmatched, ambiguous) values ($1, $2, $3, $4)
     on conflict (tenant_id) do update set linked = excluded.linked, unmatched = excluded.unmatched, ambiguous = excluded.ambiguous`,
    [tx.tenantId, counts.linked, counts.unmatched, counts.ambiguous],
  );
  return counts;
}

export interface ReviewRow {
  readonly side: 'kits' | 'shopify';
  readonly itemId: string;
  readonly state: 'unmatched' | 'ambiguous';
  readonly reason: string;
  readonly sku: string;
  readonly barcodes: readonly string[];
  readonly productName: string;
  readonly options: Readonly<Record<string, string>>;
  readonly shopifyTitle: string;
}

export const kitsReviewRow = (variant: CatalogVariant, state: ReviewRow['state'], reason: string): ReviewRow => ({
  side: 'kits',
  itemId: variant.variantId,
  state,
  reason,
  sku: variant.sku,
  barcodes: variant.barcodes,
  productName: variant.productName,
  options: variant.options,
  shopifyTitle: '',
});

export const shopifyReviewRow = (variant: StoreVariant, state: ReviewRow['state'], reason: string): ReviewRow => ({
  side: 'shopify',
  itemId: variant.shopifyVariantId,
  state,
  reason,
  sku: variant.sku,
  barcodes: variant.barcode ? [variant.barcode] : [],
  productName: variant.productTitle,
  options: variant.options,
  shopifyTitle: shopifyTitleOf(variant),
});

/** Adds rows to the review list (a row already there for the same side and item is replaced). */
export async function saveReview(tx: TenantTransaction, rows: readonly ReviewRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into shopify.catalog_review (tenant_id, side, item_id, state, reason, sku, barcodes, product_name, options, shopify_title)
     select $1, r.side, r.item_id, r.state, r.reason, r.sku, string_to_array(r.barcodes, E'\\n'), r.product_name, r.options, r.shopify_title
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[])
         as r(side, item_id, state, reason, sku, barcodes, product_name, options, shopify_title)
     on conflict (tenant_id, side, item_id) do update
        set state = excluded.state, reason = excluded.reason, sku = excluded.sku, barcodes = excluded.barcodes,
            product_name = excluded.product_name, options = excluded.options, shopify_title = excluded.shopify_title`,
    [
      tx.tenantId,
      rows.map((r) => r.side),
      rows.map((r) => r.itemId),
      rows.map((r) => r.state),
      rows.map((r) => r.reason),
      rows.map((r) => r.sku),
      rows.map((r) => r.barcodes.join('\n')),
      rows.map((r) => r.productName),
      rows.map((r) => JSON.stringify(r.options)),
      rows.map((r) => r.shopifyTitle),
    ],
  );
}
