import { unprocessable, type DomainError } from '../errors.ts';
import { currencyExponent } from './currencies.ts';
import { fromDigits } from './decimal.ts';
import { BIDI_MARKS, localeSymbols, type LocaleSymbols } from './locale-symbols.ts';

export interface ParseMoneyOptions {
  /** The locale whose decimal and grouping marks the person uses; without it, the runtime's own. */
  readonly locale?: string;
  /** Whether a negative amount is taken (a correction, say); refused by default. */
  readonly allowNegative?: boolean;
}

/** Characters that only ever group digits: spaces (any width) and apostrophes (1'234 in Switzerland). */
const SPACERS = /^[\s'’ʼ]$/u;

/**
 * Minor units from an amount a person typed: "12.5" → 1250 EUR, "12,50" → 1250 (the locale's
 * decimal comma, or a comma not followed by a group of three), "1 234.56" and "1.234,56" → 123456,
 * "€12.50" or "12,50 €" (the currency's symbol or code is ignored), "１２００" → 1200 JPY. Digits
 * become minor units through strings and BigInt, never a float. Refuses, with a DomainError
 * (422) whose message says what to type: text that is not a number (`money.not_an_amount`),
 * more decimals than the currency has (`money.too_many_decimals`: 12.345 EUR, 12.5 JPY), a
 * negative amount unless `allowNegative` (`money.negative_amount`), and one past 2^53 minor units
 * (`money.amount_too_large`).
 */
export function parseMoney(text: string, currency: string, options: ParseMoneyOptions = {}): number {
  const exponent = currencyExponent(currency);
  const symbols = localeSymbols(currency, options.locale);
  const example = exampleAmount(exponent, symbols);
  const refuse = (code: string, detail: string): DomainError => unprocessable(code, detail, { text, currency });
  // What was typed, quoted back in a message (cut short: a pasted page is not repeated whole).
  const typed = text.length > 40 ? `${text.slice(0, 40)}…` : text;

  let rest = withoutCurrency(text.normalize('NFKC').replace(BIDI_MARKS, ''), symbols).trim();
  if (rest === '') throw refuse('money.not_an_amount', `Type an amount in ${currency}, like ${example}.`);
  const negative = symbols.minusSigns.includes(rest[0]!);
  if (negative || rest[0] === '+') rest = rest.slice(1).trim();
  const number = splitNumber(
    [...rest].map((character) => symbols.digits.get(character) ?? character),
    symbols,
  );
  if (!number) throw refuse('money.not_an_amount', `"${typed}" is not an amount in ${currency}: type digits, like ${example}.`);
  if (number.fraction.length > exponent)
    throw refuse(
      'money.too_many_decimals',
      exponent === 0
        ? `${currency} has no decimals: type a whole amount, like ${example}.`
        : `${currency} has ${exponent} decimal${exponent === 1 ? '' : 's'}, and "${typed}" has ${number.fraction.length}: type an amount like ${example}.`,
    );
  const amount = fromDigits(negative, number.whole, number.fraction, exponent);
  if (amount === undefined)
    throw refuse('money.amount_too_large', `"${typed}" is more than an amount in ${currency} can be: check the number.`);
  if (amount < 0 && !options.allowNegative)
    throw refuse('money.negative_amount', `"${typed}" is negative: type the amount without a minus sign, like ${example}.`);
  return amount;
}

/** 12.50 as this locale writes it, with the currency's decimals: "12,50", "1250" for JPY, "12.500" for KWD. */
function exampleAmount(exponent: number, symbols: LocaleSymbols): string {
  return exponent === 0 ? '1250' : `12${symbols.decimal}${'5'.padEnd(exponent, '0')}`;
}

/** The text without the currency's symbol or code, wherever it stands ("€12.50", "12,50 €", "eur 12.50"). */
function withoutCurrency(text: string, symbols: LocaleSymbols): string {
  let rest = text;
  for (const name of symbols.currencyTexts) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    rest = rest.replace(new RegExp(escaped, /^[A-Z]{3}$/.test(name) ? 'gi' : 'g'), ' ');
  }
  return rest;
}

/**
 * The whole and fraction digits of a number written with grouping and a decimal mark, or undefined.
 * The decimal mark is the last `.` or `,` (or the locale's mark) when the other one also occurs
 * ("1,234.56", "1.234,56"); a mark that occurs more than once groups ("1,234,567"); a single one is
 * the decimal mark unless it is the locale's grouping mark followed by exactly three digits
 * ("1,234" in English is 1234, "12,50" is 12.50). Groups must be 3 digits (2 or 3 in the middle,
 * for Indian grouping: 12,34,567), so "1,2,3" is no number.
 */
function splitNumber(characters: readonly string[], symbols: LocaleSymbols): { whole: string; fraction: string } | undefined {
  const isDigit = (c: string) => c >= '0' && c <= '9';
  const isSpacer = (c: string) => SPACERS.test(c) || (c === symbols.group && SPACERS.test(symbols.group));
  const isMark = (c: string) => !isSpacer(c) && (c === '.' || c === ',' || c === symbols.decimal || c === symbols.group);
  if (!characters.every((c) => isDigit(c) || isSpacer(c) || isMark(c))) return undefined;

  const marks = characters.flatMap((c, i) => (isMark(c) ? [i] : []));
  let decimalAt = -1;
  if (marks.length > 0) {
    const lastAt = marks.at(-1)!;
    const last = characters[lastAt]!;
    const others = new Set(marks.map((i) => characters[i]!).filter((c) => c !== last));
    const repeated = marks.filter((i) => characters[i] === last).length > 1;
    if (others.size > 1 || (repeated && others.size > 0)) return undefined;
    if (!repeated) {
      const after = characters.slice(lastAt + 1);
      const groupsThousands =
        last === symbols.group && last !== symbols.decimal && lastAt > 0 && after.length === 3 && after.every(isDigit);
      if (others.size === 1 || !groupsThousands) decimalAt = lastAt;
    }
  }
  const whole = decimalAt < 0 ? characters : characters.slice(0, decimalAt);
  const fraction = decimalAt < 0 ? [] : characters.slice(decimalAt + 1);
  if (!fraction.every(isDigit) || (whole.length === 0 && fraction.length === 0)) return undefined;
  const groups = whole.join('').split(/[^0-9]/);
  if (groups.length > 1) {
    const wellGrouped = groups.every((group, i) =>
      i === 0
        ? group.length >= 1 && group.length <= 3
        : i === groups.length - 1
          ? group.length === 3
          : group.length === 2 || group.length === 3,
    );
    if (!wellGrouped) return undefined;
  }
  return { whole: groups.join(''), fraction: fraction.join('') };
}
