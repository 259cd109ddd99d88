import { describe, expect, it } from 'vitest';
import {
  addSums,
  basisPoints,
  basketMeasures,
  goodsMeasures,
  itemsPerBasket,
  marginOf,
  NO_BASKETS,
  NO_VARIANT_SALES,
  perBasket,
  tenderMeasures,
  type BasketSums,
  type VariantSums,
} from '../../src/server/queries/measures.ts';

const baskets = (sums: Partial<BasketSums>): BasketSums => ({ ...NO_BASKETS, ...sums });
const goods = (sums: Partial<VariantSums>): VariantSums => ({ ...NO_VARIANT_SALES, ...sums });

describe('report figures from rollup sums', () => {
  it.each([
    // net, cost, refunded net, refunded cost → margin
    [10_000, 6_000, 0, 0, 4_000],
    [10_000, 6_000, 2_000, 1_200, 3_200],
    [0, 0, 2_000, 1_200, -800],
    [5_000, 5_500, 0, 0, -500],
  ])('margin of net %i, cost %i, refunded net %i and cost %i is %i', (net, cost, refundedNet, refundedCost, margin) => {
    expect(marginOf(goods({ net, cost, refundedNet, refundedCost }))).toBe(margin);
  });

  it.each([
    [3_200, 10_000, 3_200],
    [1, 3, 3_333],
    [2, 3, 6_667],
    [-800, 10_000, -800],
    [-1, 3, -3_333],
    [-2, 3, -6_667],
    [500, 0, null],
  ])('%i of %i is %s basis points (halves away from zero; null of nothing)', (part, whole, expected) => {
    expect(basisPoints(part, whole)).toBe(expected);
  });

  it.each([
    [10_000, 3, 3_333],
    [10_001, 2, 5_001],
    [-5, 2, -3],
    [1_000, 0, null],
  ])('basket size of net %i over %i sales is %s minor units', (net, sales, expected) => {
    expect(perBasket(net, sales)).toBe(expected);
  });

  it.each([
    [7, 3, 2.33],
    [5, 3, 1.67],
    [4, 2, 2],
    [4, 0, null],
  ])('%i items over %i sales are %s per basket', (items, sales, expected) => {
    expect(itemsPerBasket(items, sales)).toBe(expected);
  });

  it('adds sums field by field and leaves what it started from as it was', () => {
    const total = addSums(NO_BASKETS, [baskets({ sales: 2, net: 1_000 }), baskets({ sales: 1, net: 250, refunds: 1 })]);

    expect(total).toEqual({ ...NO_BASKETS, sales: 3, net: 1_250, refunds: 1 });
    expect(NO_BASKETS.sales).toBe(0);
  });

  it('a basket row with its goods has every figure; the margin rate is over the baskets’ net', () => {
    const measures = basketMeasures(
      baskets({
        sales: 4,
        items: 9,
        gross: 11_000,
        discount: 1_000,
        net: 10_000,
        tax: 2_000,
        total: 12_000,
        refunds: 1,
        refundedTotal: 2_400,
      }),
      goods({ net: 10_000, cost: 6_000, refundedNet: 2_000, refundedCost: 1_200 }),
    );

    expect(measures).toEqual({
      sales: 4,
      items: 9,
      gross: 11_000,
      discount: 1_000,
      net: 10_000,
      tax: 2_000,
      total: 12_000,
      refunds: 1,
      refundedTotal: 2_400,
      cost: 6_000,
      margin: 3_200,
      marginBasisPoints: 3_200,
      basketSize: 2_500,
      itemsPerBasket: 2.25,
    });
  });

  it('a till or cashier row (no goods) has no cost or margin', () => {
    const measures = basketMeasures(baskets({ sales: 2, items: 3, net: 900 }), null);

    expect(measures).toMatchObject({ cost: null, margin: null, marginBasisPoints: null, basketSize: 450, itemsPerBasket: 1.5 });
  });

  it('a category or product row has no basket counts', () => {
    const measures = goodsMeasures(
      goods({ quantity: 5, gross: 600, discount: 100, net: 500, tax: 100, cost: 300, refundedNet: 100, refundedTax: 20, refundedCost: 60 }),
    );

    expect(measures).toEqual({
      sales: null,
      items: 5,
      gross: 600,
      discount: 100,
      net: 500,
      tax: 100,
      total: 600,
      refunds: null,
      refundedTotal: 120,
      cost: 300,
      margin: 160,
      marginBasisPoints: 3_200,
      basketSize: null,
      itemsPerBasket: null,
    });
  });

  it('a tender row counts payments and what they took and gave back, nothing else', () => {
    expect(tenderMeasures({ count: 3, amount: 4_500, refundedCount: 1, refundedAmount: 500 })).toEqual({
      sales: 3,
      items: null,
      gross: null,
      discount: null,
      net: null,
      tax: null,
      total: 4_500,
      refunds: 1,
      refundedTotal: 500,
      cost: null,
      margin: null,
      marginBasisPoints: null,
      basketSize: null,
      itemsPerBasket: null,
    });
  });
});
