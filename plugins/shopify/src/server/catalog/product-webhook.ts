import type { WebhookRequest } from '@kits/plugin-sdk';
import { readConnection } from '../connection/connection-store.ts';
import type { ShopifySettings } from '../settings.ts';
import { applyShopifyChanges } from './shopify-to-kits.ts';
import { saveStoreVariants, storeVariantsById, type StoreVariant } from './store-variants.ts';

export interface ProductUpdateAnswer {
  /** KiTS variants whose price or product name was brought in line (shopify_to_kits products). */
  readonly applied: number;
  /** Variants KiTS could not update (recorded as catalog failures). */
  readonly failed: number;
}

interface RestVariant {
  readonly id?: unknown;
  readonly admin_graphql_api_id?: unknown;
  readonly sku?: unknown;
  readonly barcode?: unknown;
  readonly price?: unknown;
  readonly title?: unknown;
  readonly inventory_item_id?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const gidOf = (value: unknown, gid: unknown, type: string): string | undefined => {
  if (typeof gid === 'string' && gid.startsWith(`gid://shopify/${type}/`)) return gid;
  if ((typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^\d+$/.test(value)))
    return `gid://shopify/${type}/${value}`;
  return undefined;
};

/**
 * Shopify's `products/update` webhook (the dispatcher checked its signature and that it is applied
 * once): what the store now says of the product's title and its variants' prices is kept, and
 * brought into KiTS for linked variants of shopify_to_kits products. The payload is Shopify's REST
 * shape (`admin_graphql_api_id`, `title`, `variants[]` with `price` as decimal text); what it lacks or
 * garbles is left alone, and a variant KiTS never read is kept only when the payload names its
 * inventory item.
 */
export async function receiveProductUpdate(
  request: WebhookRequest<ShopifySettings>,
  payload: Record<string, unknown>,
): Promise<ProductUpdateAnswer> {
  const { tx } = request;
  const productId = gidOf(payload.id, payload.admin_graphql_api_id, 'Product');
  const title = text(payload.title);
  const variants = Array.isArray(payload.variants) ? (payload.variants as RestVariant[]) : [];
  if (!productId || title === undefined) return { applied: 0, failed: 0 };
  const ids = variants.map((v) => gidOf(v.id, v.admin_graphql_api_id, 'ProductVariant')).filter((id): id is string => id !== undefined);
  const known = new Map((await storeVariantsById(tx, ids)).map((v) => [v.shopifyVariantId, v]));
  const status = text(payload.status)?.toUpperCase();
  const heard: StoreVariant[] = [];
  for (const variant of variants) {
    const id = gidOf(variant.id, variant.admin_graphql_api_id, 'ProductVariant');
    if (!id) continue;
    const before = known.get(id);
    const inventoryItemId = before?.inventoryItemId ?? gidOf(variant.inventory_item_id, undefined, 'InventoryItem');
    if (!inventoryItemId) continue;
    heard.push({
      shopifyVariantId: id,
      shopifyProductId: productId,
      inventoryItemId,
      sku: (text(variant.sku) ?? before?.sku ?? '').trim(),
      barcode: (text(variant.barcode) ?? before?.barcode ?? '').trim(),
      title: text(variant.title) ?? before?.title ?? '',
      productTitle: title,
      productStatus: status && ['ACTIVE', 'ARCHIVED', 'DRAFT'].includes(status) ? status : (before?.productStatus ?? 'ACTIVE'),
      options: before?.options ?? {},
      price: text(variant.price) ?? before?.price ?? '0',
    });
  }
  await saveStoreVariants(tx, heard);
  const connection = await readConnection(tx);
  const currency = connection?.currency ?? (await tx.directory.tenant()).currency;
  return applyShopifyChanges(tx, request.services.use('catalog@1'), currency, heard);
}
