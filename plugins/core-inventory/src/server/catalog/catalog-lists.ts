import {
  containsPattern,
  decodeCursor,
  pageOf,
  SqlConditions,
  type PageOf,
  type PageRequest,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { PRODUCT_SELECT, productOf, VARIANT_JSON, variantOf, type ProductRow, type VariantJson } from './product-rows.ts';
import type { Product, VariantListItem } from './schemas.ts';

/** What the product and variant lists filter on; every filter given must hold. */
export interface CatalogFilters {
  /** A barcode of (one of) its variants, exactly. */
  readonly barcode?: string | undefined;
  /** The SKU of (one of) its variants, in any case. */
  readonly sku?: string | undefined;
  /** Text in the product's name or a variant's SKU, in any case. */
  readonly q?: string | undefined;
  /** Archived rows too (left out by default). */
  readonly archived?: boolean | undefined;
  /** Only rows of this status (wins over `archived`). */
  readonly status?: 'active' | 'archived' | undefined;
  /** Changed at or after this time (ISO 8601): the product, a variant, a barcode or a price. */
  readonly updatedSince?: string | undefined;
}

/** A row that is not archived: a variant is archived when it or its product is. */
const ACTIVE = { product: "p.status = 'active'", variant: "p.status = 'active' and v.status = 'active'" } as const;

/** Adds `filters` to `sql` for a list of products (`p`) or of variants (`v`, joined to their product `p`). */
function filterCatalog(sql: SqlConditions, filters: CatalogFilters, owner: 'product' | 'variant'): void {
  // A variant list filters the variant itself; a product list keeps the products having such a variant.
  const variantWhere = (condition: string) =>
    owner === 'variant' ? condition : `p.product_id in (select v.product_id from inventory.variants v where ${condition})`;
  if (filters.status === 'archived') sql.and(`not (${ACTIVE[owner]})`);
  else if (filters.status === 'active' || !filters.archived) sql.and(ACTIVE[owner]);
  if (filters.barcode !== undefined)
    sql.and(variantWhere(`v.variant_id in (select b.variant_id from inventory.barcodes b where b.code = ${sql.param(filters.barcode)})`));
  if (filters.sku !== undefined) sql.and(variantWhere(`v.sku_key = upper(${sql.param(filters.sku)})`));
  if (filters.q !== undefined) {
    const q = sql.param(containsPattern(filters.q));
    sql.and(`(p.name ilike ${q} or ${variantWhere(`v.sku_key like upper(${q})`)})`);
  }
  if (filters.updatedSince !== undefined) {
    const since = `${sql.param(filters.updatedSince)}::timestamptz`;
    sql.and(
      owner === 'variant'
        ? `v.updated_at >= ${since}`
        : `p.product_id in (select product_id from inventory.products where updated_at >= ${since}
                            union select product_id from inventory.variants where updated_at >= ${since})`,
    );
  }
}

/** Products with their variants, oldest first (ids are UUIDv7: creation order, which no change reorders). */
export async function listProducts(tx: TenantTransaction, filters: CatalogFilters, page: PageRequest): Promise<PageOf<Product>> {
  const after = decodeCursor(page.cursor, ['uuid']);
  const sql = new SqlConditions();
  filterCatalog(sql, filters, 'product');
  if (after) sql.and(`p.product_id > ${sql.param(after[0])}::uuid`);
  const rows = await tx.query<ProductRow>(
    `${PRODUCT_SELECT} ${sql.where} order by p.product_id limit ${sql.param(page.limit + 1)}`,
    sql.params,
  );
  return pageOf(rows, page.limit, productOf, (row) => [row.product_id]);
}

interface VariantRow {
  variant: VariantJson;
  product_id: string;
  product_name: string;
  product_status: string;
}

/** Variants with their product's name and status, oldest first. */
export async function listVariants(
  tx: TenantTransaction,
  filters: CatalogFilters & { readonly productId?: string | undefined },
  page: PageRequest,
): Promise<PageOf<VariantListItem>> {
  const after = decodeCursor(page.cursor, ['uuid']);
  const sql = new SqlConditions();
  filterCatalog(sql, filters, 'variant');
  if (filters.productId !== undefined) sql.and(`v.product_id = ${sql.param(filters.productId)}::uuid`);
  if (after) sql.and(`v.variant_id > ${sql.param(after[0])}::uuid`);
  const rows = await tx.query<VariantRow>(
    `select ${VARIANT_JSON} as variant, p.product_id, p.name as product_name, p.status as product_status
       from inventory.variants v join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
     ${sql.where} order by v.variant_id limit ${sql.param(page.limit + 1)}`,
    sql.params,
  );
  return pageOf(
    rows,
    page.limit,
    (row) => ({
      ...variantOf(row.variant),
      productId: row.product_id,
      productName: row.product_name,
      productStatus: row.product_status,
    }),
    (row) => [row.variant.id],
  );
}
