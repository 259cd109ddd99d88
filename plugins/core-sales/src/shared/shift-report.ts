/**
 * What a shift's X or Z report adds up — the server's report of record and a till's own reckoning
 * offline share it. Money in minor units of the tenant's currency.
 */
export interface ShiftTotals {
  readonly sales: { readonly count: number; readonly total: number; readonly discounts: number; readonly tax: number };
  readonly refunds: { readonly count: number; readonly total: number; readonly tax: number };
  /** Sales less the refunds made in the shift: what it took, and the tax on it. */
  readonly afterRefunds: { readonly total: number; readonly tax: number };
  readonly byTender: ReadonlyArray<{ readonly method: string; readonly sales: number; readonly refunds: number; readonly net: number }>;
  /** Tax by rate, net of the shift's refunds. */
  readonly byTax: readonly TaxByRate[];
  readonly byCategory: ReadonlyArray<{ readonly categoryId: string | null; readonly total: number }>;
  readonly cash: {
    readonly float: number;
    readonly sales: number;
    readonly refunds: number;
    readonly paidIn: number;
    readonly paidOut: number;
    readonly expected: number;
    readonly counted: number | null;
    readonly overShort: number | null;
  };
}

/**
 * One tax rate of a report: the amount it was charged on (`net`), the tax (`amount`) and both
 * together (`gross`). A line with two rates (a state and a city sales tax) counts its net under each.
 */
export interface TaxByRate {
  readonly name: string;
  readonly basisPoints: number;
  readonly net: number;
  readonly amount: number;
  readonly gross: number;
}

/** What lines (or refunds of them) come to at one rate: the net they were taxed on and the tax. */
export interface RateSum {
  readonly name: string;
  readonly basisPoints: number;
  readonly net: number;
  readonly tax: number;
}

/** Lines summed by rate: each line's net counts under every rate it carries, with that rate's tax. */
export function sumByRate(
  lines: ReadonlyArray<{ readonly net: number; readonly taxes: ReadonlyArray<{ name: string; basisPoints: number; amount: number }> }>,
): RateSum[] {
  const sums = new Map<string, { name: string; basisPoints: number; net: number; tax: number }>();
  for (const line of lines) {
    for (const tax of line.taxes) {
      const key = `${tax.name}:${tax.basisPoints}`;
      const sum = sums.get(key) ?? { name: tax.name, basisPoints: tax.basisPoints, net: 0, tax: 0 };
      sum.net += line.net;
      sum.tax += tax.amount;
      sums.set(key, sum);
    }
  }
  return [...sums.values()];
}

/**
 * Tax by rate net of refunds: a refund's net and tax at a rate subtract from the sales' at that
 * rate. Every rate either side has is listed (a rate whose sales were all refunded shows zeros),
 * by name, then rate.
 */
export function taxesNetOfRefunds(sold: readonly RateSum[], refunded: readonly RateSum[]): TaxByRate[] {
  const rates = new Map<string, { name: string; basisPoints: number; net: number; amount: number }>();
  const add = (sums: readonly RateSum[], sign: 1 | -1) => {
    for (const sum of sums) {
      const key = `${sum.name}:${sum.basisPoints}`;
      const rate = rates.get(key) ?? { name: sum.name, basisPoints: sum.basisPoints, net: 0, amount: 0 };
      rate.net += sign * sum.net;
      rate.amount += sign * sum.tax;
      rates.set(key, rate);
    }
  };
  add(sold, 1);
  add(refunded, -1);
  return [...rates.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.basisPoints - b.basisPoints))
    .map((rate) => ({ ...rate, gross: rate.net + rate.amount }));
}
