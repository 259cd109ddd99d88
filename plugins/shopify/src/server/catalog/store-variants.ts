import type { TenantTransaction } from '@kits/plugin-sdk';
import type { AdminApi } from '../admin-api/index.ts';

/** A Shopify variant as KiTS keeps it from its last read of the store (shopify.store_variants). */
export interface StoreVariant {
  readonly shopifyVariantId: string;
  readonly shopifyProductId: string;
  readonly inventoryItemId: string;
  readonly sku: string;
  readonly barcode: string;
  /** The variant's own title ("M / Blue", "Default Title"). */
  readonly title: string;
  readonly productTitle: string;
  readonly productStatus: string;
  readonly options: Readonly<Record<string, string>>;
  /** Decimal text as Shopify wrote it. */
  readonly price: string;
}

/** The variant's name as people see it on Shopify: "Tee - M / Blue", or the product's title alone. */
export const shopifyTitleOf = (variant: Pick<StoreVariant, 'title' | 'productTitle'>): string =>
  variant.title && variant.title !== 'Default Title' ? `${variant.productTitle} - ${variant.title}` : variant.productTitle;

/** Variants per page of the store's catalog: Shopify's most per connection page. */
export const STORE_PAGE_SIZE = 250;

/**
 * The fields read of a variant in the store's pages (scan, pull): 3 points a variant — itself, its
 * inventory item and its product — so a page of 250 costs 752, within Shopify's 1,000 a query.
 * Its options are in its title ("M / Blue"); `VARIANT_FIELDS` adds them where one product is read.
 */
export const PAGE_VARIANT_FIELDS = 'id sku barcode title price updatedAt inventoryItem { id } product { id title status }';
export const VARIANT_FIELDS = `${PAGE_VARIANT_FIELDS} selectedOptions { name value }`;

const STORE_VARIANTS = `query KitsStoreVariants($first: Int!, $after: String, $query: String) {
  productVariants(first: $first, after: $after, query: $query) {
    nodes { ${PAGE_VARIANT_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Expected cost of a page: the connection (2) and per variant itself, its item and product. */
const pageCost = (first: number): number => 2 + 3 * first;

export interface VariantNode {
  readonly id: string;
  readonly sku: string | null;
  readonly barcode: string | null;
  readonly title: string;
  readonly price: string;
  readonly updatedAt: string;
  /** Read where one product is read (not in the store's pages). */
  readonly selectedOptions?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly inventoryItem: { readonly id: string };
  readonly product: { readonly id: string; readonly title: string; readonly status: string };
}

interface VariantsAnswer {
  readonly productVariants: {
    readonly nodes: readonly VariantNode[];
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  };
}

export function storeVariantOf(node: VariantNode): StoreVariant {
  return {
    shopifyVariantId: node.id,
    shopifyProductId: node.product.id,
    inventoryItemId: node.inventoryItem.id,
    sku: (node.sku ?? '').trim(),
    barcode: (node.barcode ?? '').trim(),
    title: node.title,
    productTitle: node.product.title,
    productStatus: node.product.status,
    // Shopify's placeholder option of a product without options says nothing of the variant.
    options: Object.fromEntries(
      (node.selectedOptions ?? []).filter((o) => !(o.name === 'Title' && o.value === 'Default Title')).map((o) => [o.name, o.value]),
    ),
    price: node.price,
  };
}

/** One page of the store's variants (`query`: Shopify's search syntax, e.g. updated_at:>'…'). */
export async function readStoreVariantsPage(
  api: AdminApi,
  page: { after: string | null; query?: string; first?: number; maxWaitMs?: number },
): Promise<{ variants: StoreVariant[]; next: string | null; newestUpdate: string | null }> {
  const first = page.first ?? STORE_PAGE_SIZE;
  const answer = await api.graphql<VariantsAnswer>(
    STORE_VARIANTS,
    { first, after: page.after, query: page.query ?? null },
    { expectedCost: pageCost(first), ...(page.maxWaitMs !== undefined ? { maxWaitMs: page.maxWaitMs } : {}) },
  );
  const { nodes, pageInfo } = answer.productVariants;
  const newestUpdate = nodes.reduce<string | null>(
    (newest, n) => (newest === null || Date.parse(n.updatedAt) > Date.parse(newest) ? n.updatedAt : newest),
    null,
  );
  return { variants: nodes.map(storeVariantOf), next: pageInfo.hasNextPage ? pageInfo.endCursor : null, newestUpdate };
}

const VARIANT_BY_ID = `query KitsStoreVariant($id: ID!) { productVariant(id: $id) { ${VARIANT_FIELDS} } }`;

/** One Shopify variant asked of Shopify (a link by hand to a variant the last scan did not see). */
export async function readStoreVariant(api: AdminApi, shopifyVariantId: string): Promise<StoreVariant | undefined> {
  const answer = await api.graphql<{ productVariant: VariantNode | null }>(VARIANT_BY_ID, { id: shopifyVariantId }, { expectedCost: 4 });
  return answer.productVariant ? storeVariantOf(answer.productVariant) : undefined;
}

/** Keeps what was read of these variants (read now). */
export async function saveStoreVariants(tx: TenantTransaction, variants: readonly StoreVariant[]): Promise<void> {
  if (variants.length === 0) return;
  await tx.query(
    `insert into shopify.store_variants (tenant_id, shopify_variant_id, shopify_product_id, inventory_item_id, sku, barcode, title,
                                         product_title, product_status, options, price, read_at)
     select $1, v.* , now() from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::text[])
       as v(shopify_variant_id, shopify_product_id, inventory_item_id, sku, barcode, title, product_title, product_status, options, price)
     on conflict (tenant_id, shopify_variant_id) do update
        set shopify_product_id = excluded.shopify_product_id, inventory_item_id = excluded.inventory_item_id, sku = excluded.sku,
            barcode = excluded.barcode, title = excluded.title, product_title = excluded.product_title,
            product_status = excluded.product_status, price = excluded.price, read_at = now(),
            -- A page of the store carries no options: what a product read said of them stays.
            options = case when excluded.options = '{}'::jsonb then store_variants.options else excluded.options end`,
    [
      tx.tenantId,
      variants.map((v) => v.shopifyVariantId),
      variants.map((v) => v.shopifyProductId),
      variants.map((v) => v.inventoryItemId),
      variants.map((v) => v.sku),
      variants.map((v) => v.barcode),
      variants.map((v) => v.title),
      variants.map((v) => v.productTitle),
      variants.map((v) => v.productStatus),
      variants.map((v) => JSON.stringify(v.options)),
      variants.map((v) => v.price),
    ],
  );
}

interface StoreVariantRow {
  shopify_variant_id: string;
  shopify_product_id: string;
  inventory_item_id: string;
  sku: string;
  barcode: string;
  title: string;
  product_title: string;
  product_status: string;
  options: Record<string, string>;
  price: string;
}

const STORE_COLUMNS =
  'shopify_variant_id, shopify_product_id, inventory_item_id, sku, barcode, title, product_title, product_status, options, price';

const storeVariantOfRow = (row: StoreVariantRow): StoreVariant => ({
  shopifyVariantId: row.shopify_variant_id,
  shopifyProductId: row.shopify_product_id,
  inventoryItemId: row.inventory_item_id,
  sku: row.sku,
  barcode: row.barcode,
  title: row.title,
  productTitle: row.product_title,
  productStatus: row.product_status,
  options: row.options ?? {},
  price: row.price,
});

/** Every variant of the last read of the store. */
export async function allStoreVariants(tx: TenantTransaction): Promise<StoreVariant[]> {
  const rows = await tx.query<StoreVariantRow>(`select ${STORE_COLUMNS} from shopify.store_variants order by shopify_variant_id`);
  return rows.map(storeVariantOfRow);
}

/** Those of `ids` KiTS has read. */
export async function storeVariantsById(tx: TenantTransaction, ids: readonly string[]): Promise<StoreVariant[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<StoreVariantRow>(
    `select ${STORE_COLUMNS} from shopify.store_variants where shopify_variant_id = any($1::text[])`,
    [ids],
  );
  return rows.map(storeVariantOfRow);
}
