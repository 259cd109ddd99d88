import { describe, expect, it } from 'vitest';
import { minorOf, orderAsSale, saleTotal, tendersOf } from '../src/server/orders/order-facts.ts';
import type { ShopifyLineItem, ShopifyOrder, ShopifyTransaction } from '../src/server/orders/order-query.ts';
import { refundParts } from '../src/server/orders/refunds.ts';

const money = (amount: string) => ({ shopMoney: { amount } });
const KITS_VARIANT = '01890000-0000-7000-8000-00000000000a';

function line(partial: Partial<ShopifyLineItem> & { price: string; tax?: string; discount?: string }): ShopifyLineItem {
  return {
    id: 'gid://shopify/LineItem/1',
    title: 'Tee',
    sku: 'TEE',
    quantity: 1,
    variant: { id: 'gid://shopify/ProductVariant/1' },
    originalUnitPriceSet: money(partial.price),
    totalDiscountSet: money(partial.discount ?? '0.00'),
    taxLines: partial.tax ? [{ priceSet: money(partial.tax) }] : [],
    ...partial,
  };
}

function order(partial: Partial<ShopifyOrder>): ShopifyOrder {
  return {
    id: 'gid://shopify/Order/1',
    name: '#1001',
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    cancelledAt: null,
    taxesIncluded: false,
    currencyCode: 'EUR',
    displayFulfillmentStatus: 'UNFULFILLED',
    lineItems: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
    shippingLines: { nodes: [] },
    transactions: [],
    fulfillmentOrders: { nodes: [] },
    refunds: [],
    ...partial,
  };
}

const paid = (amount: string, gateway = 'shopify_payments', kind = 'SALE', status = 'SUCCESS'): ShopifyTransaction => ({
  id: `gid://shopify/OrderTransaction/${gateway}-${kind}`,
  gateway,
  kind,
  status,
  amountSet: money(amount),
});

describe('Shopify money in minor units', () => {
  it.each([
    ['12.50', 'EUR', 1250],
    ['12.5', 'EUR', 1250],
    ['12.500', 'EUR', 1250],
    ['12', 'EUR', 1200],
    ['0.00', 'EUR', 0],
    ['1500', 'JPY', 1500],
    ['1500.0', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
  ])('%s %s is %i', (text, currency, minor) => expect(minorOf(text, currency)).toBe(minor));

  it.each([
    ['12.345', 'EUR'],
    ['1e3', 'EUR'],
    ['12,50', 'EUR'],
    ['', 'EUR'],
  ])('%s %s is refused, never rounded', (text, currency) => expect(() => minorOf(text, currency)).toThrow(/cannot read/));
});

describe('an order as a sale', () => {
  const links = new Map([['gid://shopify/ProductVariant/1', KITS_VARIANT]]);

  it.each([
    {
      what: 'tax on top, a discount, shipping with its tax',
      given: order({
        shippingLines: { nodes: [{ title: 'Standard', originalPriceSet: money('5.00'), taxLines: [{ priceSet: money('0.95') }] }] },
        transactions: [paid('34.51')],
      }),
      lines: [line({ quantity: 2, price: '12.50', discount: '1.00', tax: '4.56' })],
      sale: {
        lines: [{ variantId: KITS_VARIANT, quantity: 2, unitPrice: 1250, discount: 100, tax: 456 }],
        charges: [{ kind: 'shipping', amount: 500, tax: 95 }],
      },
      total: 3451,
      tenders: [{ method: 'shopify_payments', amount: 3451 }],
    },
    {
      what: 'tax included in the prices (shipping too)',
      given: order({
        taxesIncluded: true,
        shippingLines: { nodes: [{ title: 'Express', originalPriceSet: money('11.90'), taxLines: [{ priceSet: money('1.90') }] }] },
        transactions: [paid('35.70', 'paypal')],
      }),
      lines: [line({ quantity: 2, price: '11.90', tax: '3.80' })],
      sale: { lines: [{ quantity: 2, unitPrice: 1190, discount: 0, tax: 380 }], charges: [{ kind: 'shipping', amount: 1000, tax: 190 }] },
      total: 3570,
      tenders: [{ method: 'paypal', amount: 3570 }],
    },
    {
      what: 'paid in two ways; nothing pending',
      given: order({ transactions: [paid('5.00', 'gift_card'), paid('7.50'), paid('7.50', 'shopify_payments', 'SALE', 'FAILURE')] }),
      lines: [line({ price: '12.50' })],
      sale: { lines: [{ quantity: 1, unitPrice: 1250 }], charges: [] },
      total: 1250,
      tenders: [
        { method: 'gift_card', amount: 500 },
        { method: 'shopify_payments', amount: 750 },
      ],
    },
    {
      what: 'cash on delivery: nothing paid yet',
      given: order({ transactions: [paid('12.50', 'Cash on Delivery (COD)', 'SALE', 'PENDING')] }),
      lines: [line({ price: '12.50' })],
      sale: { lines: [{ quantity: 1 }], charges: [] },
      total: 1250,
      tenders: [{ method: 'Cash on Delivery (COD)', amount: 1250 }],
    },
    {
      what: 'authorized, not captured yet',
      given: order({ transactions: [paid('12.50', 'shopify_payments', 'AUTHORIZATION')] }),
      lines: [line({ price: '12.50' })],
      sale: { lines: [{ quantity: 1 }], charges: [] },
      total: 1250,
      tenders: [{ method: 'shopify_payments', amount: 1250 }],
    },
  ])('$what', ({ given, lines, sale, total, tenders }) => {
    const { sale: recorded, unlinked } = orderAsSale(given, lines, links, 'loc-1');
    expect(recorded).toMatchObject({
      source: { channel: 'shopify', id: given.id, name: '#1001' },
      locationId: 'loc-1',
      currency: 'EUR',
      ...sale,
    });
    expect(saleTotal(recorded.lines, recorded.charges ?? [], recorded.taxIncluded)).toBe(total);
    expect(recorded.tenders.map(({ method, amount }) => ({ method, amount }))).toEqual(tenders);
    expect(unlinked).toEqual([]);
  });

  it('a line without a link is a charge of the same money and is answered as unlinked, never guessed', () => {
    const { sale, unlinked } = orderAsSale(
      order({ transactions: [paid('18.50')] }),
      [
        line({ price: '12.50' }),
        line({
          id: 'gid://shopify/LineItem/2',
          title: 'Gift wrap',
          variant: { id: 'gid://shopify/ProductVariant/9' },
          quantity: 2,
          price: '3.00',
        }),
      ],
      links,
      'loc-1',
    );
    expect(sale.lines).toHaveLength(1);
    expect(sale.charges).toEqual([{ kind: 'other', title: 'Gift wrap (not linked in KiTS)', amount: 600, tax: 0 }]);
    expect(unlinked).toEqual([{ shopifyVariantId: 'gid://shopify/ProductVariant/9', title: 'Gift wrap', quantity: 2 }]);
    expect(sale.tenders).toEqual([expect.objectContaining({ amount: 1850 })]);
  });

  it('tenders beyond the sale (a tip) are cut to the sale; never more than it', () => {
    expect(tendersOf([paid('10.00'), paid('3.00', 'tip_jar')], 1000, 'EUR').map((t) => [t.method, t.amount])).toEqual([
      ['shopify_payments', 1000],
    ]);
  });
});

describe('a Shopify refund as sales@1 refunds', () => {
  const links = new Map([['gid://shopify/ProductVariant/1', KITS_VARIANT]]);
  const refundLine = (restockType: 'RETURN' | 'NO_RESTOCK' | 'CANCEL', quantity: number, subtotal: string, tax: string) => ({
    lineItem: { id: 'gid://shopify/LineItem/1', title: 'Tee', variant: { id: 'gid://shopify/ProductVariant/1' } },
    quantity,
    restockType,
    subtotalSet: money(subtotal),
    totalTaxSet: money(tax),
  });

  it('goods back and goods kept are two parts; the money goes with the first, amounts with tax in them', () => {
    const parts = refundParts(
      {
        id: 'gid://shopify/Refund/5',
        createdAt: '2026-12-02T10:00:00Z',
        refundLineItems: { nodes: [refundLine('RETURN', 1, '10.00', '2.38'), refundLine('NO_RESTOCK', 1, '10.00', '2.38')] },
        transactions: { nodes: [{ gateway: 'shopify_payments', kind: 'REFUND', status: 'SUCCESS', amountSet: money('24.76') }] },
      },
      order({}),
      'sale-1',
      links,
    );
    expect(parts).toEqual([
      expect.objectContaining({
        source: { channel: 'shopify', id: 'gid://shopify/Refund/5', name: '#1001 refund' },
        restock: true,
        lines: [{ variantId: KITS_VARIANT, quantity: 1, amount: 1238, tax: 238 }],
        tenders: [{ method: 'shopify_payments', amount: 2476 }],
      }),
      expect.objectContaining({
        source: { channel: 'shopify', id: 'gid://shopify/Refund/5#kept', name: '#1001 refund' },
        restock: false,
        lines: [{ variantId: KITS_VARIANT, quantity: 1, amount: 1238, tax: 238 }],
        tenders: [],
      }),
    ]);
  });

  it('a shipping-only refund is money without goods', () => {
    const parts = refundParts(
      {
        id: 'gid://shopify/Refund/6',
        createdAt: null,
        refundLineItems: { nodes: [] },
        transactions: { nodes: [{ gateway: 'paypal', kind: 'REFUND', status: 'SUCCESS', amountSet: money('5.00') }] },
      },
      order({ taxesIncluded: true }),
      'sale-1',
      links,
    );
    expect(parts).toEqual([expect.objectContaining({ lines: [], tenders: [{ method: 'paypal', amount: 500 }], restock: true })]);
  });
});
