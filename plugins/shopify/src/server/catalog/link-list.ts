import { decodeCursor, encodeCursor, type CatalogService, type TenantTransaction } from '@kits/plugin-sdk';

/** One row of the catalog's link list: a linked pair, or a variant of either side left for review. */
export interface LinkItem {
  readonly variantId: string | null;
  readonly sku: string;
  readonly barcodes: readonly string[];
  readonly productName: string;
  readonly options: Readonly<Record<string, string>>;
  readonly shopifyVariantId: string | null;
  readonly shopifyTitle: string;
  /** The Shopify product of a Shopify-side or linked row: what the office's "Import from Shopify" sends. */
  readonly shopifyProductId?: string | null;
  readonly state: 'linked' | 'unmatched' | 'ambiguous';
  readonly reason: string;
}

const HOW_LINKED: Record<string, string> = {
  sku: 'Matched by SKU.',
  barcode: 'Matched by barcode.',
  manual: 'Linked by hand.',
  import: 'Imported from Shopify.',
  publish: 'Published to Shopify.',
};

/** A page of linked pairs, by KiTS variant id: the KiTS side as the catalog has it now. */
export async function linkedPage(
  tx: TenantTransaction,
  catalog: CatalogService,
  page: { after?: string | undefined; limit: number },
): Promise<{ items: LinkItem[]; next: string | null }> {
  const after = decodeCursor(page.after, ['uuid'] as const);
  const rows = await tx.query<{
    variant_id: string;
    shopify_variant_id: string;
    shopify_product_id: string;
    shopify_title: string;
    matched_by: string;
    sku: string | null;
    barcode: string | null;
  }>(
    `select vl.variant_id, vl.shopify_variant_id, vl.shopify_product_id, vl.shopify_title, vl.matched_by, sv.sku, sv.barcode
       from shopify.variant_links vl left join shopify.store_variants sv on sv.shopify_variant_id = vl.shopify_variant_id
      where ($1::uuid is null or vl.variant_id > $1::uuid) order by vl.variant_id limit $2`,
    [after?.[0] ?? null, page.limit + 1],
  );
  const shown = rows.slice(0, page.limit);
  const variants = new Map((await catalog.variantsById(shown.map((r) => r.variant_id))).map((v) => [v.variantId, v]));
  return {
    items: shown.map((row) => {
      const variant = variants.get(row.variant_id);
      return {
        variantId: row.variant_id,
        sku: variant?.sku ?? row.sku ?? '',
        barcodes: variant?.barcodes ?? (row.barcode ? [row.barcode] : []),
        productName: variant?.productName ?? '',
        options: variant?.options ?? {},
        shopifyVariantId: row.shopify_variant_id,
        shopifyTitle: row.shopify_title,
        shopifyProductId: row.shopify_product_id,
        state: 'linked',
        reason: variant ? (HOW_LINKED[row.matched_by] ?? '') : 'The KiTS variant no longer exists: unlink it.',
      };
    }),
    next: rows.length > page.limit ? encodeCursor([shown.at(-1)!.variant_id]) : null,
  };
}

/** A page of the review list (one state), by SKU then side and id. */
export async function reviewPage(
  tx: TenantTransaction,
  state: 'unmatched' | 'ambiguous',
  page: { after?: string | undefined; limit: number },
): Promise<{ items: LinkItem[]; next: string | null }> {
  const after = decodeCursor(page.after, ['text', 'text', 'text'] as const);
  const rows = await tx.query<{
    side: 'kits' | 'shopify';
    item_id: string;
    reason: string;
    sku: string;
    barcodes: string[];
    product_name: string;
    options: Record<string, string>;
    shopify_title: string;
    shopify_product_id: string | null;
  }>(
    `select cr.side, cr.item_id, cr.reason, cr.sku, cr.barcodes, cr.product_name, cr.options, cr.shopify_title, sv.shopify_product_id
       from shopify.catalog_review cr
       left join shopify.store_variants sv on cr.side = 'shopify' and sv.shopify_variant_id = cr.item_id
      where cr.state = $1 and ($2::text is null or (cr.sku, cr.side, cr.item_id) > ($2::text, $3::text, $4::text))
      order by cr.sku, cr.side, cr.item_id limit $5`,
    [state, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, page.limit + 1],
  );
  const shown = rows.slice(0, page.limit);
  return {
    items: shown.map((row) => ({
      variantId: row.side === 'kits' ? row.item_id : null,
      sku: row.sku,
      barcodes: row.barcodes,
      productName: row.product_name,
      options: row.options ?? {},
      shopifyVariantId: row.side === 'shopify' ? row.item_id : null,
      shopifyTitle: row.shopify_title,
      shopifyProductId: row.shopify_product_id,
      state,
      reason: row.reason,
    })),
    next: rows.length > page.limit ? encodeCursor([shown.at(-1)!.sku, shown.at(-1)!.side, shown.at(-1)!.item_id]) : null,
  };
}
