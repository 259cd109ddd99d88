import type { SellableItem, TillPricing } from '../../../src/till/checkout/checkout-machine.ts';

/** The checkout tests' shop: prices include VAT (20 % standard, 5 % reduced), cash rounds to 0.05. */
export const PRICING: TillPricing = {
  currency: 'EUR',
  pricesIncludeTax: true,
  taxRounding: 'line',
  cashRounding: 5,
  taxRates: { standard: [{ name: 'VAT', basisPoints: 2000 }], reduced: [{ name: 'VAT', basisPoints: 500 }] },
  promotions: [],
};
export const coffee: SellableItem = { variantId: 'v-coffee', name: 'Flat White', sku: 'COF-FW', unitPrice: 340, taxClass: 'reduced' };
export const mug: SellableItem = { variantId: 'v-mug', name: 'Ceramic Mug', sku: 'MUG', unitPrice: 1250, taxClass: 'standard' };
