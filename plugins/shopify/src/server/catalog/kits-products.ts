import type { CatalogService, CatalogVariant, TenantTransaction } from '@kits/plugin-sdk';

/**
 * KiTS products as the Shopify sync sees them (shopify.products): the name, the variants, and which
 * way price and title flow. Filled from the catalog as it is read (a match, catalog events), so the
 * product list, publishing and the direction need no walk of the whole catalog.
 */

export type Direction = 'kits_to_shopify' | 'shopify_to_kits';

export interface KitsProduct {
  readonly productId: string;
  readonly name: string;
  readonly variantIds: readonly string[];
}

/** Groups catalog variants into their products (in the order first seen). */
export function productsOf(variants: readonly CatalogVariant[]): KitsProduct[] {
  const products = new Map<string, { productId: string; name: string; variantIds: string[] }>();
  for (const variant of variants) {
    const product = products.get(variant.productId) ?? { productId: variant.productId, name: variant.productName, variantIds: [] };
    product.variantIds.push(variant.variantId);
    products.set(variant.productId, product);
  }
  return [...products.values()];
}

/**
 * Keeps these products' names and variants (the direction of a product already known stays; a new
 * one takes `direction`). `mergeVariants` adds the variants given to those known (an event naming
 * some of a product's variants); otherwise they replace them (a full read of the catalog).
 */
export async function saveProducts(
  tx: TenantTransaction,
  products: readonly KitsProduct[],
  options: { direction?: Direction; mergeVariants?: boolean } = {},
): Promise<void> {
  if (products.length === 0) return;
  await tx.query(
    `insert into shopify.products (tenant_id, product_id, name, variant_ids, direction)
     select $1, p.product_id, p.name, string_to_array(p.ids, ',')::uuid[], $5
       from unnest($2::uuid[], $3::text[], $4::text[]) as p(product_id, name, ids)
     on conflict (tenant_id, product_id) do update
        set name = excluded.name, updated_at = now(),
            variant_ids = case when $6 then array(select distinct unnest(products.variant_ids || excluded.variant_ids)) else excluded.variant_ids end`,
    [
      tx.tenantId,
      products.map((p) => p.productId),
      products.map((p) => p.name),
      products.map((p) => p.variantIds.join(',')),
      options.direction ?? 'kits_to_shopify',
      options.mergeVariants === true,
    ],
  );
}

/** Sets which way price and title flow for these products (a product not yet known is added, from the catalog). */
export async function setDirection(
  tx: TenantTransaction,
  catalog: CatalogService,
  productId: string,
  direction: Direction,
): Promise<boolean> {
  const updated = await tx.query('update shopify.products set direction = $2, updated_at = now() where product_id = $1 returning 1', [
    productId,
    direction,
  ]);
  if (updated.length > 0) return true;
  const known = await variantIdsOfProduct(tx, productId);
  const variants = (await catalog.variantsById(known)).filter((v) => v.productId === productId);
  if (variants.length === 0) return false;
  await saveProducts(tx, productsOf(variants), { direction });
  return true;
}

/** The variant ids KiTS knows of a product: from shopify.products, else its links. */
export async function variantIdsOfProduct(tx: TenantTransaction, productId: string): Promise<string[]> {
  const [row] = await tx.query<{ variant_ids: string[] }>(
    `select coalesce((select variant_ids from shopify.products where product_id = $1),
                     array(select variant_id from shopify.variant_links where product_id = $1 order by variant_id)) as variant_ids`,
    [productId],
  );
  return row?.variant_ids ?? [];
}

export async function directionOf(tx: TenantTransaction, productId: string): Promise<Direction> {
  const [row] = await tx.query<{ direction: Direction }>('select direction from shopify.products where product_id = $1', [productId]);
  return row?.direction ?? 'kits_to_shopify';
}
