import { isDomainError, type CatalogService, type TenantTransaction } from '@kits/plugin-sdk';
import { recordFailure, resolveFailures } from '../sync-status/failures.ts';
import { shopifyAmountToMinor } from '../shopify-money.ts';
import type { StoreVariant } from './store-variants.ts';

/** A catalog failure's target for one KiTS product (what its retry pushes or pulls again). */
export const productTarget = (productId: string): string => `product:${productId}`;

/**
 * Shopify's price and title of these variants brought into KiTS, for those linked to a KiTS product
 * whose direction is shopify_to_kits (others are left alone: their direction is KiTS → Shopify).
 * catalog@1 changes only what differs (no event for what is already so), so Shopify's echo of a
 * change KiTS made, or a webhook and a pull saying the same, change nothing. A change KiTS refuses
 * (a currency it does not take, say) is a catalog failure with the reason; the others go on.
 */
export async function applyShopifyChanges(
  tx: TenantTransaction,
  catalog: CatalogService,
  currency: string,
  variants: readonly StoreVariant[],
): Promise<{ applied: number; failed: number }> {
  if (variants.length === 0) return { applied: 0, failed: 0 };
  const rows = await tx.query<{ variant_id: string; product_id: string; shopify_variant_id: string }>(
    `select vl.variant_id, vl.product_id, vl.shopify_variant_id
       from shopify.variant_links vl join shopify.products p on p.product_id = vl.product_id
      where vl.shopify_variant_id = any($1::text[]) and p.direction = 'shopify_to_kits'`,
    [variants.map((v) => v.shopifyVariantId)],
  );
  const byShopifyId = new Map(variants.map((v) => [v.shopifyVariantId, v]));
  let applied = 0;
  let failed = 0;
  for (const row of rows) {
    const variant = byShopifyId.get(row.shopify_variant_id)!;
    const amount = shopifyAmountToMinor(variant.price, currency);
    try {
      await tx.savepoint(() =>
        catalog.updateVariant(row.variant_id, {
          productName: variant.productTitle,
          ...(amount !== undefined ? { price: { amount, currency } } : {}),
        }),
      );
      await resolveFailures(tx, 'catalog', [productTarget(row.product_id)]);
      applied += 1;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      failed += 1;
      await recordFailure(tx, {
        area: 'catalog',
        target: productTarget(row.product_id),
        message: `Shopify's price or title of ${variant.sku || variant.shopifyVariantId} could not be taken into KiTS: ${error.message}`,
        shopifyCode: null,
      });
    }
  }
  return { applied, failed };
}
