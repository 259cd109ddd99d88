import { divRound } from '@kits/plugin-sdk';
import type { Measures } from '../../shared/report-types.ts';

/**
 * The sums each rollup gives, and the report figures made from them. Sums add up across rows
 * (totals are the sum of the rows' sums); the derived figures (margin, basket size …) are made
 * from the sums afterwards, never averaged.
 */

/** From basket_hours: baskets per till and cashier. */
export interface BasketSums {
  sales: number;
  items: number;
  gross: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
  refunds: number;
  refundedTotal: number;
}

/** From variant_hours: what sold and came back per variant, with its cost. */
export interface VariantSums {
  quantity: number;
  gross: number;
  discount: number;
  net: number;
  tax: number;
  cost: number;
  refundedQuantity: number;
  refundedNet: number;
  refundedTax: number;
  refundedCost: number;
}

/** From tender_hours: payments taken and paid back per method. */
export interface TenderSums {
  count: number;
  amount: number;
  refundedCount: number;
  refundedAmount: number;
}

export const NO_BASKETS: Readonly<BasketSums> = Object.freeze({
  sales: 0,
  items: 0,
  gross: 0,
  discount: 0,
  net: 0,
  tax: 0,
  total: 0,
  refunds: 0,
  refundedTotal: 0,
});

export const NO_VARIANT_SALES: Readonly<VariantSums> = Object.freeze({
  quantity: 0,
  gross: 0,
  discount: 0,
  net: 0,
  tax: 0,
  cost: 0,
  refundedQuantity: 0,
  refundedNet: 0,
  refundedTax: 0,
  refundedCost: 0,
});

export const NO_TENDERS: Readonly<TenderSums> = Object.freeze({ count: 0, amount: 0, refundedCount: 0, refundedAmount: 0 });

/** Adds sums of one kind field by field (the fields of `empty`; a report adds thousands of rows, so no object per row). */
export function addSums<Sums extends object>(empty: Readonly<Sums>, rows: Iterable<Sums>): Sums {
  const fields = Object.keys(empty);
  const total = { ...empty } as Record<string, number>;
  for (const row of rows) for (const field of fields) total[field]! += (row as Record<string, number>)[field]!;
  return total as Sums;
}

/** margin = net − cost − (refunded net − refunded cost): what was earned on the goods, less what refunds gave back of it. */
export const marginOf = (sums: VariantSums): number => sums.net - sums.cost - (sums.refundedNet - sums.refundedCost);

/** part ÷ whole in basis points (1 % = 100), rounded half away from zero; null when whole is 0. */
export const basisPoints = (part: number, whole: number): number | null =>
  whole === 0
    ? null
    : Number(whole > 0 ? divRound(BigInt(part) * 10_000n, BigInt(whole)) : divRound(BigInt(-part) * 10_000n, BigInt(-whole)));

/** net ÷ sales in whole minor units, rounded half away from zero; null without sales. */
export const perBasket = (amount: number, sales: number): number | null =>
  sales > 0 ? Number(divRound(BigInt(amount), BigInt(sales))) : null;

/** items ÷ sales to two decimals; null without sales. */
export const itemsPerBasket = (items: number, sales: number): number | null => (sales > 0 ? Math.round((items * 100) / sales) / 100 : null);

const EMPTY: Measures = {
  sales: null,
  items: null,
  gross: null,
  discount: null,
  net: null,
  tax: null,
  total: null,
  refunds: null,
  refundedTotal: null,
  cost: null,
  margin: null,
  marginBasisPoints: null,
  basketSize: null,
  itemsPerBasket: null,
};

/**
 * A row of baskets (everything, a location, a till, a cashier). `goods` is the same row's variant
 * sums when the grouping can say cost (everything, a location: variant_hours has no till or
 * cashier), else null and cost and margin are null.
 */
export function basketMeasures(baskets: BasketSums, goods: VariantSums | null): Measures {
  const margin = goods ? marginOf(goods) : null;
  return {
    ...EMPTY,
    sales: baskets.sales,
    items: baskets.items,
    gross: baskets.gross,
    discount: baskets.discount,
    net: baskets.net,
    tax: baskets.tax,
    total: baskets.total,
    refunds: baskets.refunds,
    refundedTotal: baskets.refundedTotal,
    cost: goods ? goods.cost : null,
    margin,
    marginBasisPoints: margin === null ? null : basisPoints(margin, baskets.net),
    basketSize: perBasket(baskets.net, baskets.sales),
    itemsPerBasket: itemsPerBasket(baskets.items, baskets.sales),
  };
}

/** A row of goods (a category, a product): no basket counts, so no sales, refunds count, basket size or items per basket. */
export function goodsMeasures(goods: VariantSums): Measures {
  const margin = marginOf(goods);
  return {
    ...EMPTY,
    items: goods.quantity,
    gross: goods.gross,
    discount: goods.discount,
    net: goods.net,
    tax: goods.tax,
    total: goods.net + goods.tax,
    refundedTotal: goods.refundedNet + goods.refundedTax,
    cost: goods.cost,
    margin,
    marginBasisPoints: basisPoints(margin, goods.net),
  };
}

/** A row of payments (a tender method): how many were taken and for how much, and what went back. */
export function tenderMeasures(tenders: TenderSums): Measures {
  return { ...EMPTY, sales: tenders.count, total: tenders.amount, refunds: tenders.refundedCount, refundedTotal: tenders.refundedAmount };
}
