import { currencyExponent, decimalToMinor, minorToDecimal } from '@kits/plugin-sdk/money';

/**
 * Shopify's money is decimal text. The double keeps integer minor units and writes them the way
 * each surface does: GraphQL `Decimal` drops trailing zeros but keeps one fraction digit ("10.0",
 * "12.5", "12.99"), `Money` and the REST webhook payloads keep the currency's digits ("12.50").
 */
export function toMinor(text: string, currency: string, field: string): number {
  const minor = decimalToMinor(text.trim(), currencyExponent(currency));
  if (minor === undefined) throw new TypeError(`${field}: "${text}" is not a decimal amount in ${currency}`);
  return minor;
}

export function moneyText(minor: number, currency: string): string {
  return minorToDecimal(minor, currencyExponent(currency));
}

export function decimalText(minor: number, currency: string): string {
  const text = moneyText(minor, currency);
  if (!text.includes('.')) return `${text}.0`;
  const trimmed = text.replace(/0+$/, '');
  return trimmed.endsWith('.') ? `${trimmed}0` : trimmed;
}
