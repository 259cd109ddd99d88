import { formatMoney } from '@kits/plugin-sdk/money';
import type { Measures } from '../shared/report-types.ts';

/**
 * How the reports write their figures: money from integer minor units through the SDK's money
 * module, counts and ratios in the person's locale, a margin's basis points as a percentage, and
 * "this period against the last" as a signed percentage.
 */

export type MeasureKind = 'money' | 'count' | 'ratio' | 'basis-points';

export interface MeasureDefinition {
  readonly key: keyof Measures;
  readonly title: string;
  readonly kind: MeasureKind;
}

/** The figures of a sales report in the order the table shows them. */
export const MEASURES: readonly MeasureDefinition[] = [
  { key: 'sales', title: 'Sales', kind: 'count' },
  { key: 'items', title: 'Items', kind: 'count' },
  { key: 'gross', title: 'Gross', kind: 'money' },
  { key: 'discount', title: 'Discounts', kind: 'money' },
  { key: 'net', title: 'Net', kind: 'money' },
  { key: 'tax', title: 'Tax', kind: 'money' },
  { key: 'total', title: 'Total paid', kind: 'money' },
  { key: 'refunds', title: 'Refunds', kind: 'count' },
  { key: 'refundedTotal', title: 'Refunded', kind: 'money' },
  { key: 'cost', title: 'Cost', kind: 'money' },
  { key: 'margin', title: 'Margin', kind: 'money' },
  { key: 'marginBasisPoints', title: 'Margin %', kind: 'basis-points' },
  { key: 'basketSize', title: 'Basket size', kind: 'money' },
  { key: 'itemsPerBasket', title: 'Items per basket', kind: 'ratio' },
];

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format;
}

/** 2450 basis points → "24.5%" (exact: basis points are whole, so this is decimal text, not a division). */
export function basisPointsText(basisPoints: number, locale: string): string {
  const sign = basisPoints < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(basisPoints))).padStart(3, '0');
  const decimal = `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}` as `${number}`;
  return `${numberFormat(locale, 1).format(decimal)}%`;
}

/** A figure as the person reads it; "—" where the report cannot say it (null). */
export function measureText(value: number | null, kind: MeasureKind, currency: string, locale: string): string {
  if (value === null) return '—';
  switch (kind) {
    case 'money':
      return formatMoney(value, currency, locale);
    case 'count':
      return numberFormat(locale, 0).format(value);
    case 'ratio':
      return numberFormat(locale, 2).format(value);
    case 'basis-points':
      return basisPointsText(value, locale);
  }
}

/**
 * This period against the last as a person says it: "+12%", "−5%", "same", or "new" when there
 * was nothing before; undefined when either side is unknown.
 */
export function changeText(current: number | null, previous: number | null, locale: string): string | undefined {
  if (current === null || previous === null) return undefined;
  if (current === previous) return 'same';
  if (previous === 0) return current > 0 ? 'new' : undefined;
  // A display ratio, not money: rounded to whole percent.
  const percent = Math.round(((current - previous) * 100) / Math.abs(previous));
  if (percent === 0) return current > previous ? '+<1%' : '−<1%';
  return `${percent > 0 ? '+' : '−'}${numberFormat(locale, 0).format(Math.abs(percent))}%`;
}

/** Whether a change is good news for the merchant (more sales, more margin). */
export const changeTone = (current: number | null, previous: number | null): 'success' | 'danger' | 'neutral' =>
  current === null || previous === null || current === previous ? 'neutral' : current > previous ? 'success' : 'danger';
