/** Money is integer minor units of an ISO 4217 currency; this formats it for people (the PDF). */

/** Digits after the decimal point in `currency` (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 123456 EUR → "€1,234.56" (en locale), exact: built from the integer, never through a float sum. */
export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = BigInt(Math.abs(amountMinor));
  const scale = 10n ** BigInt(digits);
  const decimal = digits === 0 ? `${abs}` : `${abs / scale}.${(abs % scale).toString().padStart(digits, '0')}`;
  // Intl formats a decimal string exactly (ES2023 string input), with the currency's symbol.
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(`${sign}${decimal}` as unknown as number);
}
