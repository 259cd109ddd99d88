import { Type } from 'typebox';

/**
 * Every currency of ISO 4217 Table A.1 that money can be counted in, with its minor-unit exponent:
 * an amount is an integer count of 10^-exponent of the currency (1999 EUR = €19.99, 1999 JPY =
 * ¥1999, 1999 KWD = 1.999 KD). From the standard's list, not from CLDR (which gives IQD 0 where
 * ISO gives 3, for one). Left out on purpose: the codes whose minor unit is "N.A." (gold XAU,
 * silver XAG, platinum XPT, palladium XPD, the bond units XBA–XBD, XDR, XSU, XUA, the test code XTS
 * and XXX "no currency"), in which no shop prices anything, and withdrawn ones (HRK, ANG, ZWL, SLL, CUC…).
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  ...exponent(0, 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'),
  ...exponent(3, 'BHD IQD JOD KWD LYD OMR TND'),
  ...exponent(4, 'CLF UYW'),
  ...exponent(
    2,
    `AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
     CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL
     GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR
     LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD
     PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC
     SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG`,
  ),
});

function exponent(digits: number, codes: string): Record<string, number> {
  return Object.fromEntries(
    codes
      .trim()
      .split(/\s+/)
      .map((code) => [code, digits]),
  );
}

/** The JSON Schema `format` of a currency code; the kernel's validators know it (see `CurrencyCode`). */
export const CURRENCY_FORMAT = 'iso4217';

/** Whether `code` is a currency of ISO 4217 that money can be counted in (`EUR`, `JPY`; not `QQQ`, not `eur`). */
export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** Digits after the decimal point of `currency`: 2 for EUR, 0 for JPY, 3 for KWD, 4 for CLF. Throws for an unknown code. */
export function currencyExponent(currency: string): number {
  if (!isCurrencyCode(currency)) throw new RangeError(`"${currency}" is not an ISO 4217 currency code`);
  return CURRENCY_EXPONENTS[currency]!;
}

/**
 * A currency code in a request body. The pattern checks the shape; the `iso4217` format, which the
 * kernel's validators check against `CURRENCY_EXPONENTS`, answers a well-shaped code that is not a
 * currency (`QQQ`) with 422 `money.unknown_currency` naming the field. Whether the tenant uses the
 * currency is the route's to check (`requireAcceptedCurrency`).
 */
export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  format: CURRENCY_FORMAT,
  description: 'ISO 4217 currency code (EUR, USD, JPY): amounts are integer minor units of it',
});
