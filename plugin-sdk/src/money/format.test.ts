import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToMinor, minorToDecimal } from './decimal.ts';
import { formatDecimal, formatMoney } from './format.ts';

describe('formatMoney', () => {
  it.each([
    [123456, 'EUR', 'en', '€1,234.56'],
    [123456, 'EUR', 'de-DE', '1.234,56\u00a0€'],
    [-5, 'USD', 'en', '-$0.05'],
    [0, 'EUR', 'en', '€0.00'],
    [1235, 'JPY', 'en', '¥1,235'],
    [1235, 'KWD', 'en', 'KWD\u00a01.235'],
    [12345, 'CLF', 'en', 'CLF\u00a01.2345'],
    // ISO gives the Iraqi dinar 3 decimals where Intl (CLDR) would show none.
    [150, 'IQD', 'en', 'IQD\u00a00.150'],
    [9_007_199_254_740_991, 'EUR', 'en', '€90,071,992,547,409.91'],
  ])('%i %s in %s is %s', (amount, currency, locale, text) => {
    expect(formatMoney(amount, currency, locale)).toBe(text);
  });

  it('refuses an amount that is not whole minor units, and a code that is not a currency', () => {
    expect(() => formatMoney(19.99, 'EUR', 'en')).toThrow(/whole number of minor units/);
    expect(() => formatMoney(1999, 'QQQ', 'en')).toThrow(/not an ISO 4217 currency code/);
  });
});

describe('formatDecimal and the exact decimal text behind it', () => {
  it.each([
    [123456, 'EUR', '1234.56'],
    [-5, 'EUR', '-0.05'],
    [1235, 'JPY', '1235'],
    [5, 'KWD', '0.005'],
    [12345, 'CLF', '1.2345'],
  ])('%i %s is %s', (amount, currency, text) => {
    expect(formatDecimal(amount, currency)).toBe(text);
  });

  it.each(['19.999', '1,50', 'abc', '', '1e3', ' 1', '+1', '.5', '5.', '--1'])('%j is not a decimal with 2 digits', (text) => {
    expect(decimalToMinor(text, 2)).toBeUndefined();
  });

  it('refuses a decimal past 2^53 minor units', () => {
    expect(decimalToMinor('90071992547409.91', 2)).toBe(9_007_199_254_740_991);
    expect(decimalToMinor('90071992547409.92', 2)).toBeUndefined();
  });

  it('reads back what it writes, for every exponent', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom(0, 2, 3, 4), (amount, exponent) => {
        expect(decimalToMinor(minorToDecimal(amount, exponent), exponent)).toBe(amount);
      }),
    );
  });
});
