import type { TestKernel } from '@kits/kernel/test-kit';

// The repo's one list of first-party plugins (what a till needs on the server to sell: inventory and sales).
export { firstPartyPlugin, SHOP_PLUGINS } from '../../../../testing/first-party-plugins.ts';

/** A product for the test shop: one variant with a barcode, an EUR price and stock at the tenant's store. */
export interface ShelfItem {
  readonly name: string;
  readonly sku: string;
  readonly barcode: string;
  /** EUR, minor units. */
  readonly price: number;
  readonly quantity: number;
  readonly taxClass?: string;
}

/** Puts the products on the test tenant's shelf through the API; their variant ids by SKU. */
export async function stockShelf(kit: TestKernel, items: readonly ShelfItem[]): Promise<Record<string, string>> {
  const variants: Record<string, string> = {};
  for (const item of items) {
    const created = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
      body: {
        name: item.name,
        unit: 'piece',
        ...(item.taxClass ? { taxClass: item.taxClass } : {}),
        variants: [{ sku: item.sku, barcodes: [{ code: item.barcode }], prices: [{ currency: 'EUR', amount: item.price }] }],
      },
    });
    const variantId = created.body.variants[0]!.id;
    variants[item.sku] = variantId;
    await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity: item.quantity }] },
    });
  }
  return variants;
}
