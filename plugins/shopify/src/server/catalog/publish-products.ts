import { conflict, notFound, type CatalogService, type CatalogVariant, type TenantTransaction } from '@kits/plugin-sdk';
import type { AdminApi } from '../admin-api/index.ts';
import { variantIdsOfProduct } from './kits-products.ts';
import { minorToShopifyAmount } from '../shopify-money.ts';
import { saveStoreVariants, shopifyTitleOf, type StoreVariant } from './store-variants.ts';
import { linksOfVariants, saveLinks } from './variant-links.ts';

/** Variants of one published product at most (what the answer's `variants(first: 100)` reads back). */
const MAX_VARIANTS = 100;

const PRODUCT_SET = `mutation KitsPublishProduct($input: ProductSetInput!) {
  productSet(synchronous: true, input: $input) {
    product { id title status variants(first: 100) { nodes { id sku title price inventoryItem { id } } } }
    userErrors { code field message }
  }
}`;

interface ProductSetAnswer {
  readonly productSet: {
    readonly product: {
      readonly id: string;
      readonly title: string;
      readonly status: string;
      readonly variants: {
        readonly nodes: ReadonlyArray<{
          readonly id: string;
          readonly sku: string | null;
          readonly title: string;
          readonly price: string;
          readonly inventoryItem: { readonly id: string };
        }>;
      };
    } | null;
  };
}

/** A publishable product: its active variants, their option axes, a price each in the shop's currency. */
interface PublishPlan {
  readonly productId: string;
  readonly name: string;
  readonly axes: readonly string[];
  readonly variants: readonly CatalogVariant[];
  readonly prices: ReadonlyMap<string, number>;
}

/**
 * Creates KiTS products on Shopify (`productSet`, synchronous): title, options, and each active
 * variant with its SKU, first barcode and tenant-wide price in the shop's currency; the Shopify
 * variants are linked one to one (`publish`) and the product's direction is kits_to_shopify, so
 * later changes in KiTS follow; the stock is pushed by the pusher (the links want it). Every
 * product is checked before any is sent: an unknown product, one with a variant already linked,
 * without active variants, or without a price in the shop's currency refuses the whole request.
 */
export async function publishProducts(
  tx: TenantTransaction,
  api: AdminApi,
  catalog: CatalogService,
  productIds: readonly string[],
): Promise<Array<{ productId: string; shopifyProductId: string }>> {
  const currency = api.currency ?? (await tx.directory.tenant()).currency;
  const plans: PublishPlan[] = [];
  for (const productId of new Set(productIds)) plans.push(await planOf(tx, catalog, productId, currency));
  const published: Array<{ productId: string; shopifyProductId: string }> = [];
  for (const plan of plans) {
    const answer = await api.graphql<ProductSetAnswer>(PRODUCT_SET, { input: productSetInput(plan, currency) }, { expectedCost: 10 });
    const product = answer.productSet.product;
    if (!product) throw conflict('shopify.publish_failed', `Shopify created no product for ${plan.name}.`, { productId: plan.productId });
    const bySku = new Map(product.variants.nodes.map((node) => [node.sku ?? '', node]));
    const storeVariants: StoreVariant[] = [];
    const links = plan.variants.flatMap((variant) => {
      const node = bySku.get(variant.sku);
      if (!node) return [];
      storeVariants.push({
        shopifyVariantId: node.id,
        shopifyProductId: product.id,
        inventoryItemId: node.inventoryItem.id,
        sku: variant.sku,
        barcode: variant.barcodes[0] ?? '',
        title: node.title,
        productTitle: product.title,
        productStatus: product.status,
        options: variant.options,
        price: node.price,
      });
      return [
        {
          variantId: variant.variantId,
          productId: plan.productId,
          shopifyVariantId: node.id,
          shopifyProductId: product.id,
          inventoryItemId: node.inventoryItem.id,
          shopifyTitle: shopifyTitleOf({ title: node.title, productTitle: product.title }),
          matchedBy: 'publish' as const,
        },
      ];
    });
    await saveStoreVariants(tx, storeVariants);
    await saveLinks(tx, links);
    await tx.query(`update shopify.products set direction = 'kits_to_shopify', updated_at = now() where product_id = $1`, [plan.productId]);
    published.push({ productId: plan.productId, shopifyProductId: product.id });
  }
  return published;
}

async function planOf(tx: TenantTransaction, catalog: CatalogService, productId: string, currency: string): Promise<PublishPlan> {
  const known = await variantIdsOfProduct(tx, productId);
  const variants = (await catalog.variantsById(known)).filter((v) => v.productId === productId && v.active);
  if (known.length === 0 || variants.length === 0)
    throw notFound(
      'shopify.unknown_product',
      `KiTS knows no active product ${productId} to publish: it is not in the catalog read by the last match (run a match), or it has no active variants.`,
      { productId },
    );
  const name = variants[0]!.productName;
  if (variants.length > MAX_VARIANTS)
    throw conflict(
      'shopify.too_many_variants',
      `${name} has ${variants.length} variants; KiTS publishes products of up to ${MAX_VARIANTS}.`,
      { productId },
    );
  const linked = await linksOfVariants(
    tx,
    variants.map((v) => v.variantId),
  );
  if (linked.length > 0)
    throw conflict(
      'shopify.already_linked',
      `${name} has variants linked to Shopify already (${linked.map((l) => l.shopifyVariantId).join(', ')}): link the others by hand instead of publishing.`,
      { productId },
    );
  const axes = Object.keys(variants[0]!.options);
  if (axes.length === 0 && variants.length > 1)
    throw conflict(
      'shopify.options_needed',
      `${name} has several variants without options: Shopify tells variants apart by their option values.`,
      { productId },
    );
  const prices = new Map<string, number>();
  const unpriced: string[] = [];
  for (const variant of variants) {
    const price = variant.prices.find((p) => p.locationId === null && p.currency === currency);
    if (price) prices.set(variant.variantId, price.amount);
    else unpriced.push(variant.sku);
  }
  if (unpriced.length > 0)
    throw conflict(
      'shopify.price_missing',
      `${name} has no price in the shop's currency (${currency}) for ${unpriced.join(', ')}: add one in KiTS before publishing.`,
      { productId, skus: unpriced },
    );
  return { productId, name, axes, variants, prices };
}

function productSetInput(plan: PublishPlan, currency: string) {
  const placeholder = plan.axes.length === 0;
  const productOptions = placeholder
    ? [{ name: 'Title', values: [{ name: 'Default Title' }] }]
    : plan.axes.map((axis) => ({
        name: axis,
        values: [...new Set(plan.variants.map((v) => v.options[axis] ?? ''))].map((name) => ({ name })),
      }));
  return {
    title: plan.name,
    status: 'ACTIVE',
    productOptions,
    variants: plan.variants.map((variant) => ({
      optionValues: placeholder
        ? [{ optionName: 'Title', name: 'Default Title' }]
        : plan.axes.map((axis) => ({ optionName: axis, name: variant.options[axis] ?? '' })),
      sku: variant.sku,
      ...(variant.barcodes[0] ? { barcode: variant.barcodes[0] } : {}),
      price: minorToShopifyAmount(plan.prices.get(variant.variantId)!, currency),
      inventoryItem: { tracked: true },
    })),
  };
}
