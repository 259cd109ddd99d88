import { acceptedCurrencies, requireAcceptedCurrency, type AcceptedCurrencies, type TenantTransaction } from '@kits/plugin-sdk';
import type { InventorySettings } from '../settings.ts';
import type { ProductInput } from './schemas.ts';

/** Prices and costs are in the tenant's currency, or one the `otherCurrencies` setting lists. */
export const inventoryCurrencies = (tx: TenantTransaction, settings: InventorySettings): Promise<AcceptedCurrencies> =>
  acceptedCurrencies(tx, settings.otherCurrencies ?? []);

/** Refuses (422, naming the field) a product whose prices or costs are in a currency the tenant does not take here. */
export function requireProductCurrencies(product: Pick<ProductInput, 'variants'>, accepted: AcceptedCurrencies): void {
  product.variants.forEach((variant, v) => {
    if (variant.cost) requireAcceptedCurrency(variant.cost.currency, `body.variants.${v}.cost.currency`, accepted);
    variant.prices?.forEach((price, p) => requireAcceptedCurrency(price.currency, `body.variants.${v}.prices.${p}.currency`, accepted));
  });
}
