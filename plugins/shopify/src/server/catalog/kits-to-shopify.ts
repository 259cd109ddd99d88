import type { CatalogService, EventContext, TenantTransaction } from '@kits/plugin-sdk';
import {
  openAdminApi,
  ShopifyAuthError,
  ShopifyRequestError,
  ShopifyThrottledError,
  ShopifyUserErrors,
  shopifySays,
  type AdminApi,
} from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { recordFailure, resolveFailures } from '../sync-status/failures.ts';
import { minorToShopifyAmount } from '../shopify-money.ts';
import { productTarget } from './shopify-to-kits.ts';
import { linksOfVariants, type VariantLink } from './variant-links.ts';
import { variantIdsOfProduct } from './kits-products.ts';

/** Products pushed per run: two mutations each (title, prices). */
const PRODUCTS_PER_RUN = 20;

const UPDATE_TITLE = `mutation KitsProductTitle($product: ProductUpdateInput!) {
  productUpdate(product: $product) { product { id title } userErrors { field message } }
}`;

const UPDATE_PRICES = `mutation KitsVariantPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id price } userErrors { field message } }
}`;

/**
 * A KiTS product changed: when its direction is kits_to_shopify and it has linked variants, its
 * title and prices wait to go to Shopify (the catalog job pushes them). Products of the other
 * direction are left alone — that is also what stops an echo of a change Shopify made.
 */
export async function markProductChanged(tx: TenantTransaction, productId: string): Promise<void> {
  await tx.query(
    `update shopify.products set push_wanted_since = now(), push_attempts = 0, push_next_at = null
      where product_id = $1 and direction = 'kits_to_shopify'
        and exists (select 1 from shopify.variant_links where product_id = $1)`,
    [productId],
  );
}

/**
 * Pushes the title and prices of products waiting to go to Shopify: the product's name as the
 * Shopify product's title (`productUpdate`), each linked variant's tenant-wide price in the shop's
 * currency (`productVariantsBulkUpdate`). Throttled or unreachable: they stay waiting. Refused by
 * Shopify or by a missing price: a catalog failure with the reason, tried again less and less often.
 */
export async function pushWantedProducts(context: EventContext<ShopifySettings>): Promise<number> {
  const { tx } = context;
  // The mark as text: a Date would lose its microseconds and never match it again.
  const due = await tx.query<{ product_id: string; wanted: string }>(
    `select product_id, push_wanted_since::text as wanted from shopify.products
      where push_wanted_since is not null and direction = 'kits_to_shopify' and (push_next_at is null or push_next_at <= now())
      order by push_wanted_since limit ${PRODUCTS_PER_RUN}`,
  );
  if (due.length === 0) return 0;
  const api = await openAdminApi(tx, context.settings);
  if (!api) return 0;
  const catalog = context.services.use('catalog@1');
  const currency = api.currency ?? (await tx.directory.tenant()).currency;
  let pushed = 0;
  for (const product of due) {
    try {
      await pushProduct(tx, api, catalog, currency, product.product_id);
      // A change that came while pushing keeps the product waiting.
      await tx.query(
        'update shopify.products set push_wanted_since = null, push_attempts = 0, push_next_at = null where product_id = $1 and push_wanted_since = $2::timestamptz',
        [product.product_id, product.wanted],
      );
      await resolveFailures(tx, 'catalog', [productTarget(product.product_id)]);
      pushed += 1;
    } catch (error) {
      if (error instanceof ShopifyThrottledError) break;
      if (!(
        error instanceof ShopifyUserErrors ||
        error instanceof ShopifyRequestError ||
        error instanceof ShopifyAuthError ||
        error instanceof ProductNotPushable
      ))
        throw error;
      const says = error instanceof ProductNotPushable ? { message: error.message, code: null } : shopifySays(error);
      await recordFailure(tx, {
        area: 'catalog',
        target: productTarget(product.product_id),
        message: says.message,
        shopifyCode: says.code,
      });
      await tx.query(
        `update shopify.products set push_attempts = push_attempts + 1,
                push_next_at = now() + make_interval(secs => least(3600, power(2, push_attempts + 1)::float8 * 5))
          where product_id = $1`,
        [product.product_id],
      );
      if (error instanceof ShopifyAuthError) break;
    }
  }
  return pushed;
}

/** A product that cannot go to Shopify as it is (no price in the shop's currency). */
class ProductNotPushable extends Error {}

async function pushProduct(
  tx: TenantTransaction,
  api: AdminApi,
  catalog: CatalogService,
  currency: string,
  productId: string,
): Promise<void> {
  const links = await linksOfVariants(tx, await variantIdsOfProduct(tx, productId));
  if (links.length === 0) return;
  const variants = new Map((await catalog.variantsById(links.map((l) => l.variantId))).map((v) => [v.variantId, v]));
  const byShopifyProduct = new Map<string, VariantLink[]>();
  for (const link of links) byShopifyProduct.set(link.shopifyProductId, [...(byShopifyProduct.get(link.shopifyProductId) ?? []), link]);
  for (const [shopifyProductId, productLinks] of byShopifyProduct) {
    const name = variants.get(productLinks[0]!.variantId)?.productName;
    if (name !== undefined) {
      await api.graphql(UPDATE_TITLE, { product: { id: shopifyProductId, title: name } });
      await tx.query('update shopify.store_variants set product_title = $2 where shopify_product_id = $1', [shopifyProductId, name]);
    }
    const prices = productLinks.flatMap((link) => {
      const price = variants.get(link.variantId)?.prices.find((p) => p.locationId === null && p.currency === currency);
      return price ? [{ id: link.shopifyVariantId, price: minorToShopifyAmount(price.amount, currency) }] : [];
    });
    if (prices.length === 0 && productLinks.length > 0 && [...variants.values()].some((v) => v.prices.length > 0))
      throw new ProductNotPushable(
        `${name ?? productId} has no price in the shop's currency (${currency}): add one in KiTS to send prices to Shopify.`,
      );
    if (prices.length > 0) {
      await api.graphql(UPDATE_PRICES, { productId: shopifyProductId, variants: prices });
      for (const { id, price } of prices)
        await tx.query('update shopify.store_variants set price = $2 where shopify_variant_id = $1', [id, price]);
    }
  }
}
