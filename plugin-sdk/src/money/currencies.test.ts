import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CURRENCY_EXPONENTS, CurrencyCode, currencyExponent, isCurrencyCode } from './currencies.ts';
import { NON_BLANK_LINES_PATTERN, NON_BLANK_TEXT_PATTERN } from '../text-schemas.ts';

describe('the ISO 4217 table', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['CLP', 0],
    ['VND', 0],
    ['XOF', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
    ['HUF', 2],
    ['IDR', 2],
  ])('%s has %i minor-unit digits', (code, digits) => {
    expect(isCurrencyCode(code)).toBe(true);
    expect(currencyExponent(code)).toBe(digits);
  });

  it.each(['QQQ', 'eur', 'EU', 'EURO', '', 'XXX', 'XTS', 'XAU', 'HRK', 'toString', '__proto__', 42, null])(
    '%j is not a currency money is counted in',
    (code) => {
      expect(isCurrencyCode(code)).toBe(false);
    },
  );

  it('throws on the exponent of an unknown code rather than guessing 2', () => {
    expect(() => currencyExponent('QQQ')).toThrow(/not an ISO 4217 currency code/);
  });

  it('holds every active code with a minor unit, each three capital letters, with 0, 2, 3 or 4 digits', () => {
    const codes = Object.keys(CURRENCY_EXPONENTS);
    expect(codes.length).toBeGreaterThanOrEqual(160);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{3}$/);
    expect(new Set(Object.values(CURRENCY_EXPONENTS))).toEqual(new Set([0, 2, 3, 4]));
  });

  it('CurrencyCode takes EUR and refuses QQQ through its format, as the kernel registers it', () => {
    const ajv = new Ajv({ strict: false });
    ajv.addFormat('iso4217', { type: 'string', validate: isCurrencyCode });
    const validate = ajv.compile(CurrencyCode);
    expect(validate('EUR')).toBe(true);
    expect(validate('QQQ')).toBe(false);
    expect(validate('eur')).toBe(false);
  });
});

describe('non-blank text patterns', () => {
  const name = new RegExp(NON_BLANK_TEXT_PATTERN, 'u');
  const lines = new RegExp(NON_BLANK_LINES_PATTERN, 'u');
  it.each([
    ['Ada Lovelace', true, true],
    [' spaced ', true, true],
    ['😀', true, true],
    ['', false, false],
    ['   ', false, false],
    ['\u00a0\u2007\u202f', false, false],
    ['\t\n', false, false],
    ['two\nlines', false, true],
    ['tab\there', false, true],
    ['nul\u0000', false, false],
    ['bell\u0007', false, false],
    ['c1\u0085', false, false],
  ])('%j: a name %s, text spanning lines %s', (text, asName, asLines) => {
    expect(name.test(text)).toBe(asName);
    expect(lines.test(text)).toBe(asLines);
  });

  it('answers at once on 100,000 characters (patterns are run before maxLength is judged)', () => {
    for (const text of ['a'.repeat(100_000) + '\u0000', ' '.repeat(100_000), `${'a '.repeat(50_000)}\u0007`]) {
      expect(name.test(text)).toBe(false);
      expect(lines.test(text)).toBe(false);
    }
  });
});
