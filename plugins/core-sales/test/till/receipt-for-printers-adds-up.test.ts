import { describe, expect, it } from 'vitest';
import { CheckoutMachine, type SellableItem, type TillPricing } from '../../src/till/checkout/checkout-machine.ts';
import { tillReceipt, type ReceiptFacts } from '../../src/till/receipts/till-receipt.ts';

const coffee: SellableItem = { variantId: 'v-coffee', name: 'Flat White', sku: 'COF-FW', unitPrice: 340, taxClass: 'reduced' };
const mug: SellableItem = { variantId: 'v-mug', name: 'Ceramic Mug', sku: 'MUG', unitPrice: 1250, taxClass: 'standard' };

const pricing = (pricesIncludeTax: boolean, cashRounding = 1): TillPricing => ({
  currency: 'EUR',
  pricesIncludeTax,
  taxRounding: 'line',
  cashRounding,
  taxRates: { standard: [{ name: 'VAT', basisPoints: 2000 }], reduced: [{ name: 'VAT', basisPoints: 1000 }] },
  promotions: [],
});

const facts = (pricesIncludeTax: boolean): ReceiptFacts => ({
  completedAt: '2026-11-26T10:15:00.000Z',
  device: { id: 'dev-1', name: 'Front till' },
  location: { id: 'loc-1', name: 'Main Street' },
  cashier: { id: 'c-1', name: 'cashier@demo.kits' },
  pricesIncludeTax,
});

function sell(pricing: TillPricing, ring: (machine: CheckoutMachine) => void, cash: number) {
  const machine = new CheckoutMachine({
    pricing,
    can: () => true,
    nextReceiptNumber: () => 7,
    newSaleId: () => 'sale-7',
    cashierId: 'c-1',
  });
  ring(machine);
  machine.startTender();
  machine.addTender({ method: 'cash', amount: cash });
  return machine.complete().receipt;
}

describe('the receipt printer plugins get', () => {
  it.each([
    {
      case: 'prices with tax, a line discount and a discount on the sale',
      pricesIncludeTax: true,
      cashRounding: 1,
      ring: (m: CheckoutMachine) => {
        m.add(coffee, 2);
        m.add(mug);
        m.discountLine(1, { kind: 'amount', amount: 250 });
        m.discountCart({ kind: 'percent', basisPoints: 1000 });
      },
      cash: 2000,
      // Lines: 2 × 3.40 = 6.80; 12.50 − 2.50 = 10.00. Sale discount 10 % of 16.80 = 1.68.
      lines: [
        { name: 'Flat White', sku: 'COF-FW', quantity: 2, unitPrice: 340, discount: 0, total: 680 },
        { name: 'Ceramic Mug', sku: 'MUG', quantity: 1, unitPrice: 1250, discount: 250, total: 1000 },
      ],
      subtotal: 1680,
      cartDiscount: 168,
      total: 1512,
      rounding: 0,
      change: 488,
    },
    {
      case: 'tax added on top',
      pricesIncludeTax: false,
      cashRounding: 1,
      ring: (m: CheckoutMachine) => m.add(mug),
      cash: 1500,
      lines: [{ name: 'Ceramic Mug', sku: 'MUG', quantity: 1, unitPrice: 1250, discount: 0, total: 1250 }],
      subtotal: 1250,
      cartDiscount: 0,
      total: 1500,
      rounding: 0,
      change: 0,
    },
    {
      case: 'cash rounded to 0.05',
      pricesIncludeTax: true,
      cashRounding: 5,
      ring: (m: CheckoutMachine) => m.add({ ...coffee, unitPrice: 333 }),
      cash: 500,
      lines: [{ name: 'Flat White', sku: 'COF-FW', quantity: 1, unitPrice: 333, discount: 0, total: 333 }],
      subtotal: 333,
      cartDiscount: 0,
      total: 335,
      rounding: 2,
      change: 165,
    },
  ])('$case: lines before the sale’s discount, and it all adds up to the total', (row) => {
    const receipt = tillReceipt(sell(pricing(row.pricesIncludeTax, row.cashRounding), row.ring, row.cash), facts(row.pricesIncludeTax));

    expect(receipt).toMatchObject({
      kind: 'sale',
      saleId: 'sale-7',
      receiptNumber: 7,
      device: { id: 'dev-1', name: 'Front till' },
      location: { id: 'loc-1', name: 'Main Street' },
      cashier: { id: 'c-1', name: 'cashier@demo.kits' },
      completedAt: '2026-11-26T10:15:00.000Z',
      currency: 'EUR',
      pricesIncludeTax: row.pricesIncludeTax,
      lines: row.lines,
      subtotal: row.subtotal,
      cartDiscount: row.cartDiscount,
      total: row.total,
      rounding: row.rounding,
      tenders: [{ method: 'cash', amount: row.cash }],
      change: row.change,
      reprint: false,
    });
    const taxes = receipt.taxes.reduce((sum, tax) => sum + tax.amount, 0);
    expect(receipt.subtotal - receipt.cartDiscount + (receipt.pricesIncludeTax ? 0 : taxes) + receipt.rounding).toBe(receipt.total);
    expect(receipt.total + receipt.change).toBe(row.cash);
  });

  it('lists each tax rate with what it was charged on (net, tax, gross, adding up to the total), and marks a copy', () => {
    const sale = sell(pricing(true), (m) => (m.add(coffee), m.add(mug)), 1590);

    const copy = tillReceipt(sale, facts(true), true);

    expect(copy.reprint).toBe(true);
    // 3.40 with 10 % inside (0.31) and 12.50 with 20 % inside (2.08).
    expect(copy.taxes).toEqual([
      { name: 'VAT', basisPoints: 1000, net: 309, amount: 31, gross: 340 },
      { name: 'VAT', basisPoints: 2000, net: 1042, amount: 208, gross: 1250 },
    ]);
    expect(copy.taxes.reduce((sum, tax) => sum + tax.gross, 0)).toBe(copy.total);
  });
});
