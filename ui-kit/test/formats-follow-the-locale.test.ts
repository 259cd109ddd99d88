import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../src/format/date-time.tsx';
import { moneyProblem, moneyText } from '../src/form/money-input.tsx';
import { parseWholeNumber } from '../src/form/number-input.tsx';
import { formatQuantity } from '../src/format/quantity.tsx';
import { problemText } from '../src/data/problem-text.ts';

// Intl puts narrow no-break spaces in some locales; the tests compare what a person sees.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('formatQuantity', () => {
  it.each([
    [1234, undefined, 'en-US', '1,234'],
    [1234, undefined, 'de-DE', '1.234'],
    [2.5, 'kg', 'en-US', '2.5 kg'],
    [2.5, 'kg', 'de-DE', '2,5 kg'],
    [0.1234, 'kg', 'en-US', '0.123 kg'],
    [-3, 'pcs', 'en-US', '-3 pcs'],
  ])('%s %s in %s is %s', (value, unit, locale, text) => {
    expect(plain(formatQuantity(value, unit, locale))).toBe(text);
  });
});

describe('formatDateTime', () => {
  it('writes a date and time in the locale and the time zone asked for', () => {
    expect(plain(formatDateTime('2026-12-06T17:52:00Z', 'en-GB', 'Europe/Berlin'))).toBe('6 Dec 2026, 18:52');
    expect(plain(formatDateTime('2026-12-06T17:52:00Z', 'en-US', 'America/New_York'))).toBe('Dec 6, 2026, 12:52 PM');
  });
  it('writes only the date when asked, on the day of the time zone', () => {
    expect(formatDateTime('2026-12-06T23:30:00Z', 'en-GB', 'Asia/Tokyo', true)).toBe('7 Dec 2026');
  });
  it('returns text that is no date as it is', () => {
    expect(formatDateTime('not a date', 'en-GB')).toBe('not a date');
  });
});

describe('money as typed', () => {
  it('writes minor units the way the locale types them', () => {
    expect(moneyText(123456, 'EUR', 'de-DE')).toBe('1234,56');
    expect(moneyText(123456, 'EUR', 'en-US')).toBe('1234.56');
    expect(moneyText(1250, 'JPY', 'ja-JP')).toBe('1250');
    expect(moneyText(undefined, 'EUR', 'en-US')).toBe('');
  });
  it('says what is wrong with text that is no amount, and nothing for an amount or an empty box', () => {
    expect(moneyProblem('12,50', 'EUR', 'de-DE')).toBeUndefined();
    expect(moneyProblem('', 'EUR', 'de-DE')).toBeUndefined();
    expect(moneyProblem('12.345', 'EUR', 'en-US')).toMatch(/EUR has 2 decimals/);
    expect(moneyProblem('twelve', 'EUR', 'en-US')).toMatch(/is not an amount in EUR/);
    expect(moneyProblem('-5', 'EUR', 'en-US')).toMatch(/negative/);
    expect(moneyProblem('-5', 'EUR', 'en-US', true)).toBeUndefined();
  });
});

describe('parseWholeNumber', () => {
  it.each([
    ['12', 12],
    [' -3 ', -3],
    ['+7', 7],
    ['', undefined],
    ['1.5', undefined],
    ['abc', undefined],
    ['99999999999999999999', undefined],
  ])('%j is %s', (text, number) => {
    expect(parseWholeNumber(text)).toBe(number);
  });
});

describe('problemText', () => {
  it("prefers the kernel's detail, then an error's message", () => {
    expect(problemText({ problem: { detail: 'No such product.' } })).toBe('No such product.');
    expect(problemText(new Error('Network down'))).toBe('Network down');
    expect(problemText(undefined)).toBe('something went wrong.');
  });
});
