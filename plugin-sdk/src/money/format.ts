import { currencyExponent } from './currencies.ts';
import { minorToDecimal } from './decimal.ts';

/**
 * Money as people read it. The number of decimals is the currency's ISO 4217 exponent from our
 * table (not Intl's, which follows CLDR: IQD has 3 in ISO, 0 in CLDR); Intl supplies the symbol,
 * grouping and decimal mark of the locale. The amount reaches Intl as exact decimal text.
 */

const formatters = new Map<string, Intl.NumberFormat>();

/** The locale's currency formatter with the ISO exponent as its decimals (made once per locale and currency). */
function currencyFormatter(currency: string, locale?: string): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = currencyExponent(currency);
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * 123456 EUR → "€1,234.56" in `en`, "1.234,56 €" in `de`; 1235 JPY → "¥1,235"; 1235 KWD → "KWD 1.235".
 * Without `locale`, the runtime's own (the till's browser language). Throws a RangeError for an
 * amount that is not a whole number of minor units or a code that is not an ISO 4217 currency.
 */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  const formatter = currencyFormatter(currency, locale);
  return formatter.format(minorToDecimal(amount, currencyExponent(currency)) as `${number}`);
}

/** 123456 EUR → "1234.56", 1235 JPY → "1235": a plain decimal for columns and files, no symbol or grouping. */
export function formatDecimal(amount: number, currency: string): string {
  return minorToDecimal(amount, currencyExponent(currency));
}
