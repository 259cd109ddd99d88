/**
 * What a shift's X or Z report adds up — the server's report of record and a till's own reckoning
 * offline share it. Money in minor units of the tenant's currency.
 */
export interface ShiftTotals {
  readonly sales: { readonly count: number; readonly total: number; readonly discounts: number; readonly tax: number };
  readonly refunds: { readonly count: number; readonly total: number };
  readonly byTender: ReadonlyArray<{ readonly method: string; readonly sales: number; readonly refunds: number; readonly net: number }>;
  readonly byTax: ReadonlyArray<{ readonly name: string; readonly basisPoints: number; readonly amount: number }>;
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
