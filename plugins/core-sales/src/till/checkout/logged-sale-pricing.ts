import { priceSale, type Discount, type PricedSale } from '../../shared/pricing.ts';
import type { TillVariant } from '@kits/plugin-sdk/till';
import { variantsByIds, type SalesTill } from '../sales-till.ts';
import { CheckoutRefused, type TillPricing } from './checkout-machine.ts';

/** A variant's price here: this location's, else the tenant's; undefined without one in the currency. */
export function variantPrice(variant: TillVariant, currency: string, locationId?: string): number | undefined {
  const inCurrency = variant.prices.filter((price) => price.currency === currency);
  return (inCurrency.find((price) => price.locationId === (locationId ?? null)) ?? inCurrency.find((price) => price.locationId === null))
    ?.amount;
}

/**
 * Prices a sale the till logged, again and as the server will (a resubmitted denied sale, a
 * return's share of it): each line at the price it was sold for — its override, else the
 * catalog's — with its discount, the sale's discount and the tenant's promotions.
 */
export async function priceLoggedSale(
  till: Pick<SalesTill, 'catalog'>,
  sale: {
    readonly lines: ReadonlyArray<{ variantId: string; quantity: number; unitPrice?: number; discount?: Discount }>;
    readonly cartDiscount?: Discount;
  },
  pricing: TillPricing,
): Promise<{ readonly priced: PricedSale; readonly variants: ReadonlyMap<string, TillVariant> }> {
  const variants: ReadonlyMap<string, TillVariant> = await variantsByIds(
    till.catalog,
    sale.lines.map((line) => line.variantId),
  );
  const priced = priceSale(
    sale.lines.map((line) => {
      const variant = variants.get(line.variantId);
      if (!variant) {
        throw new CheckoutRefused('checkout.unknown_variant', `This till does not know variant ${line.variantId} any more: void the sale.`);
      }
      return {
        variantId: line.variantId,
        quantity: line.quantity,
        unitPrice: line.unitPrice ?? variantPrice(variant, pricing.currency) ?? 0,
        taxRates: pricing.taxRates[variant.taxClass] ?? [],
        ...(line.discount ? { discount: line.discount } : {}),
      };
    }),
    sale.cartDiscount,
    pricing.promotions,
    { pricesIncludeTax: pricing.pricesIncludeTax, taxRounding: pricing.taxRounding },
  );
  return { priced, variants };
}
