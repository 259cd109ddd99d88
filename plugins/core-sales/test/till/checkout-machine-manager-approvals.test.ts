import { describe, expect, it } from 'vitest';
import { CheckoutMachine, CheckoutRefused, type CheckoutState } from '../../src/till/checkout/checkout-machine.ts';
import type { ManagerApproval } from '../../src/till/checkout/sale-approval.ts';
import { coffee, mug, PRICING } from './support/shelf.ts';

const online: ManagerApproval = {
  permission: 'core-sales:discount',
  action: 'discount.line',
  approverId: 'manager-1',
  approverName: 'Maria Manager',
  approvalId: 'approval-1',
  token: 'kitsok_secret',
  expiresAt: '2030-01-01T00:00:00.000Z',
};
const offline: ManagerApproval = {
  permission: 'core-sales:discount',
  action: 'discount.sale',
  approverId: 'manager-2',
  approverName: 'Omar',
};

function cashierMachine(changes: CheckoutState[] = []) {
  return new CheckoutMachine({
    pricing: PRICING,
    can: () => false,
    nextReceiptNumber: () => 7,
    newSaleId: () => 'sale-1',
    cashierId: 'cashier-1',
    onChange: (state) => changes.push(state),
  });
}

describe('a manager’s approval at the checkout, and the cart the till keeps', () => {
  it('without the permission a discount is refused naming it; with a manager’s approval it is priced in, and the sale event names the approvers (never the token)', () => {
    const checkout = cashierMachine();
    checkout.add(mug);
    checkout.add(coffee);
    const refused = (() => {
      try {
        checkout.discountLine(0, { kind: 'percent', basisPoints: 1000 });
      } catch (error) {
        return error as CheckoutRefused;
      }
    })();
    expect(refused).toBeInstanceOf(CheckoutRefused);
    expect(refused).toMatchObject({ code: 'checkout.forbidden', permission: 'core-sales:discount' });
    expect(checkout.priced().discountTotal).toBe(0);

    checkout.discountLine(0, { kind: 'percent', basisPoints: 1000 }, online);
    checkout.discountCart({ kind: 'amount', amount: 100 }, offline);
    // 12.50 − 1.25 + 3.40 − 1.00 = 13.65
    expect(checkout.priced().total).toBe(1365);
    checkout.startTender();
    checkout.backToCart();
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 1365 });
    const { event } = checkout.complete();
    expect(event.payload.approvals).toEqual([
      { permission: 'core-sales:discount', action: 'discount.line', approverId: 'manager-1', approvalId: 'approval-1' },
      { permission: 'core-sales:discount', action: 'discount.sale', approverId: 'manager-2' },
    ]);
    expect(JSON.stringify(event)).not.toContain('kitsok_secret');
  });

  it('an approval of another permission does not serve; a sale with no approvals says nothing of them', () => {
    const checkout = cashierMachine();
    checkout.add(mug);
    expect(() => checkout.discountCart({ kind: 'amount', amount: 100 }, { ...online, permission: 'core-sales:price.override' })).toThrow(
      'A cart discount needs a manager (core-sales:discount).',
    );
    expect(checkout.state).toEqual({ step: 'cart', lines: [{ item: mug, quantity: 1 }] });
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 1250 });
    expect(checkout.complete().event.payload).not.toHaveProperty('approvals');
  });

  it('another price without the permission is refused naming it; with a manager’s approval the line has it and the sale event names the approver', () => {
    const checkout = cashierMachine();
    checkout.add(mug);
    expect(() => checkout.overridePrice(0, 900)).toThrow(
      expect.objectContaining({ code: 'checkout.forbidden', permission: 'core-sales:price.override' }),
    );
    // A discount's approval does not serve; a price that is no price is refused before any approval counts.
    expect(() => checkout.overridePrice(0, 900, online)).toThrow('Another price needs a manager (core-sales:price.override).');
    const price: ManagerApproval = { ...online, permission: 'core-sales:price.override', action: 'price.override' };
    expect(() => checkout.overridePrice(0, 9.5, price)).toThrow(expect.objectContaining({ code: 'checkout.bad_price' }));
    expect(checkout.state).toEqual({ step: 'cart', lines: [{ item: mug, quantity: 1 }] });

    checkout.overridePrice(0, 900, price);
    expect(checkout.state).toMatchObject({ lines: [{ item: mug, quantity: 1, unitPriceOverride: 900 }], approvals: [price] });
    expect(checkout.priced().total).toBe(900);
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 900 });
    const { event } = checkout.complete();
    expect(event.payload.sale.lines).toEqual([{ variantId: mug.variantId, quantity: 1, unitPrice: 900 }]);
    expect(event.payload.approvals).toEqual([
      { permission: 'core-sales:price.override', action: 'price.override', approverId: 'manager-1', approvalId: 'approval-1' },
    ]);
    expect(JSON.stringify(event)).not.toContain('kitsok_secret');
  });

  it('every change is told to the till (to keep the open cart), up to the receipt and the next sale', () => {
    const changes: CheckoutState[] = [];
    const checkout = cashierMachine(changes);
    checkout.add(coffee);
    checkout.setQuantity(0, 2);
    checkout.setCustomer('customer-1');
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 680 });
    checkout.complete();
    checkout.nextSale();
    expect(changes.map((state) => state.step)).toEqual(['cart', 'cart', 'cart', 'tender', 'tender', 'receipt', 'cart']);
    expect(changes.at(-1)).toEqual({ step: 'cart', lines: [] });
  });

  it('an empty cart takes back a kept cart as it was: lines, discounts, customer, approvals; a cart in use refuses it', () => {
    const before = cashierMachine();
    before.add(mug, 2);
    before.discountLine(0, { kind: 'amount', amount: 250 }, online);
    before.discountCart({ kind: 'percent', basisPoints: 1000 }, offline);
    before.setCustomer('customer-1');
    const kept = before.state;
    if (kept.step !== 'cart') throw new Error('the cart');

    const after = cashierMachine();
    after.restore({
      lines: kept.lines,
      cartDiscount: kept.cartDiscount!,
      customerId: kept.customerId!,
      approvals: kept.approvals!,
    });
    expect(after.state).toEqual(kept);
    expect(after.priced().total).toBe(before.priced().total);
    expect(() => after.restore({ lines: [{ item: coffee, quantity: 1 }] })).toThrow(
      expect.objectContaining({ code: 'checkout.cart_not_empty' }),
    );
    const empty = cashierMachine();
    empty.restore({ lines: [] });
    expect(empty.state).toEqual({ step: 'cart', lines: [] });
  });
});
