import { currencyExponent, decimalToMinor, minorToDecimal } from '@kits/plugin-sdk';

/**
 * Shopify writes money as decimal text: GraphQL `Money` ("12.50"), `Decimal` ("12.5", "10.0") and
 * the REST webhook payloads ("12.50"). Converted exactly with the currency's exponent, never
 * through a float; zeros past the exponent ("12.500") are only zeros.
 */
export function shopifyAmountToMinor(text: string, currency: string): number | undefined {
  const exponent = currencyExponent(currency);
  const trimmed = text.trim();
  const [whole, fraction] = trimmed.split('.');
  const kept = fraction === undefined ? trimmed : `${whole}.${fraction.slice(0, exponent)}`;
  if (fraction !== undefined && /[^0]/.test(fraction.slice(exponent))) return undefined;
  return decimalToMinor(kept.endsWith('.') ? kept.slice(0, -1) : kept, exponent);
}

/** Minor units as Shopify's `Money` input ("12.50"). */
export const minorToShopifyAmount = (amount: number, currency: string): string => minorToDecimal(amount, currencyExponent(currency));
