import { currencyExponent, formatMoney, minorToDecimal } from '@kits/plugin-sdk/money';

/** How a chart writes its values: in full (legend, tooltip) and short (axis ticks). */
export interface ChartFormat {
  readonly value: (value: number) => string;
  readonly tick: (value: number) => string;
}

const shortFormatters = new Map<string, Intl.NumberFormat>();

/** Compact ("€1.2K") for thousands and up; below that the amount itself, without trailing zeros ("€0.5", "€12.35"). */
function shortFormatter(locale: string, currency: string | undefined, compact: boolean, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency ?? ''}|${compact}|${digits}`;
  let formatter = shortFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      ...(compact ? { notation: 'compact' as const } : {}),
      minimumFractionDigits: 0,
      maximumFractionDigits: compact ? 1 : digits,
      ...(currency ? { style: 'currency' as const, currency } : {}),
    });
    shortFormatters.set(key, formatter);
  }
  return formatter;
}

/**
 * 123456 EUR → "€1.2K", 1235 EUR → "€12.35" in `en`: an axis tick. The amount reaches Intl as
 * exact decimal text (the money module's), never as minor units divided in floating point. A
 * tick between whole minor units is rounded to one first.
 */
export function compactMoney(amount: number, currency: string, locale: string): string {
  const exponent = currencyExponent(currency);
  const whole = Math.round(amount);
  const thousands = Math.abs(whole) >= 1000 * 10 ** exponent;
  return shortFormatter(locale, currency, thousands, exponent).format(minorToDecimal(whole, exponent) as `${number}`);
}

/** Money charts: values are integer minor units; the legend writes them in full, the axis short. */
export function moneyChartFormat(currency: string, locale: string): ChartFormat {
  return {
    value: (amount) => formatMoney(Math.round(amount), currency, locale),
    tick: (amount) => compactMoney(amount, currency, locale),
  };
}

const numberFormatters = new Map<string, Intl.NumberFormat>();

/** Counts and quantities: up to two decimals in full, compact on the axis ("1.2K"). */
export function numberChartFormat(locale: string, unit?: string): ChartFormat {
  let full = numberFormatters.get(locale);
  if (!full) {
    full = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    numberFormatters.set(locale, full);
  }
  const formatter = full;
  return {
    value: (value) => (unit ? `${formatter.format(value)} ${unit}` : formatter.format(value)),
    tick: (value) => shortFormatter(locale, undefined, Math.abs(value) >= 1000, 2).format(value),
  };
}
