import { describe, expect, it } from 'vitest';
import { priceSale, settle, taxBreakdown, type PricingLine } from './pricing.ts';

const VAT20 = [{ name: 'VAT', basisPoints: 2000 }];
const inclusive = { pricesIncludeTax: true, taxRounding: 'line' } as const;
const line = (variantId: string, quantity: number, unitPrice: number, extra: Partial<PricingLine> = {}): PricingLine => ({
  variantId,
  quantity,
  unitPrice,
  taxRates: VAT20,
  ...extra,
});

describe('priceSale', () => {
  it('inclusive prices: tax is inside the price, per line', () => {
    const sale = priceSale([line('a', 3, 250), line('b', 1, 199)], undefined, [], inclusive);
    expect(sale.lines.map((l) => [l.amount, l.tax, l.net, l.total])).toEqual([
      [750, 125, 625, 750],
      [199, 33, 166, 199],
    ]);
    expect(sale).toMatchObject({ subtotal: 949, taxTotal: 158, total: 949, discountTotal: 0 });
  });

  it('exclusive prices: tax is added on top', () => {
    const sale = priceSale([line('a', 2, 1000)], undefined, [], { pricesIncludeTax: false, taxRounding: 'line' });
    expect(sale).toMatchObject({ subtotal: 2000, taxTotal: 400, total: 2400 });
  });

  it('several rates on one line', () => {
    const rates = [
      { name: 'GST', basisPoints: 500 },
      { name: 'PST', basisPoints: 700 },
    ];
    const sale = priceSale([line('a', 1, 1000, { taxRates: rates })], undefined, [], { pricesIncludeTax: false, taxRounding: 'line' });
    expect(sale.lines[0]!.taxes.map((t) => t.amount)).toEqual([50, 70]);
    expect(sale.total).toBe(1120);
  });

  it('rounding per invoice differs from per line, and lines still add up to the invoice', () => {
    // Three lines of 0.05 at 20 % exclusive: per line 0.01 each (0.03); per invoice 0.03 exactly too —
    // but at 7 % each line is 0.0035 → 0.00 per line, 0.0105 → 0.01 per invoice.
    const rates = [{ name: 'Tax', basisPoints: 700 }];
    const lines = [line('a', 1, 5, { taxRates: rates }), line('b', 1, 5, { taxRates: rates }), line('c', 1, 5, { taxRates: rates })];
    const exclusive = (taxRounding: 'line' | 'invoice') => priceSale(lines, undefined, [], { pricesIncludeTax: false, taxRounding });
    expect(exclusive('line').taxTotal).toBe(0);
    const invoice = exclusive('invoice');
    expect(invoice.taxTotal).toBe(1);
    expect(invoice.lines.reduce((n, l) => n + l.tax, 0)).toBe(1);
  });

  it('line discounts (percent and fixed) then a cart discount spread in proportion', () => {
    const sale = priceSale(
      [
        line('a', 2, 500, { discount: { kind: 'percent', basisPoints: 1000 } }),
        line('b', 1, 300, { discount: { kind: 'amount', amount: 50 } }),
      ],
      { kind: 'amount', amount: 115 },
      [],
      inclusive,
    );
    expect(sale.lines.map((l) => [l.lineDiscount, l.cartDiscount, l.amount])).toEqual([
      [100, 90, 810],
      [50, 25, 225],
    ]);
    expect(sale).toMatchObject({ discountTotal: 265, total: 1035 });
  });

  it('a discount never takes a line below zero', () => {
    const sale = priceSale(
      [line('a', 1, 100, { discount: { kind: 'amount', amount: 500 } })],
      { kind: 'percent', basisPoints: 5000 },
      [],
      inclusive,
    );
    expect(sale.total).toBe(0);
  });

  it('buy 2 get 1: the cheapest unit of every three is free', () => {
    const sale = priceSale(
      [line('a', 2, 300), line('b', 1, 200), line('c', 1, 999)],
      undefined,
      [{ id: 'p1', kind: 'buy_x_get_y', variantIds: ['a', 'b'], buy: 2, get: 1 }],
      inclusive,
    );
    expect(sale.lines.map((l) => l.promotionDiscount)).toEqual([0, 200, 0]);
    expect(sale.promotions).toEqual([{ id: 'p1', discount: 200 }]);
    expect(sale.total).toBe(600 + 999);
  });

  it('a bundle price applies per complete bundle, only when it saves money', () => {
    const bundle = { id: 'meal', kind: 'bundle', variantIds: ['coffee', 'cake'], quantity: 2, price: 500 } as const;
    const sale = priceSale([line('coffee', 2, 350), line('cake', 1, 300)], undefined, [bundle], inclusive);
    // Dearest units first: coffee + coffee (700 → 500, saves 200); the cake is left alone.
    expect(sale.lines.map((l) => l.promotionDiscount)).toEqual([200, 0]);
    const cheap = priceSale([line('coffee', 2, 200)], undefined, [bundle], inclusive);
    expect(cheap.promotions).toEqual([]);
  });
});

describe('taxBreakdown (a fiscal receipt’s tax lines)', () => {
  it.each([
    [
      'two VAT rates, prices include tax, a line discounted',
      [line('a', 2, 450), line('b', 1, 380, { taxRates: [{ name: 'VAT', basisPoints: 700 }], discount: { kind: 'amount', amount: 80 } })],
      true,
      [
        { name: 'VAT', basisPoints: 2000, net: 750, amount: 150, gross: 900 },
        { name: 'VAT', basisPoints: 700, net: 280, amount: 20, gross: 300 },
      ],
    ],
    [
      'a US line with state and city tax added on top: its net counts under each',
      [
        line('a', 1, 1000, {
          taxRates: [
            { name: 'State', basisPoints: 625 },
            { name: 'City', basisPoints: 225 },
          ],
        }),
        line('b', 1, 500, { taxRates: [] }),
      ],
      false,
      [
        { name: 'State', basisPoints: 625, net: 1000, amount: 63, gross: 1063 },
        { name: 'City', basisPoints: 225, net: 1000, amount: 23, gross: 1023 },
      ],
    ],
  ] as const)('%s', (_case, lines, pricesIncludeTax, expected) => {
    expect(taxBreakdown(priceSale(lines, undefined, [], { pricesIncludeTax, taxRounding: 'line' }))).toEqual(expected);
  });
});

describe('settle', () => {
  it('cash gives change', () => {
    expect(settle(1235, [{ method: 'cash', amount: 2000 }], 1)).toEqual({ ok: true, due: 1235, rounding: 0, applied: [1235], change: 765 });
  });
  it('cash rounding to 0.05 applies to the cash part only', () => {
    expect(settle(1233, [{ method: 'cash', amount: 1235 }], 5)).toMatchObject({ ok: true, due: 1235, rounding: 2, change: 0 });
    expect(settle(1233, [{ method: 'card', amount: 1233 }], 5)).toMatchObject({ ok: true, due: 1233, rounding: 0 });
    expect(
      settle(
        1233,
        [
          { method: 'card', amount: 1000 },
          { method: 'cash', amount: 300 },
        ],
        5,
      ),
    ).toMatchObject({
      ok: true,
      due: 1235,
      rounding: 2,
      applied: [1000, 235],
      change: 65,
    });
  });
  it('short and over tenders are refused', () => {
    expect(settle(1000, [{ method: 'cash', amount: 999 }], 1)).toMatchObject({ ok: false, code: 'sales.tender_short' });
    expect(settle(1000, [{ method: 'card', amount: 1200 }], 1)).toMatchObject({ ok: false, code: 'sales.tender_over' });
  });
});
