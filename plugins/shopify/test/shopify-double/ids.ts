/** Shopify's global ids: `gid://shopify/<Type>/<number>`. */
export type GidType =
  | 'Shop'
  | 'Location'
  | 'Product'
  | 'ProductOption'
  | 'ProductVariant'
  | 'InventoryItem'
  | 'InventoryLevel'
  | 'InventoryQuantity'
  | 'InventoryAdjustmentGroup'
  | 'ProductSetOperation'
  | 'Order'
  | 'LineItem'
  | 'ShippingLine'
  | 'OrderTransaction'
  | 'FulfillmentOrder'
  | 'Refund'
  | 'RefundLineItem'
  | 'WebhookSubscription';

export function gid(type: GidType, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

/** The number in a gid of the given type; undefined for anything else (another type, a bare number, junk). */
export function gidNumber(value: string, type: GidType): number | undefined {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match || match[1] !== type) return undefined;
  return Number(match[2]);
}

/** The type named in a gid, for `node(id:)`/`nodes(ids:)`. */
export function gidType(value: string): { type: string; id: number } | undefined {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  return match ? { type: match[1]!, id: Number(match[2]) } : undefined;
}
