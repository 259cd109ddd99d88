import type { TenantTransaction } from '@kits/plugin-sdk';
import { forgetVariantStock, markVariantsWanted } from '../stock/wanted-stock.ts';

/** How a link was made. */
export type MatchedBy = 'sku' | 'barcode' | 'manual' | 'import' | 'publish';

export interface VariantLink {
  readonly variantId: string;
  readonly productId: string;
  readonly shopifyVariantId: string;
  readonly shopifyProductId: string;
  readonly inventoryItemId: string;
  readonly shopifyTitle: string;
  readonly matchedBy: MatchedBy;
}

/**
 * Links KiTS variants to Shopify variants (one to one; the caller checked neither side is linked
 * elsewhere). The review list forgets both sides, and each variant's stock is wanted at every
 * mapped location with nothing known of Shopify's level: the first push sets it and reports what
 * Shopify had.
 */
export async function saveLinks(tx: TenantTransaction, links: readonly VariantLink[]): Promise<void> {
  if (links.length === 0) return;
  await tx.query(
    `insert into shopify.variant_links (tenant_id, variant_id, product_id, shopify_variant_id, shopify_product_id, inventory_item_id, shopify_title, matched_by)
     select $1, l.* from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       as l(variant_id, product_id, shopify_variant_id, shopify_product_id, inventory_item_id, shopify_title, matched_by)`,
    [
      tx.tenantId,
      links.map((l) => l.variantId),
      links.map((l) => l.productId),
      links.map((l) => l.shopifyVariantId),
      links.map((l) => l.shopifyProductId),
      links.map((l) => l.inventoryItemId),
      links.map((l) => l.shopifyTitle),
      links.map((l) => l.matchedBy),
    ],
  );
  await tx.query(
    `delete from shopify.catalog_review
      where (side = 'kits' and item_id = any($1::text[])) or (side = 'shopify' and item_id = any($2::text[]))`,
    [links.map((l) => l.variantId), links.map((l) => l.shopifyVariantId)],
  );
  await tx.query(
    `delete from shopify.unlinked_pairs p using unnest($1::uuid[], $2::text[]) as l(variant_id, shopify_variant_id)
      where p.variant_id = l.variant_id and p.shopify_variant_id = l.shopify_variant_id`,
    [links.map((l) => l.variantId), links.map((l) => l.shopifyVariantId)],
  );
  await markVariantsWanted(
    tx,
    links.map((l) => l.variantId),
    { forgetKnown: true },
  );
}

/** The link of a KiTS variant, or of a Shopify variant. */
export async function linkOf(
  tx: TenantTransaction,
  by: { variantId?: string; shopifyVariantId?: string },
): Promise<VariantLink | undefined> {
  const [row] = await tx.query<LinkRow>(
    `select ${LINK_COLUMNS} from shopify.variant_links where variant_id = $1::uuid or shopify_variant_id = $2 limit 1`,
    [by.variantId ?? null, by.shopifyVariantId ?? null],
  );
  return row ? linkOfRow(row) : undefined;
}

/** Every link (matching leaves both sides of each alone). */
export async function allLinks(tx: TenantTransaction): Promise<VariantLink[]> {
  const rows = await tx.query<LinkRow>(`select ${LINK_COLUMNS} from shopify.variant_links order by variant_id`);
  return rows.map(linkOfRow);
}

/** The links of these KiTS variants. */
export async function linksOfVariants(tx: TenantTransaction, variantIds: readonly string[]): Promise<VariantLink[]> {
  if (variantIds.length === 0) return [];
  const rows = await tx.query<LinkRow>(`select ${LINK_COLUMNS} from shopify.variant_links where variant_id = any($1::uuid[])`, [
    variantIds,
  ]);
  return rows.map(linkOfRow);
}

/** The links of these Shopify variants. */
export async function linksOfShopifyVariants(tx: TenantTransaction, shopifyVariantIds: readonly string[]): Promise<VariantLink[]> {
  if (shopifyVariantIds.length === 0) return [];
  const rows = await tx.query<LinkRow>(`select ${LINK_COLUMNS} from shopify.variant_links where shopify_variant_id = any($1::text[])`, [
    shopifyVariantIds,
  ]);
  return rows.map(linkOfRow);
}

/**
 * Removes links: nothing of those variants goes to Shopify any more. `byHand`: the merchant unlinked
 * them, so matching never links the same pair again (linking it by hand does).
 */
export async function removeLinks(tx: TenantTransaction, links: readonly VariantLink[], options: { byHand: boolean }): Promise<void> {
  if (links.length === 0) return;
  const variantIds = links.map((l) => l.variantId);
  await tx.query('delete from shopify.variant_links where variant_id = any($1::uuid[])', [variantIds]);
  await forgetVariantStock(tx, variantIds);
  if (options.byHand)
    await tx.query(
      `insert into shopify.unlinked_pairs (tenant_id, variant_id, shopify_variant_id)
       select $1, l.variant_id, l.shopify_variant_id from unnest($2::uuid[], $3::text[]) as l(variant_id, shopify_variant_id)
       on conflict do nothing`,
      [tx.tenantId, variantIds, links.map((l) => l.shopifyVariantId)],
    );
}

/** Pairs the merchant unlinked by hand. */
export async function refusedPairs(tx: TenantTransaction): Promise<Array<{ variantId: string; shopifyVariantId: string }>> {
  const rows = await tx.query<{ variant_id: string; shopify_variant_id: string }>(
    'select variant_id, shopify_variant_id from shopify.unlinked_pairs',
  );
  return rows.map((row) => ({ variantId: row.variant_id, shopifyVariantId: row.shopify_variant_id }));
}

interface LinkRow {
  variant_id: string;
  product_id: string;
  shopify_variant_id: string;
  shopify_product_id: string;
  inventory_item_id: string;
  shopify_title: string;
  matched_by: MatchedBy;
}

const LINK_COLUMNS = 'variant_id, product_id, shopify_variant_id, shopify_product_id, inventory_item_id, shopify_title, matched_by';

const linkOfRow = (row: LinkRow): VariantLink => ({
  variantId: row.variant_id,
  productId: row.product_id,
  shopifyVariantId: row.shopify_variant_id,
  shopifyProductId: row.shopify_product_id,
  inventoryItemId: row.inventory_item_id,
  shopifyTitle: row.shopify_title,
  matchedBy: row.matched_by,
});
