import { conflict, notFound, type InventoryService, type CatalogService, type TenantTransaction } from '@kits/plugin-sdk';
import type { AdminApi } from '../admin-api/index.ts';
import { noteShopifyHolds } from '../stock/known-levels.ts';
import { readShopifyLevels, refKey } from '../stock/shopify-levels.ts';
import { saveProducts } from './kits-products.ts';
import { shopifyAmountToMinor } from '../shopify-money.ts';
import {
  saveStoreVariants,
  shopifyTitleOf,
  storeVariantOf,
  VARIANT_FIELDS,
  type StoreVariant,
  type VariantNode,
} from './store-variants.ts';
import { linksOfShopifyVariants, saveLinks } from './variant-links.ts';

const PRODUCT = `query KitsImportProduct($id: ID!) {
  product(id: $id) {
    id title status
    options { name values }
    variants(first: 100) { nodes { ${VARIANT_FIELDS} } }
  }
}`;

interface ProductAnswer {
  readonly product: {
    readonly id: string;
    readonly title: string;
    readonly status: string;
    readonly options: ReadonlyArray<{ readonly name: string; readonly values: readonly string[] }>;
    readonly variants: { readonly nodes: readonly VariantNode[] };
  } | null;
}

/** Shopify's placeholder option of a product without options. */
const isPlaceholderOption = (option: { name: string; values: readonly string[] }) =>
  option.name === 'Title' && option.values.length === 1 && option.values[0] === 'Default Title';

/** A KiTS SKU for a Shopify variant without one: its Shopify number, so it is unique and findable. */
const skuFor = (variant: StoreVariant): string => variant.sku || `SHOPIFY-${variant.shopifyVariantId.split('/').pop()}`;

/**
 * Brings Shopify products into KiTS (catalog@1 `createProduct`): the title, options, each variant's
 * SKU, barcode and price (in the shop's currency), linked one to one (`import`), the product's
 * direction shopify_to_kits. Stock comes along: what Shopify holds at mapped locations is taken
 * into KiTS (an adjustment, reason "Imported from Shopify") and known as Shopify's level, so nothing
 * is pushed back. Everything is read first: a product Shopify does not have, or a variant already
 * linked, refuses the whole import before anything is created.
 */
export async function importShopifyProducts(
  tx: TenantTransaction,
  api: AdminApi,
  services: { catalog: CatalogService; inventory: InventoryService },
  shopifyProductIds: readonly string[],
): Promise<Array<{ productId: string; shopifyProductId: string }>> {
  const products: NonNullable<ProductAnswer['product']>[] = [];
  for (const id of new Set(shopifyProductIds)) {
    const answer = await api.graphql<ProductAnswer>(PRODUCT, { id }, { expectedCost: 410 });
    if (!answer.product)
      throw notFound('shopify.unknown_shopify_product', `The Shopify store has no product ${id}: nothing was imported.`, {
        shopifyProductId: id,
      });
    if (answer.product.variants.nodes.length === 0)
      throw conflict('shopify.product_without_variants', `Shopify product ${id} has no variants to import: nothing was imported.`, {
        shopifyProductId: id,
      });
    products.push(answer.product);
  }
  const variantIds = products.flatMap((p) => p.variants.nodes.map((v) => v.id));
  const linked = await linksOfShopifyVariants(tx, variantIds);
  if (linked.length > 0)
    throw conflict(
      'shopify.already_linked',
      `Some of these Shopify variants are linked to KiTS variants already (${linked.map((l) => l.shopifyVariantId).join(', ')}): nothing was imported.`,
      { shopifyVariantIds: linked.map((l) => l.shopifyVariantId) },
    );

  const currency = api.currency ?? (await tx.directory.tenant()).currency;
  const mapped = await tx.query<{ location_id: string; shopify_location_id: string }>(
    'select location_id, shopify_location_id from shopify.location_links',
  );
  const created: Array<{ productId: string; shopifyProductId: string }> = [];
  for (const product of products) {
    const variants = product.variants.nodes.map(storeVariantOf);
    const axes = product.options.filter((o) => !isPlaceholderOption(o)).map((o) => o.name);
    const made = await services.catalog.createProduct({
      name: product.title,
      ...(axes.length > 0 ? { optionAxes: axes } : {}),
      variants: variants.map((variant) => {
        const amount = shopifyAmountToMinor(variant.price, currency);
        return {
          sku: skuFor(variant),
          ...(Object.keys(variant.options).length > 0 ? { options: variant.options } : {}),
          ...(variant.barcode ? { barcodes: [variant.barcode] } : {}),
          ...(amount !== undefined ? { price: { amount, currency } } : {}),
        };
      }),
    });
    await saveStoreVariants(tx, variants);
    await saveProducts(tx, [{ productId: made.productId, name: product.title, variantIds: made.variantIds }], {
      direction: 'shopify_to_kits',
    });
    await tx.query(`update shopify.products set direction = 'shopify_to_kits' where product_id = $1`, [made.productId]);
    const links = variants.map((variant, index) => ({
      variantId: made.variantIds[index]!,
      productId: made.productId,
      shopifyVariantId: variant.shopifyVariantId,
      shopifyProductId: product.id,
      inventoryItemId: variant.inventoryItemId,
      shopifyTitle: shopifyTitleOf(variant),
      matchedBy: 'import' as const,
    }));
    await saveLinks(tx, links);
    await takeStockFromShopify(tx, api, services.inventory, links, mapped);
    created.push({ productId: made.productId, shopifyProductId: product.id });
  }
  return created;
}

/** What Shopify holds at mapped locations becomes KiTS's stock of the new variants, and is known as Shopify's level. */
async function takeStockFromShopify(
  tx: TenantTransaction,
  api: AdminApi,
  inventory: InventoryService,
  links: ReadonlyArray<{ variantId: string; inventoryItemId: string }>,
  mapped: ReadonlyArray<{ location_id: string; shopify_location_id: string }>,
): Promise<void> {
  if (mapped.length === 0) return;
  const refs = links.flatMap((link) =>
    mapped.map((m) => ({ link, location: m, ref: { inventoryItemId: link.inventoryItemId, shopifyLocationId: m.shopify_location_id } })),
  );
  const levels = await readShopifyLevels(
    api,
    refs.map((r) => r.ref),
  );
  const holds: Array<{ variantId: string; locationId: string; shopify: number }> = [];
  for (const { link, location, ref } of refs) {
    const quantity = levels.get(refKey(ref));
    if (quantity === undefined || quantity === null) continue;
    if (quantity > 0)
      await inventory.adjust({ variantId: link.variantId, locationId: location.location_id, quantity, reason: 'Imported from Shopify' });
    holds.push({ variantId: link.variantId, locationId: location.location_id, shopify: quantity });
  }
  await noteShopifyHolds(tx, holds);
}
