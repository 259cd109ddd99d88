/**
 * What a locale writes around the digits of an amount, as Intl knows it: the decimal mark, the
 * grouping mark, its minus sign, its digits (Arabic-Indic ones, say) and the ways it names a
 * currency (€, US$, KWD). `parseMoney` reads what people type with these. Every text is in NFKC,
 * as the input is before it is read, so a full-width ￥ or digit typed through an IME matches.
 */
export interface LocaleSymbols {
  readonly decimal: string;
  readonly group: string;
  readonly minusSigns: readonly string[];
  /** The locale's digit characters, each to its ASCII digit (empty for a locale that writes 0–9). */
  readonly digits: ReadonlyMap<string, string>;
  /** The currency's symbol, narrow symbol and ISO code, longest first. */
  readonly currencyTexts: readonly string[];
}

/** Bidirectional marks some locales put around a sign or symbol: they carry no meaning here. */
export const BIDI_MARKS = /[\u200e\u200f\u061c]/g;

const known = new Map<string, LocaleSymbols>();

export function localeSymbols(currency: string, locale?: string): LocaleSymbols {
  const key = `${locale ?? ''}|${currency}`;
  let symbols = known.get(key);
  if (!symbols) {
    symbols = readSymbols(currency, locale);
    known.set(key, symbols);
  }
  return symbols;
}

function readSymbols(currency: string, locale: string | undefined): LocaleSymbols {
  const normal = (text: string) => text.normalize('NFKC').replace(BIDI_MARKS, '');
  // A sample with a sign, groups and decimals shows every mark (its value is never an amount).
  const parts = (currencyDisplay: 'symbol' | 'narrowSymbol' | 'code') =>
    new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay, minimumFractionDigits: 2 }).formatToParts(-1234567.5);
  const sample = parts('symbol');
  const part = (type: Intl.NumberFormatPartTypes) => normal(sample.find((p) => p.type === type)?.value ?? '');
  const currencyTexts = (['symbol', 'narrowSymbol', 'code'] as const)
    .map((display) => normal(parts(display).find((p) => p.type === 'currency')?.value ?? '').trim())
    .filter((text) => text !== '');
  const localeDigits = normal(new Intl.NumberFormat(locale, { useGrouping: false }).format(1234567890));
  const digits = new Map<string, string>();
  if ([...localeDigits].length === 10)
    [...localeDigits].forEach((digit, i) => digit !== '1234567890'[i] && digits.set(digit, '1234567890'[i]!));
  return {
    decimal: part('decimal') || '.',
    group: part('group') || ',',
    minusSigns: [...new Set(['-', '\u2212', part('minusSign')].filter((sign) => sign !== ''))],
    digits,
    currencyTexts: [...new Set(currencyTexts)].sort((a, b) => b.length - a.length),
  };
}
