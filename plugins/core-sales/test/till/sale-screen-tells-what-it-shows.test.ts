import type { TillSaleScreenView } from '@kits/plugin-sdk/till';
import { describe, expect, it } from 'vitest';
import { CheckoutMachine } from '../../src/till/checkout/checkout-machine.ts';
import type { CheckoutState } from '../../src/till/checkout/checkout-types.ts';
import { saleScreenView } from '../../src/till/checkout/sale-screen-view.ts';
import { coffee, mug, PRICING } from './support/shelf.ts';

/** A checkout whose every state becomes the view the sale screen tells its followers (a customer display). */
function followedCheckout() {
  const views: TillSaleScreenView[] = [];
  let shown: CheckoutState | undefined;
  let receipt = 0;
  const machine: CheckoutMachine = new CheckoutMachine({
    pricing: PRICING,
    can: () => true,
    nextReceiptNumber: () => ++receipt,
    newSaleId: () => 'sale-1',
    cashierId: 'cashier-1',
    onChange: (state) => {
      views.push(saleScreenView(state, shown, () => machine.priced(), PRICING.currency));
      shown = state;
    },
  });
  return { machine, views };
}

describe('what the sale screen tells the plugins following it', () => {
  it('the line just scanned or changed with the total, the payment, then the completed cash sale with its change', () => {
    const { machine, views } = followedCheckout();

    machine.add(coffee);
    machine.add(mug);
    machine.add(coffee);
    machine.setQuantity(1, 0);
    machine.startTender();
    machine.addTender({ method: 'cash', amount: 1000 });
    machine.complete();

    expect(views).toEqual([
      {
        step: 'cart',
        currency: 'EUR',
        lines: [{ name: 'Flat White', quantity: 1, total: 340 }],
        lastLine: { name: 'Flat White', quantity: 1, total: 340 },
        total: 340,
      },
      {
        step: 'cart',
        currency: 'EUR',
        lines: [
          { name: 'Flat White', quantity: 1, total: 340 },
          { name: 'Ceramic Mug', quantity: 1, total: 1250 },
        ],
        lastLine: { name: 'Ceramic Mug', quantity: 1, total: 1250 },
        total: 1590,
      },
      {
        step: 'cart',
        currency: 'EUR',
        lines: [
          { name: 'Flat White', quantity: 2, total: 680 },
          { name: 'Ceramic Mug', quantity: 1, total: 1250 },
        ],
        lastLine: { name: 'Flat White', quantity: 2, total: 680 },
        total: 1930,
      },
      // A line taken off: no line was just scanned.
      { step: 'cart', currency: 'EUR', lines: [{ name: 'Flat White', quantity: 2, total: 680 }], total: 680 },
      { step: 'tender', currency: 'EUR', total: 680, paid: 0 },
      { step: 'tender', currency: 'EUR', total: 680, paid: 1000 },
      { step: 'completed', currency: 'EUR', saleId: 'sale-1', total: 680, paid: 1000, change: 320, cash: true },
    ]);
  });

  it('a card sale completes without cash, and the next sale opens on an empty cart', () => {
    const { machine, views } = followedCheckout();
    machine.add(mug);
    machine.startTender();
    machine.addTender({ method: 'card', amount: 1250 });
    machine.complete();

    machine.nextSale();

    expect(views.slice(-2)).toEqual([
      { step: 'completed', currency: 'EUR', saleId: 'sale-1', total: 1250, paid: 1250, change: 0, cash: false },
      { step: 'cart', currency: 'EUR', lines: [], total: 0 },
    ]);
  });
});
