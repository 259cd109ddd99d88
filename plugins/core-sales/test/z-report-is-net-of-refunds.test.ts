import type { TestKernel } from '@kits/kernel/test-kit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

type RateTax = { name: string; basisPoints: number; amount: number };
type Sale = {
  id: string;
  total: number;
  taxTotal: number;
  lines: Array<{ lineNo: number; quantity: number; total: number; tax: number; taxes: RateTax[] }>;
};
type Refund = { saleId: string; total: number; tax: number; lines: Array<{ amount: number; tax: number; taxes: RateTax[] }> };
type TaxByRate = { name: string; basisPoints: number; net: number; amount: number; gross: number };
type Report = {
  status: string;
  sales: { count: number; total: number; tax: number };
  refunds: { count: number; total: number; tax: number };
  afterRefunds: { total: number; tax: number };
  byTax: TaxByRate[];
};

const TAX_RATES = {
  standard: [{ name: 'VAT', basisPoints: 2000 }],
  reduced: [{ name: 'VAT', basisPoints: 700 }],
  zero: [],
  // Two rates on one line, as a US city's sales tax comes on top of the state's.
  city: [
    { name: 'City', basisPoints: 225 },
    { name: 'State', basisPoints: 625 },
  ],
};

describe.each(['pglite', 'postgres'] as const)('a Z report is net of the shift’s refunds, on %s', (db) => {
  let kit: TestKernel;
  let items: Array<{ variantId: string; taxClass: string }>;
  beforeAll(async () => {
    kit = await salesKit(db, { taxRates: TAX_RATES });
    items = [];
    for (const [price, taxClass] of [
      [1999, 'standard'],
      [333, 'standard'],
      [895, 'reduced'],
      [7, 'reduced'],
      [1250, 'zero'],
      [4999, 'city'],
    ] as const) {
      items.push({ variantId: await stockedVariant(kit, price, 100_000, { taxClass }), taxClass });
    }
  });
  afterAll(async () => kit?.close());

  const sell = async (token: string, body: Record<string, unknown>): Promise<Sale> => {
    const sold = await kit.request<Sale>('POST', '/api/v1/core-sales/sales', { token, body });
    if (sold.status !== 201) throw new Error(`sale: ${JSON.stringify(sold.body)}`);
    return sold.body;
  };
  /** A refund; undefined when what comes back was given away (a line discounted to nothing is refused: 400). */
  const refund = async (token: string, saleId: string, lines: Array<{ lineNo: number; quantity: number }>): Promise<Refund | undefined> => {
    const back = await kit.request<Refund & { code?: string }>('POST', '/api/v1/core-sales/refunds', {
      token,
      body: { saleId, lines, reason: 'came back', restock: true },
    });
    if (back.status === 400 && back.body.code === 'sales.nothing_to_refund') return undefined;
    if (back.status !== 201) throw new Error(`refund: ${JSON.stringify(back.body)}`);
    return back.body;
  };
  const close = (token: string, shiftId: string) =>
    kit.request<Report>('POST', `/api/v1/core-sales/shifts/${shiftId}/close`, { token, body: { counted: [] } });

  it('a shift with a refund closes with VAT by rate net of it: the refund’s tax at each rate subtracts', async () => {
    const till = await tillWithShift(kit);
    const [coat, , coffee] = items;
    // 19.99 at 20 % (3.33 VAT) and 2 × 8.95 at 7 % (1.17 VAT); one coffee comes back (0.59 of that VAT).
    const sale = await sell(till.token, {
      lines: [
        { variantId: coat!.variantId, quantity: 1 },
        { variantId: coffee!.variantId, quantity: 2 },
      ],
      tenders: [{ method: 'cash', amount: 3789 }],
    });
    expect(sale.lines.map((line) => [line.total, line.taxes])).toEqual([
      [1999, [{ name: 'VAT', basisPoints: 2000, amount: 333 }]],
      [1790, [{ name: 'VAT', basisPoints: 700, amount: 117 }]],
    ]);
    const back = await refund(till.token, sale.id, [{ lineNo: 2, quantity: 1 }]);
    expect(back).toMatchObject({
      total: 895,
      tax: 59,
      lines: [{ amount: 895, tax: 59, taxes: [{ name: 'VAT', basisPoints: 700, amount: 59 }] }],
    });

    const z = await close(till.token, till.shiftId);
    expect(z.status).toBe(200);
    expect(z.body).toMatchObject({
      status: 'closed',
      sales: { count: 1, total: 3789, tax: 450 },
      refunds: { count: 1, total: 895, tax: 59 },
      afterRefunds: { total: 2894, tax: 391 },
    });
    expect(z.body.byTax).toEqual([
      // 17.90 sold less 8.95 back: 8.37 net, 0.58 VAT (1.17 − 0.59).
      { name: 'VAT', basisPoints: 700, net: 837, amount: 58, gross: 895 },
      { name: 'VAT', basisPoints: 2000, net: 1666, amount: 333, gross: 1999 },
    ]);
    // The Z report kept with the shift and the one published are the same; the sale itself is untouched.
    const [kept] = await kit.kernel.db.query<{ z_report: Report }>('select z_report from sales.shifts where shift_id = $1', [till.shiftId]);
    expect(kept!.z_report.byTax).toEqual(z.body.byTax);
    const [published] = await kit.kernel.db.query<{ payload: Report }>(
      "select payload from kernel.outbox where type = 'sales.shift.closed' and payload->>'shiftId' = $1",
      [till.shiftId],
    );
    expect(published!.payload.byTax).toEqual(z.body.byTax);
    const after = await kit.request<Sale>('GET', `/api/v1/core-sales/sales/${sale.id}`);
    expect(after.body).toMatchObject({ total: 3789, taxTotal: 450 });
  });

  it('random shifts: the Z report equals the sum of the shift’s sales less its refunds, to the cent, per rate and in total', async () => {
    const line = fc.record({
      item: fc.nat({ max: items.length - 1 }),
      quantity: fc.integer({ min: 1, max: 7 }),
      discount: fc.option(
        fc.oneof(
          fc.integer({ min: 1, max: 10_000 }).map((basisPoints) => ({ kind: 'percent' as const, basisPoints })),
          fc.integer({ min: 1, max: 3_000 }).map((amount) => ({ kind: 'amount' as const, amount })),
        ),
        { nil: undefined },
      ),
    });
    const shift = fc.record({
      sales: fc.array(
        fc.record({
          lines: fc.uniqueArray(line, { minLength: 1, maxLength: 4, selector: (l) => l.item }),
          cartPercent: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      // Which line of which sale comes back, and how many units of what is left ('all': the rest).
      refunds: fc.array(
        fc.record({ sale: fc.nat(), line: fc.nat(), take: fc.oneof(fc.constant('all' as const), fc.integer({ min: 1, max: 3 })) }),
        {
          maxLength: 5,
        },
      ),
    });
    await fc.assert(
      fc.asyncProperty(shift, async (input) => {
        const till = await tillWithShift(kit, [...CASHIER, 'core-sales:discount']);
        const sales: Sale[] = [];
        for (const sale of input.sales) {
          sales.push(
            await sell(till.token, {
              lines: sale.lines.map((l) => ({
                variantId: items[l.item]!.variantId,
                quantity: l.quantity,
                ...(l.discount ? { discount: l.discount } : {}),
              })),
              ...(sale.cartPercent ? { cartDiscount: { kind: 'percent', basisPoints: sale.cartPercent } } : {}),
              tenders: [{ method: 'cash', amount: 10_000_000 }],
            }),
          );
        }
        const left = sales.map((sale) => sale.lines.map((l) => l.quantity));
        const refunds: Refund[] = [];
        for (const pick of input.refunds) {
          const s = pick.sale % sales.length;
          const l = pick.line % sales[s]!.lines.length;
          const quantity = pick.take === 'all' ? left[s]![l]! : Math.min(pick.take, left[s]![l]!);
          if (quantity === 0) continue;
          const back = await refund(till.token, sales[s]!.id, [{ lineNo: sales[s]!.lines[l]!.lineNo, quantity }]);
          if (!back) continue;
          left[s]![l]! -= quantity;
          refunds.push(back);
        }
        const z = await close(till.token, till.shiftId);
        expect(z.status).toBe(200);

        // The sum, from what the sales and refunds answered: each rate's net and tax, sold less refunded.
        const expected = new Map<string, { name: string; basisPoints: number; net: number; amount: number }>();
        const count = (net: number, taxes: RateTax[], sign: 1 | -1) => {
          for (const tax of taxes) {
            const key = `${tax.name} ${tax.basisPoints}`;
            const sum = expected.get(key) ?? { name: tax.name, basisPoints: tax.basisPoints, net: 0, amount: 0 };
            expected.set(key, { ...sum, net: sum.net + sign * net, amount: sum.amount + sign * tax.amount });
          }
        };
        for (const sale of sales) for (const l of sale.lines) count(l.total - l.tax, l.taxes, 1);
        for (const back of refunds) for (const l of back.lines) count(l.amount - l.tax, l.taxes, -1);
        const byRate = (rates: Array<{ name: string; basisPoints: number; net: number; amount: number }>) =>
          Object.fromEntries(rates.map((r) => [`${r.name} ${r.basisPoints}`, [r.net, r.amount]]));
        expect(byRate(z.body.byTax)).toEqual(byRate([...expected.values()]));
        for (const rate of z.body.byTax) expect(rate.gross).toBe(rate.net + rate.amount);
        const sum = <T>(rows: T[], f: (row: T) => number) => rows.reduce((n, row) => n + f(row), 0);
        expect(z.body.afterRefunds).toEqual({
          total: sum(sales, (s) => s.total) - sum(refunds, (r) => r.total),
          tax: sum(sales, (s) => s.taxTotal) - sum(refunds, (r) => r.tax),
        });
        expect(sum(z.body.byTax, (rate) => rate.amount)).toBe(z.body.afterRefunds.tax);
        // A sale that came back in full, however many refunds it took, took back exactly its total and its tax.
        for (const [s, sale] of sales.entries()) {
          if (left[s]!.some((units) => units > 0)) continue;
          const its = refunds.filter((r) => r.saleId === sale.id);
          expect([sum(its, (r) => r.total), sum(its, (r) => r.tax)]).toEqual([sale.total, sale.taxTotal]);
        }
      }),
      { numRuns: 15, endOnFailure: true },
    );
  });
});
