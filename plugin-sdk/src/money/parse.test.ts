import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { formatMoney } from './format.ts';
import { parseMoney } from './parse.ts';

/** Locales whose marks differ: decimal comma, space and apostrophe groups, Indian grouping, U+2212 minus, Arabic and Persian digits. */
const LOCALES = ['en', 'de-DE', 'fr-FR', 'de-CH', 'en-IN', 'ja-JP', 'nl-NL', 'pt-BR', 'sv-SE', 'es-ES', 'ar-EG', 'fa-IR', 'he-IL'];

describe('parseMoney reads what a person types', () => {
  it.each([
    ['12.5', 'EUR', 'en', 1250],
    ['12.50', 'EUR', 'en', 1250],
    ['12,50', 'EUR', 'de-DE', 1250],
    ['12,5', 'EUR', 'en', 1250],
    ['12', 'EUR', 'en', 1200],
    ['0.05', 'EUR', 'en', 5],
    ['.5', 'EUR', 'en', 50],
    ['1 234.56', 'EUR', 'en', 123456],
    ['1,234.56', 'EUR', 'en', 123456],
    ['1.234,56', 'EUR', 'de-DE', 123456],
    ['1.234,56', 'EUR', 'en', 123456],
    ['1,234', 'EUR', 'en', 123400],
    ['1.234', 'EUR', 'de-DE', 123400],
    ['1’234.50', 'CHF', 'de-CH', 123450],
    ["1'234.50", 'CHF', 'de-CH', 123450],
    ['12,34,567.00', 'INR', 'en-IN', 123456700],
    ['€12.50', 'EUR', 'en', 1250],
    ['12,50 €', 'EUR', 'de-DE', 1250],
    ['eur 12.50', 'EUR', 'en', 1250],
    ['  7  ', 'EUR', 'en', 700],
    ['1235', 'JPY', 'ja-JP', 1235],
    ['１，２３５', 'JPY', 'ja-JP', 1235],
    ['￥1,235', 'JPY', 'ja-JP', 1235],
    ['1.235', 'KWD', 'en', 1235],
    ['1,235', 'KWD', 'de-DE', 1235],
    ['0', 'EUR', 'en', 0],
    ['-0.00', 'EUR', 'en', 0],
  ])('%j in %s (%s) is %i minor units', (text, currency, locale, amount) => {
    expect(parseMoney(text, currency, { locale })).toBe(amount);
  });

  it.each([
    ['-12.50', 'EUR', 'en', -1250],
    ['−12,50', 'EUR', 'sv-SE', -1250],
    ['-€12.50', 'EUR', 'en', -1250],
    ['€ -12,50', 'EUR', 'nl-NL', -1250],
  ])('%j in %s (%s) is %i when negatives are allowed', (text, currency, locale, amount) => {
    expect(parseMoney(text, currency, { locale, allowNegative: true })).toBe(amount);
  });

  it.each([
    ['12.345', 'EUR', 'en', 'money.too_many_decimals', 'EUR has 2 decimals, and "12.345" has 3: type an amount like 12.50.'],
    ['1,234', 'EUR', 'de-DE', 'money.too_many_decimals', 'EUR has 2 decimals, and "1,234" has 3: type an amount like 12,50.'],
    ['12.5', 'JPY', 'en', 'money.too_many_decimals', 'JPY has no decimals: type a whole amount, like 1250.'],
    ['1.2345', 'KWD', 'en', 'money.too_many_decimals', 'KWD has 3 decimals, and "1.2345" has 4: type an amount like 12.500.'],
    ['-5', 'EUR', 'en', 'money.negative_amount', '"-5" is negative: type the amount without a minus sign, like 12.50.'],
    ['', 'EUR', 'en', 'money.not_an_amount', 'Type an amount in EUR, like 12.50.'],
    ['€', 'EUR', 'en', 'money.not_an_amount', 'Type an amount in EUR, like 12.50.'],
    ['abc', 'EUR', 'en', 'money.not_an_amount', '"abc" is not an amount in EUR: type digits, like 12.50.'],
    ['1e3', 'EUR', 'en', 'money.not_an_amount', '"1e3" is not an amount in EUR: type digits, like 12.50.'],
    ['12.50 $', 'EUR', 'en', 'money.not_an_amount', '"12.50 $" is not an amount in EUR: type digits, like 12.50.'],
    ['1,2,3', 'EUR', 'en', 'money.not_an_amount', '"1,2,3" is not an amount in EUR: type digits, like 12.50.'],
    ['1.234.5', 'EUR', 'en', 'money.not_an_amount', '"1.234.5" is not an amount in EUR: type digits, like 12.50.'],
    ['1,234.5,6', 'EUR', 'en', 'money.not_an_amount', '"1,234.5,6" is not an amount in EUR: type digits, like 12.50.'],
    ['12 3', 'EUR', 'en', 'money.not_an_amount', '"12 3" is not an amount in EUR: type digits, like 12.50.'],
    ['--1', 'EUR', 'en', 'money.not_an_amount', '"--1" is not an amount in EUR: type digits, like 12.50.'],
    ['.', 'EUR', 'en', 'money.not_an_amount', '"." is not an amount in EUR: type digits, like 12.50.'],
    ['Infinity', 'EUR', 'en', 'money.not_an_amount', '"Infinity" is not an amount in EUR: type digits, like 12.50.'],
    [
      '99999999999999999',
      'EUR',
      'en',
      'money.amount_too_large',
      '"99999999999999999" is more than an amount in EUR can be: check the number.',
    ],
  ])('%j in %s (%s) is refused with %s, saying what to type', (text, currency, locale, code, message) => {
    let refusal: unknown;
    try {
      parseMoney(text, currency, { locale });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Error);
    expect(isDomainError(refusal) && { code: refusal.code, status: refusal.status, message: refusal.message }).toEqual({
      code,
      status: 422,
      message,
    });
  });

  it('quotes back at most 40 characters of what was typed', () => {
    expect(() => parseMoney('x'.repeat(10_000), 'EUR', { locale: 'en' })).toThrow(
      `"${'x'.repeat(40)}…" is not an amount in EUR: type digits, like 12.50.`,
    );
  });

  it('refuses a code that is not an ISO 4217 currency', () => {
    expect(() => parseMoney('1', 'QQQ')).toThrow(/not an ISO 4217 currency code/);
  });

  it('reads back what formatMoney writes, in every locale, for currencies of 0, 2, 3 and 4 decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('JPY', 'KRW', 'EUR', 'USD', 'INR', 'CHF', 'KWD', 'IQD', 'CLF'),
        fc.constantFrom(...LOCALES),
        (amount, currency, locale) => {
          expect(parseMoney(formatMoney(amount, currency, locale), currency, { locale, allowNegative: true })).toBe(amount);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back the plain digits of an amount, with its decimals in the locale’s mark', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000_000 }),
        fc.constantFrom(['EUR', 2], ['JPY', 0], ['KWD', 3]),
        fc.constantFrom('en', 'de-DE'),
        (amount, [currency, exponent], locale) => {
          const mark = locale === 'en' ? '.' : ',';
          const digits = String(amount).padStart(Number(exponent) + 1, '0');
          const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}${mark}${digits.slice(-exponent)}`;
          expect(parseMoney(text, String(currency), { locale })).toBe(amount);
        },
      ),
    );
  });
});
