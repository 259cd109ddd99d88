import { useKit } from '../kit/kit-provider.tsx';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * A quantity as the locale writes it, with its unit after it: 1234 → "1,234", (2.5, 'kg') → "2.5 kg".
 * Up to three decimals (weights), never a currency; an unknown unit is shown as given.
 */
export function formatQuantity(value: number, unit: string | undefined, locale: string): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    formatters.set(locale, formatter);
  }
  const number = formatter.format(value);
  return unit ? `${number} ${unit}` : number;
}

/** A quantity in the kit's locale: `<Quantity value={12} unit="pcs" />`. */
export function Quantity({ value, unit }: { value: number; unit?: string }) {
  const { locale } = useKit();
  return <span class="k-quantity">{formatQuantity(value, unit, locale)}</span>;
}
