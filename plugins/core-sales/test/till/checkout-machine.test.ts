import { describe, expect, it } from 'vitest';
import { CheckoutMachine, CheckoutRefused } from '../../src/till/checkout/checkout-machine.ts';
import { coffee, mug, PRICING } from './support/shelf.ts';

function machine(grants: string[] = [], pricing = PRICING) {
  let receipt = 41;
  let sale = 0;
  return new CheckoutMachine({
    pricing,
    can: (permission) => grants.includes(permission),
    nextReceiptNumber: () => ++receipt,
    newSaleId: () => `sale-${++sale}`,
    cashierId: 'cashier-1',
    shiftId: () => 'shift-1',
  });
}

describe('the checkout state machine', () => {
  it('cart → tender → receipt: scans add up, cash gives change, the sale becomes a till event', () => {
    const checkout = machine();
    checkout.add(coffee);
    checkout.add(coffee);
    checkout.add(mug);
    expect(checkout.state.step).toBe('cart');
    expect(checkout.priced()).toMatchObject({ subtotal: 1930, total: 1930 });
    checkout.startTender();
    expect(checkout.due()).toEqual({ total: 1930, paid: 0, remaining: 1930, remainingInCash: 1930 });
    checkout.addTender({ method: 'cash', amount: 2000 });
    const { receipt, event } = checkout.complete();
    expect(receipt).toMatchObject({ receiptNumber: 42, total: 1930, change: 70, rounding: 0 });
    expect(receipt.lines.map((l) => [l.name, l.quantity, l.total])).toEqual([
      ['Flat White', 2, 680],
      ['Ceramic Mug', 1, 1250],
    ]);
    expect(event).toEqual({
      type: 'sales.sale.completed',
      payload: {
        sale: {
          id: 'sale-1',
          shiftId: 'shift-1',
          lines: [
            { variantId: 'v-coffee', quantity: 2 },
            { variantId: 'v-mug', quantity: 1 },
          ],
          tenders: [{ method: 'cash', amount: 2000 }],
          expectedTotal: 1930,
        },
        receiptNumber: 42,
        cashierId: 'cashier-1',
      },
    });
    checkout.nextSale();
    expect(checkout.state).toEqual({ step: 'cart', lines: [] });
  });

  it('a sale names its customer in the cart; the name stays through tender and goes with the event; the next sale has none', () => {
    const checkout = machine();
    checkout.add(mug);
    checkout.setCustomer('customer-7');
    checkout.setCustomer(undefined);
    expect(checkout.state).not.toHaveProperty('customerId');
    checkout.setCustomer('customer-9');
    checkout.startTender();
    expect(() => checkout.setCustomer('customer-1')).toThrow(CheckoutRefused);
    checkout.backToCart();
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 1250 });
    const { event } = checkout.complete();
    expect(event.payload.sale.customerId).toBe('customer-9');
    checkout.nextSale();
    expect(checkout.state).toEqual({ step: 'cart', lines: [] });
  });

  it('cash rounding to 0.05 applies when the rest is paid in cash', () => {
    const checkout = machine();
    checkout.add({ ...coffee, unitPrice: 333 });
    checkout.startTender();
    expect(checkout.due().remainingInCash).toBe(335);
    checkout.addTender({ method: 'cash', amount: 335 });
    expect(checkout.complete().receipt).toMatchObject({ total: 335, rounding: 2, change: 0 });
  });

  it('split tender: card first, the rest in cash', () => {
    const checkout = machine();
    checkout.add(mug);
    checkout.startTender();
    checkout.addTender({ method: 'card', amount: 1000, token: 'tok' });
    expect(checkout.due()).toMatchObject({ remaining: 250, remainingInCash: 250 });
    checkout.addTender({ method: 'cash', amount: 500 });
    expect(checkout.complete().receipt).toMatchObject({ change: 250 });
  });

  it('a short payment is refused and the sale stays open', () => {
    const checkout = machine();
    checkout.add(mug);
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 1000 });
    expect(() => checkout.complete()).toThrow(expect.objectContaining({ code: 'sales.tender_short' }));
    expect(checkout.state.step).toBe('tender');
  });

  it('discounts and other prices need a manager; with one they are priced in', () => {
    const cashier = machine();
    cashier.add(mug);
    expect(() => cashier.discountLine(0, { kind: 'percent', basisPoints: 1000 })).toThrow(CheckoutRefused);
    expect(() => cashier.overridePrice(0, 1000)).toThrow(expect.objectContaining({ code: 'checkout.forbidden' }));
    expect(() => cashier.discountCart({ kind: 'amount', amount: 100 })).toThrow(CheckoutRefused);

    const manager = machine(['core-sales:discount', 'core-sales:price.override']);
    manager.add(mug);
    manager.add(coffee, 2);
    manager.discountLine(0, { kind: 'percent', basisPoints: 1000 });
    manager.overridePrice(1, 300);
    manager.discountCart({ kind: 'amount', amount: 100 });
    expect(manager.priced()).toMatchObject({ subtotal: 1850, discountTotal: 225, total: 1625 });
  });

  it('quantities edit and remove lines; an empty cart cannot be paid', () => {
    const checkout = machine();
    expect(() => checkout.startTender()).toThrow(expect.objectContaining({ code: 'checkout.empty_cart' }));
    checkout.add(coffee);
    checkout.setQuantity(0, 5);
    expect(checkout.priced().total).toBe(1700);
    expect(() => checkout.setQuantity(0, 1.5)).toThrow(expect.objectContaining({ code: 'checkout.bad_quantity' }));
    checkout.setQuantity(0, 0);
    expect(checkout.state).toMatchObject({ lines: [] });
  });

  it('going back from tender to cart drops the tenders; a finished sale cannot change', () => {
    const checkout = machine();
    checkout.add(coffee);
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 100 });
    checkout.backToCart();
    checkout.add(coffee);
    checkout.startTender();
    expect(checkout.due().paid).toBe(0);
    checkout.addTender({ method: 'cash', amount: 680 });
    checkout.complete();
    expect(() => checkout.add(coffee)).toThrow(expect.objectContaining({ code: 'checkout.not_in_cart' }));
  });

  it('a parked sale resumes into an empty cart with its discounts (given by whoever parked it) and completes as resumed', () => {
    const checkout = machine([]);
    checkout.add(coffee);
    expect(() => checkout.resume({ id: 'parked-1', lines: [{ item: mug, quantity: 1 }] })).toThrow(
      'Finish or park this sale before resuming another.',
    );
    checkout.clear();
    expect(checkout.state).toEqual({ step: 'cart', lines: [] });
    checkout.resume({
      id: 'parked-1',
      lines: [
        { item: mug, quantity: 2, discount: { kind: 'amount', amount: 500 } },
        { item: coffee, quantity: 1 },
      ],
      cartDiscount: { kind: 'percent', basisPoints: 1000 },
    });
    // (2 × 12.50 − 5.00 + 3.40) − 10 % = 21.06, cash-rounded to 21.05 at payment.
    expect(checkout.priced().total).toBe(2106);
    checkout.startTender();
    checkout.backToCart();
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 2105 });
    const { event } = checkout.complete();
    expect(event.payload.sale).toMatchObject({
      resumedFrom: 'parked-1',
      cartDiscount: { kind: 'percent', basisPoints: 1000 },
      lines: [
        { variantId: 'v-mug', quantity: 2, discount: { kind: 'amount', amount: 500 } },
        { variantId: 'v-coffee', quantity: 1 },
      ],
    });
  });
});
