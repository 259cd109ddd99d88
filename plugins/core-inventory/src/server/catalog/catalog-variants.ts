import type { CatalogVariant, TenantTransaction } from '@kits/plugin-sdk';
import { isoTime } from './product-rows.ts';

/**
 * Variants as catalog@1 hands them to other plugins (a sales channel matching, listing and pricing
 * them): with their product's name, options in the product's axis order, barcodes and prices.
 */
const CATALOG_VARIANT_SELECT = `
select v.variant_id, v.product_id, p.name as product_name, p.option_axes, v.options, v.sku,
       coalesce((select array_agg(b.code order by b.code) from inventory.barcodes b
                  where b.tenant_id = v.tenant_id and b.variant_id = v.variant_id), '{}') as barcodes,
       coalesce((select json_agg(json_build_object('amount', x.amount_minor, 'currency', x.currency, 'locationId', x.location_id)
                                 order by x.currency, x.location_id nulls first)
                   from inventory.prices x where x.tenant_id = v.tenant_id and x.variant_id = v.variant_id), '[]'::json) as prices,
       p.category_id, p.tax_class, (v.status = 'active' and p.status = 'active') as active, v.updated_at
  from inventory.variants v join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id`;

interface CatalogVariantRow {
  variant_id: string;
  product_id: string;
  product_name: string;
  option_axes: string[];
  options: Record<string, string>;
  sku: string;
  barcodes: string[];
  prices: Array<{ amount: number | string; currency: string; locationId: string | null }>;
  category_id: string | null;
  tax_class: string;
  active: boolean;
  updated_at: Date | string;
}

/** The options in the product's axis order (jsonb keeps its own key order); an option of no axis follows. */
function orderedOptions(axes: readonly string[], options: Readonly<Record<string, string>>): Record<string, string> {
  const ordered: Record<string, string> = {};
  for (const axis of axes) if (axis in options) ordered[axis] = options[axis]!;
  for (const [name, value] of Object.entries(options)) if (!(name in ordered)) ordered[name] = value;
  return ordered;
}

function catalogVariantOf(row: CatalogVariantRow): CatalogVariant {
  return {
    variantId: row.variant_id,
    productId: row.product_id,
    productName: row.product_name,
    options: orderedOptions(row.option_axes, row.options),
    sku: row.sku,
    barcodes: row.barcodes,
    prices: row.prices.map((price) => ({ amount: Number(price.amount), currency: price.currency.trim(), locationId: price.locationId })),
    categoryId: row.category_id,
    taxClass: row.tax_class,
    active: row.active,
    updatedAt: isoTime(row.updated_at),
  };
}

/** Variants (oldest first) after `afterId`, changed at or after `since` when given; `limit` of them at most. */
export async function catalogVariantsAfter(
  tx: TenantTransaction,
  afterId: string | null,
  limit: number,
  since: Date | undefined,
): Promise<CatalogVariant[]> {
  const rows = await tx.query<CatalogVariantRow>(
    `${CATALOG_VARIANT_SELECT}
      where ($1::uuid is null or v.variant_id > $1::uuid) and ($2::timestamptz is null or v.updated_at >= $2::timestamptz)
      order by v.variant_id limit $3`,
    [afterId, since?.toISOString() ?? null, limit],
  );
  return rows.map(catalogVariantOf);
}

/** The variants of these ids that exist, in id order. */
export async function catalogVariantsById(tx: TenantTransaction, ids: readonly string[]): Promise<CatalogVariant[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<CatalogVariantRow>(`${CATALOG_VARIANT_SELECT} where v.variant_id = any($1::uuid[]) order by v.variant_id`, [
    [...new Set(ids)],
  ]);
  return rows.map(catalogVariantOf);
}

/** The variants whose SKU, or one of whose barcodes, is exactly one of `codes`; each once, in id order. */
export async function catalogVariantsByCode(tx: TenantTransaction, codes: readonly string[]): Promise<CatalogVariant[]> {
  if (codes.length === 0) return [];
  // Two equality lookups by index (SKU, barcode), not one OR: each stays an index scan under row-level security.
  const rows = await tx.query<CatalogVariantRow>(
    `${CATALOG_VARIANT_SELECT}
      where v.variant_id in (select variant_id from inventory.variants where sku = any($1::text[])
                             union select variant_id from inventory.barcodes where code = any($1::text[]))
      order by v.variant_id`,
    [[...new Set(codes)]],
  );
  return rows.map(catalogVariantOf);
}
