import { wholeAmount } from './arithmetic.ts';

/**
 * Exact conversion between integer minor units and plain decimal text ("19.99"): for files and
 * printouts that want a number without symbol or grouping (CSV, receipt columns). Strings and
 * BigInt only, so no amount passes through a float.
 */

/** 1999 with exponent 2 → "19.99"; 5 with exponent 3 → "0.005"; −1999 with exponent 0 → "-1999". */
export function minorToDecimal(amount: number, exponent: number): string {
  wholeAmount(amount);
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const sign = amount < 0 ? '-' : '';
  return exponent === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * "19.99" with exponent 2 → 1999; "19.9" → 1990; "-1" → −100. Only digits, an optional leading
 * minus and one `.` with at most `exponent` digits after it: anything else ("1,50", "1e3",
 * "19.999", an amount past 2^53) is undefined. For text a person typed, use `parseMoney`.
 */
export function decimalToMinor(text: string, exponent: number): number | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const fraction = match[3] ?? '';
  if (fraction.length > exponent) return undefined;
  return fromDigits(match[1] === '-', match[2]!, fraction, exponent);
}

/** Whole and fraction digits (fraction at most `exponent` long) as minor units; undefined past 2^53. */
export function fromDigits(negative: boolean, whole: string, fraction: string, exponent: number): number | undefined {
  const magnitude = BigInt(whole || '0') * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  // −0 is 0: a typed "-0.00" is no amount owed either way.
  return negative && magnitude !== 0n ? -Number(magnitude) : Number(magnitude);
}
