import { describe, expect, it } from 'vitest';
import { channelSaleFigures, effectiveRate } from '../src/server/channels/channel-sale-figures.ts';
import { refundParts, tenderRefunds } from '../src/server/channels/channel-refund-lines.ts';

const line = (unitPrice: number, quantity: number, discount: number, tax: number) => ({
  variantId: 'v',
  unitPrice,
  quantity,
  discount,
  tax,
});

describe('a channel’s sale in core-sales’ figures', () => {
  it.each([
    // taxIncluded, lines, charges → total, taxTotal, line nets
    { taxIncluded: false, lines: [line(1000, 2, 200, 360)], charges: [], total: 2160, taxTotal: 360, nets: [1800] },
    { taxIncluded: true, lines: [line(1200, 1, 0, 200)], charges: [], total: 1200, taxTotal: 200, nets: [1000] },
    {
      taxIncluded: true,
      lines: [line(1200, 1, 0, 200)],
      charges: [{ kind: 'shipping' as const, title: 'Post', amount: 500, tax: 100 }],
      total: 1800,
      taxTotal: 300,
      nets: [1000],
    },
    { taxIncluded: false, lines: [line(999, 3, 0, 0), line(1, 1, 1, 0)], charges: [], total: 2997, taxTotal: 0, nets: [2997, 0] },
  ])('taxIncluded $taxIncluded: total $total, tax $taxTotal', ({ taxIncluded, lines, charges, total, taxTotal, nets }) => {
    const result = channelSaleFigures({ taxIncluded, lines, charges });
    if (!result.ok) throw new Error(result.detail);
    expect(result.figures.total).toBe(total);
    expect(result.figures.taxTotal).toBe(taxTotal);
    expect(result.figures.lines.map((l) => l.net)).toEqual(nets);
    expect(result.figures.lines.reduce((n, l) => n + l.total, 0) + result.figures.charges.reduce((n, c) => n + c.total, 0)).toBe(total);
  });

  it('keeps the tax by the rate it comes to on the net, added up across lines and charges of one rate', () => {
    const result = channelSaleFigures({
      taxIncluded: false,
      lines: [line(1000, 1, 0, 200), line(500, 2, 0, 200)],
      charges: [{ kind: 'shipping', title: 'Post', amount: 500, tax: 100 }],
    });
    expect(result.ok && result.figures.taxes).toEqual([{ name: 'Tax', basisPoints: 2000, amount: 500 }]);
    expect(effectiveRate(208, 1042)).toBe(1996);
    expect(effectiveRate(0, 1000)).toBe(0);
    expect(effectiveRate(10, 0)).toBe(0);
  });

  it.each([
    { taxIncluded: false, lines: [line(100, 1, 101, 0)], code: 'sales.discount_over_line', field: 'lines.0.discount' },
    { taxIncluded: true, lines: [line(100, 1, 0, 0), line(100, 1, 10, 91)], code: 'sales.tax_over_line', field: 'lines.1.tax' },
  ])('refuses $code naming $field', ({ taxIncluded, lines, code, field }) => {
    expect(channelSaleFigures({ taxIncluded, lines })).toMatchObject({ ok: false, code, field });
  });
});

describe('a channel’s refund laid onto the sale’s lines', () => {
  const sale = [
    { lineNo: 1, variantId: 'a', quantity: 2, amount: 2000 },
    { lineNo: 2, variantId: 'b', quantity: 1, amount: 500 },
    { lineNo: 3, variantId: 'a', quantity: 1, amount: 1000 },
  ];

  it('splits a variant over its lines by units, the last part taking the remainder', () => {
    expect(refundParts(sale, [{ variantId: 'a', quantity: 3, amount: 2999, tax: 499 }])).toEqual({
      ok: true,
      parts: [
        { saleLineNo: 1, variantId: 'a', quantity: 2, amount: 1999, tax: 332 },
        { saleLineNo: 3, variantId: 'a', quantity: 1, amount: 1000, tax: 167 },
      ],
    });
  });

  it.each([
    { refund: [{ variantId: 'a', quantity: 4, amount: 100, tax: 0 }], field: 'lines.0.quantity' },
    { refund: [{ variantId: 'c', quantity: 1, amount: 100, tax: 0 }], field: 'lines.0.quantity' },
    { refund: [{ variantId: 'b', quantity: 1, amount: 501, tax: 0 }], field: 'lines.0.amount' },
    { refund: [{ variantId: 'b', quantity: 1, amount: 10, tax: 11 }], field: 'lines.0.tax' },
    {
      refund: [
        { variantId: 'b', quantity: 1, amount: 300, tax: 0 },
        { variantId: 'b', quantity: 1, amount: 100, tax: 0 },
      ],
      field: 'lines.1.quantity',
    },
  ])('refuses more than is left ($field)', ({ refund, field }) => {
    expect(refundParts(sale, refund)).toMatchObject({ ok: false, field });
  });

  it('gives the money back from the method’s own tender first, then from any with room', () => {
    const tenders = [
      { tenderNo: 1, method: 'shopify_payments', left: 1000 },
      { tenderNo: 2, method: 'gift_card', left: 500 },
    ];
    expect([...tenderRefunds(tenders, [{ method: 'gift_card', amount: 700 }])!]).toEqual([
      [2, 500],
      [1, 200],
    ]);
    expect(tenderRefunds(tenders, [{ method: 'paypal', amount: 1501 }])).toBeUndefined();
  });
});
