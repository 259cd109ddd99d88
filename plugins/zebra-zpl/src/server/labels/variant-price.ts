import type { CatalogVariant } from '@kits/plugin-sdk';

/** The nil uuid stands for "the tenant-wide price" where a key needs a value (zebra.shelf_prices.location_key). */
export const TENANT_WIDE = '00000000-0000-0000-0000-000000000000';

/**
 * The price on a variant's shelves at `locationId` in the tenant's `currency`: the location's own
 * price when it has one, else the tenant-wide price; null when the variant has neither.
 */
export function shelfPrice(
  variant: CatalogVariant,
  currency: string,
  locationId: string | null,
): { amount: number; currency: string } | null {
  const inCurrency = variant.prices.filter((price) => price.currency === currency);
  const own = locationId === null ? undefined : inCurrency.find((price) => price.locationId === locationId);
  const price = own ?? inCurrency.find((price) => price.locationId === null);
  return price ? { amount: price.amount, currency: price.currency } : null;
}

/** The variant as people name it on a label: the product's name with its option values (`T-shirt — M / Blue`). */
export function variantTitle(variant: CatalogVariant): string {
  const options = Object.values(variant.options);
  return options.length > 0 ? `${variant.productName} — ${options.join(' / ')}` : variant.productName;
}
