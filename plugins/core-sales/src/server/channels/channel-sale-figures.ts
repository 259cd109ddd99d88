import type { ExternalSale } from '@kits/plugin-sdk';

/**
 * A channel's sale in core-sales' figures, from the prices, discounts and taxes the channel
 * computed (KiTS neither reprices nor retaxes it). Pure: no I/O.
 */

/** A tax as core-sales keeps it by rate. A channel gives the tax, not its rate: the rate is what the tax comes to on the net. */
export interface RateTax {
  readonly name: string;
  readonly basisPoints: number;
  readonly amount: number;
}

export interface ChannelLineFigures {
  /** unitPrice × quantity */
  readonly gross: number;
  readonly discount: number;
  /** gross − discount, without tax */
  readonly net: number;
  readonly tax: number;
  readonly taxes: readonly RateTax[];
  /** what the customer paid for the line: net + tax */
  readonly total: number;
}

export interface ChannelChargeFigures {
  readonly kind: 'shipping' | 'other';
  readonly title: string;
  readonly amount: number;
  readonly tax: number;
  readonly taxes: readonly RateTax[];
  readonly total: number;
}

export interface ChannelSaleFigures {
  readonly lines: readonly ChannelLineFigures[];
  readonly charges: readonly ChannelChargeFigures[];
  /** Σ gross of the lines */
  readonly subtotal: number;
  readonly discountTotal: number;
  /** the lines' and the charges' tax */
  readonly taxTotal: number;
  readonly taxes: readonly RateTax[];
  readonly total: number;
}

export type FiguresResult =
  | { readonly ok: true; readonly figures: ChannelSaleFigures }
  | { readonly ok: false; readonly code: string; readonly detail: string; readonly field: string };

/** The name a channel's tax is kept under. */
export const CHANNEL_TAX = 'Tax';

/** The rate (basis points, rounded) `tax` comes to on `net`; none on nothing. */
export function effectiveRate(tax: number, net: number): number {
  if (net <= 0 || tax <= 0) return 0;
  return Math.round((tax * 10_000) / net);
}

const rateTaxes = (tax: number, net: number): RateTax[] =>
  tax > 0 ? [{ name: CHANNEL_TAX, basisPoints: effectiveRate(tax, net), amount: tax }] : [];

/** Taxes added up by name and rate, in order of first appearance. */
export function sumRateTaxes(groups: ReadonlyArray<readonly RateTax[]>): RateTax[] {
  const sums: RateTax[] = [];
  for (const taxes of groups)
    for (const tax of taxes) {
      const at = sums.findIndex((s) => s.name === tax.name && s.basisPoints === tax.basisPoints);
      if (at < 0) sums.push({ ...tax });
      else sums[at] = { ...sums[at]!, amount: sums[at]!.amount + tax.amount };
    }
  return sums;
}

/**
 * The sale's figures: each line's `unitPrice × quantity − discount` plus its tax (its tax is within
 * it when `taxIncluded`), each charge's amount plus tax. A discount above the line, or a tax above
 * a tax-inclusive line, cannot be: refused naming the field.
 */
export function channelSaleFigures(sale: Pick<ExternalSale, 'lines' | 'charges' | 'taxIncluded'>): FiguresResult {
  const lines: ChannelLineFigures[] = [];
  for (const [i, line] of sale.lines.entries()) {
    const gross = line.unitPrice * line.quantity;
    if (line.discount > gross)
      return {
        ok: false,
        code: 'sales.discount_over_line',
        detail: `Line ${i + 1}'s discount (${line.discount}) is more than the line (${gross}).`,
        field: `lines.${i}.discount`,
      };
    const amount = gross - line.discount;
    if (sale.taxIncluded && line.tax > amount)
      return {
        ok: false,
        code: 'sales.tax_over_line',
        detail: `Line ${i + 1}'s tax (${line.tax}) is more than the line's price with tax in it (${amount}).`,
        field: `lines.${i}.tax`,
      };
    const net = sale.taxIncluded ? amount - line.tax : amount;
    lines.push({ gross, discount: line.discount, net, tax: line.tax, taxes: rateTaxes(line.tax, net), total: net + line.tax });
  }
  const charges = (sale.charges ?? []).map((charge) => ({
    kind: charge.kind,
    title: charge.title,
    amount: charge.amount,
    tax: charge.tax,
    taxes: rateTaxes(charge.tax, charge.amount),
    total: charge.amount + charge.tax,
  }));
  const sum = <T>(items: readonly T[], of: (item: T) => number) => items.reduce((n, item) => n + of(item), 0);
  return {
    ok: true,
    figures: {
      lines,
      charges,
      subtotal: sum(lines, (l) => l.gross),
      discountTotal: sum(lines, (l) => l.discount),
      taxTotal: sum(lines, (l) => l.tax) + sum(charges, (c) => c.tax),
      taxes: sumRateTaxes([...lines.map((l) => l.taxes), ...charges.map((c) => c.taxes)]),
      total: sum(lines, (l) => l.total) + sum(charges, (c) => c.total),
    },
  };
}
