import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceSale, type Discount, type PricedSale, type TaxRate } from '../src/shared/pricing.ts';
import { addRateTaxes, refundShare, type RateTax, type RefundableLine } from '../src/shared/refund-share.ts';
import { sumByRate, taxesNetOfRefunds } from '../src/shared/shift-report.ts';

/**
 * The rules a Z report's tax section is made of — a refund's share of a sold line, and tax by rate
 * net of refunds — shared by the server's report and the till's own. Over random shifts: the report
 * is, to the cent, the sum of the shift's sales less the sum of its refunds, rate by rate and in total.
 */

const TAX_CLASSES: Record<string, readonly TaxRate[]> = {
  standard: [{ name: 'VAT', basisPoints: 2000 }],
  reduced: [{ name: 'VAT', basisPoints: 700 }],
  zero: [],
  // A US sale: a state and a city sales tax on the same line.
  city: [
    { name: 'State', basisPoints: 625 },
    { name: 'City', basisPoints: 225 },
  ],
};

const discount: fc.Arbitrary<Discount | undefined> = fc.option(
  fc.oneof(
    fc.integer({ min: 1, max: 10_000 }).map((basisPoints) => ({ kind: 'percent' as const, basisPoints })),
    fc.integer({ min: 1, max: 20_000 }).map((amount) => ({ kind: 'amount' as const, amount })),
  ),
  { nil: undefined },
);

const saleLine = fc.record({
  // Small amounts too, where rounding a share of a cent or two is most likely to go wrong.
  unitPrice: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 50_000 })),
  quantity: fc.oneof(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 12 })),
  taxClass: fc.constantFrom(...Object.keys(TAX_CLASSES)),
  discount,
});

/** A refund: which sale and line (picked modulo what there is), and how much of what is left comes back. */
const refundPick = fc.record({
  sale: fc.nat({ max: 3 }),
  line: fc.nat({ max: 4 }),
  /** 'all' takes what is left of the line (a whole refund); a number takes that many units, at most what is left. */
  take: fc.oneof(fc.constant('all' as const), fc.constant(1), fc.integer({ min: 1, max: 12 })),
  /** Several lines in one refund. */
  alsoNextLine: fc.boolean(),
});

const shift = fc.record({
  policy: fc.record({ pricesIncludeTax: fc.boolean(), taxRounding: fc.constantFrom('line' as const, 'invoice' as const) }),
  sales: fc.array(fc.record({ lines: fc.array(saleLine, { minLength: 1, maxLength: 5 }), cartDiscount: discount }), {
    minLength: 1,
    maxLength: 4,
  }),
  // Many refunds over few lines: a line comes back unit by unit.
  refunds: fc.array(refundPick, { maxLength: 20 }),
  /** The first sale comes back one unit at a time, every line, before the other refunds. */
  firstUnitByUnit: fc.boolean(),
  /** At the end, everything left is returned too. */
  returnEverything: fc.boolean(),
});

type Shift = typeof shift extends fc.Arbitrary<infer T> ? T : never;
type SoldLine = { -readonly [K in keyof RefundableLine]: RefundableLine[K] };
interface RefundedLine {
  readonly amount: number;
  readonly tax: number;
  readonly taxes: readonly RateTax[];
}

/** Rings up the shift: its sales priced, its refunds reckoned one after another as the server does. */
function ringUp(input: Shift) {
  const sales: PricedSale[] = input.sales.map((sale) =>
    priceSale(
      sale.lines.map((line, i) => ({
        variantId: `v${i}`,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        ...(line.discount ? { discount: line.discount } : {}),
        taxRates: TAX_CLASSES[line.taxClass]!,
      })),
      sale.cartDiscount,
      [],
      input.policy,
    ),
  );
  const sold: SoldLine[][] = sales.map((sale) =>
    sale.lines.map((line) => ({
      quantity: line.quantity,
      total: line.total,
      taxes: line.taxes,
      refunded: { quantity: 0, amount: 0, taxes: [] },
    })),
  );
  const refunds: RefundedLine[][] = [];
  const take = (line: SoldLine, wanted: number | 'all'): RefundedLine | undefined => {
    const left = line.quantity - line.refunded.quantity;
    if (left === 0) return undefined;
    const share = refundShare(line, wanted === 'all' ? left : Math.min(wanted, left))!;
    line.refunded = {
      quantity: line.refunded.quantity + share.quantity,
      amount: line.refunded.amount + share.amount,
      taxes: addRateTaxes(line.refunded.taxes, share.taxes),
    };
    return share;
  };
  if (input.firstUnitByUnit) {
    for (const line of sold[0]!) while (line.refunded.quantity < line.quantity) refunds.push([take(line, 1)!]);
  }
  for (const pick of input.refunds) {
    const lines = sold[pick.sale % sold.length]!;
    const first = pick.line % lines.length;
    const picked = pick.alsoNextLine && lines.length > 1 ? [first, (first + 1) % lines.length] : [first];
    const refund = picked.flatMap((i) => take(lines[i]!, pick.take) ?? []);
    if (refund.length > 0) refunds.push(refund);
  }
  if (input.returnEverything) refunds.push(sold.flat().flatMap((line) => take(line, 'all') ?? []));
  return { sales, sold, refunds: refunds.filter((refund) => refund.length > 0) };
}

/** The Z report's tax and totals, from the shared rules. */
function zReport(sales: readonly PricedSale[], refunds: readonly RefundedLine[][]) {
  const refundLines = refunds.flat();
  return {
    byTax: taxesNetOfRefunds(
      sumByRate(sales.flatMap((sale) => sale.lines.map((line) => ({ net: line.total - line.tax, taxes: line.taxes })))),
      sumByRate(refundLines.map((line) => ({ net: line.amount - line.tax, taxes: line.taxes }))),
    ),
    afterRefunds: {
      total: sales.reduce((n, sale) => n + sale.total, 0) - refundLines.reduce((n, line) => n + line.amount, 0),
      tax: sales.reduce((n, sale) => n + sale.taxTotal, 0) - refundLines.reduce((n, line) => n + line.tax, 0),
    },
  };
}

const key = (tax: { name: string; basisPoints: number }) => `${tax.name} ${tax.basisPoints}`;

describe('a Z report’s tax by rate and totals are its sales less its refunds', () => {
  it('to the cent, rate by rate and in total, for random shifts of sales and partial and whole refunds', () => {
    fc.assert(
      fc.property(shift, (input) => {
        const { sales, refunds } = ringUp(input);
        const report = zReport(sales, refunds);

        // The sum, counted the plain way: every sale's tax at each rate, less every refund's.
        const expected = new Map<string, { net: number; amount: number }>();
        const count = (net: number, taxes: readonly RateTax[], sign: 1 | -1) => {
          for (const tax of taxes) {
            const sum = expected.get(key(tax)) ?? { net: 0, amount: 0 };
            expected.set(key(tax), { net: sum.net + sign * net, amount: sum.amount + sign * tax.amount });
          }
        };
        for (const sale of sales) for (const line of sale.lines) count(line.net, line.taxes, 1);
        for (const line of refunds.flat()) count(line.amount - line.tax, line.taxes, -1);
        expect(Object.fromEntries(report.byTax.map((tax) => [key(tax), { net: tax.net, amount: tax.amount }]))).toEqual(
          Object.fromEntries(expected),
        );
        for (const tax of report.byTax) expect(tax.gross).toBe(tax.net + tax.amount);
        for (const line of refunds.flat()) {
          expect(line.amount).toBeGreaterThanOrEqual(0);
          for (const tax of line.taxes) expect(tax.amount).toBeGreaterThanOrEqual(0);
        }
        // The rates add up to the total tax, which is the sales' tax less the refunds'.
        expect(report.byTax.reduce((n, tax) => n + tax.amount, 0)).toBe(report.afterRefunds.tax);
        const refundedTotal = refunds.flat().reduce((n, line) => n + line.amount, 0);
        expect(report.afterRefunds.total).toBe(sales.reduce((n, sale) => n + sale.total, 0) - refundedTotal);
      }),
      { numRuns: 1000 },
    );
  });

  it('refunds of a line never give back more than it came to, and all of it when every unit is back — per rate', () => {
    fc.assert(
      fc.property(shift, (input) => {
        const { sold } = ringUp(input);
        for (const line of sold.flat()) {
          expect(line.refunded.amount).toBeGreaterThanOrEqual(0);
          expect(line.refunded.amount).toBeLessThanOrEqual(line.total);
          const back = new Map(line.refunded.taxes.map((tax) => [key(tax), tax.amount]));
          for (const tax of line.taxes) {
            expect(back.get(key(tax)) ?? 0).toBeGreaterThanOrEqual(0);
            expect(back.get(key(tax)) ?? 0).toBeLessThanOrEqual(tax.amount);
          }
          if (line.refunded.quantity === line.quantity) {
            expect(line.refunded.amount).toBe(line.total);
            for (const tax of line.taxes) expect(back.get(key(tax))).toBe(tax.amount);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a shift whose goods all came back owes no tax at any rate and took nothing', () => {
    fc.assert(
      fc.property(shift, (input) => {
        const { sales, refunds } = ringUp({ ...input, returnEverything: true });
        const report = zReport(sales, refunds);
        expect(report.afterRefunds).toEqual({ total: 0, tax: 0 });
        for (const tax of report.byTax) expect([key(tax), tax.net, tax.amount, tax.gross]).toEqual([key(tax), 0, 0, 0]);
      }),
      { numRuns: 200 },
    );
  });

  it('examples: a partial refund takes its rate’s tax back; three single returns of a line add up to the line', () => {
    const [sale] = [
      priceSale(
        [
          { variantId: 'bread', quantity: 2, unitPrice: 450, taxRates: TAX_CLASSES.standard! },
          { variantId: 'jam', quantity: 1, unitPrice: 380, taxRates: TAX_CLASSES.reduced! },
        ],
        undefined,
        [],
        { pricesIncludeTax: true, taxRounding: 'line' },
      ),
    ];
    const jam = sale!.lines[1]!;
    const back = refundShare({ ...jam, refunded: { quantity: 0, amount: 0, taxes: [] } }, 1)!;
    const report = zReport([sale!], [[back]]);
    expect(report.byTax).toEqual([
      { name: 'VAT', basisPoints: 700, net: 0, amount: 0, gross: 0 },
      { name: 'VAT', basisPoints: 2000, net: 750, amount: 150, gross: 900 },
    ]);
    expect(report.afterRefunds).toEqual({ total: 900, tax: 150 });

    // 3 × 1.00 with 20 % inside: 0.50 of tax. One unit back at a time: 0.17, 0.16, 0.17 — never 0.51.
    const line: SoldLine = {
      quantity: 3,
      total: 300,
      taxes: [{ name: 'VAT', basisPoints: 2000, amount: 50 }],
      refunded: { quantity: 0, amount: 0, taxes: [] },
    };
    const shares = [1, 1, 1].map((quantity) => {
      const share = refundShare(line, quantity)!;
      line.refunded = {
        quantity: line.refunded.quantity + 1,
        amount: line.refunded.amount + share.amount,
        taxes: addRateTaxes(line.refunded.taxes, share.taxes),
      };
      return [share.amount, share.tax];
    });
    expect(shares).toEqual([
      [100, 17],
      [100, 16],
      [100, 17],
    ]);
    expect(refundShare(line, 1)).toBeUndefined();
  });
});
