import { receiptCardLine } from '@kits/plugin-sdk/till';
import { describe, expect, it } from 'vitest';
import { CheckoutMachine, CheckoutRefused } from '../../src/till/checkout/checkout-machine.ts';
import { tillReceipt } from '../../src/till/receipts/till-receipt.ts';
import { coffee, mug, PRICING } from './support/shelf.ts';

const VISA = { brand: 'visa', last4: '4242', authorizationCode: '123456' };

function machine() {
  let sale = 0;
  return new CheckoutMachine({
    pricing: PRICING,
    can: () => true,
    nextReceiptNumber: () => 7,
    newSaleId: () => `sale-${++sale}`,
    cashierId: 'cashier-1',
  });
}

/** A machine on the tender step of a €12.50 mug. */
function atTender() {
  const checkout = machine();
  checkout.add(mug);
  checkout.startTender();
  return checkout;
}

describe('card tenders in the checkout machine', () => {
  it('the sale has its id from the tender step on; the completed event and the receipt use that id', () => {
    const checkout = atTender();
    expect(checkout.state).toMatchObject({ step: 'tender', saleId: 'sale-1' });
    checkout.addTender({ method: 'cash', amount: 1250 });
    const { event, receipt } = checkout.complete();
    expect(event.payload.sale.id).toBe('sale-1');
    expect(receipt.saleId).toBe('sale-1');
  });

  it('back to the cart and to the tender step again is a new sale id (the first one’s card holds are released)', () => {
    const checkout = atTender();
    checkout.backToCart();
    expect(checkout.state).not.toHaveProperty('saleId');
    checkout.startTender();
    expect(checkout.state).toMatchObject({ saleId: 'sale-2' });
  });

  it('an approved card is a tender whose token is the payment id, with the card for the receipt; the event carries only method, amount and token', () => {
    const checkout = atTender();
    const attempt = checkout.startCard({ tenderId: 't-1', method: 'card', amount: 1250 });
    expect(attempt).toEqual({ tenderId: 't-1', method: 'card', amount: 1250 });
    checkout.cardAsked('t-1', 'pay-1');
    expect(checkout.cardWaiting).toEqual({ tenderId: 't-1', method: 'card', amount: 1250, paymentId: 'pay-1' });
    const tender = checkout.cardApproved('t-1', { paymentId: 'pay-1', card: VISA });
    expect(tender).toEqual({ method: 'card', amount: 1250, token: 'pay-1', paymentId: 'pay-1', card: VISA });
    expect(checkout.cardWaiting).toBeUndefined();
    expect(checkout.settlement()).toMatchObject({ ok: true, change: 0 });
    const { event, receipt } = checkout.complete();
    expect(event.payload.sale.tenders).toEqual([{ method: 'card', amount: 1250, token: 'pay-1' }]);
    expect(receipt.tenders).toEqual([tender]);
  });

  it('while a card waits on the reader: no other tender, no second card, no completing, no leaving the step', () => {
    const checkout = atTender();
    checkout.addTender({ method: 'cash', amount: 250 });
    checkout.startCard({ tenderId: 't-1', method: 'card', amount: 1000 });
    const waiting = { code: 'checkout.card_waiting' };
    expect(() => checkout.addTender({ method: 'cash', amount: 1000 })).toThrow(expect.objectContaining(waiting));
    expect(() => checkout.startCard({ tenderId: 't-2', method: 'card', amount: 500 })).toThrow(expect.objectContaining(waiting));
    expect(() => checkout.complete()).toThrow(expect.objectContaining(waiting));
    expect(() => checkout.removeTender(0)).toThrow(expect.objectContaining(waiting));
    expect(() => checkout.backToCart()).toThrow(
      'A card payment is waiting on the reader. Cancel the card payment on the reader (Esc) before going back to the cart.',
    );
    // Nothing changed: the cash is still there, the card still waits.
    expect(checkout.state).toMatchObject({ step: 'tender', tenders: [{ method: 'cash', amount: 250 }], card: { tenderId: 't-1' } });
  });

  it('a declined or canceled card ends the attempt and changes no tender; a try again is a new tender id', () => {
    const checkout = atTender();
    checkout.startCard({ tenderId: 't-1', method: 'card', amount: 1250 });
    checkout.cardAsked('t-1', 'pay-1');
    checkout.cardEnded('t-1');
    expect(checkout.cardWaiting).toBeUndefined();
    expect(checkout.due()).toMatchObject({ paid: 0, remaining: 1250 });
    // An answer about the old try is not taken for the new one.
    checkout.startCard({ tenderId: 't-2', method: 'card', amount: 1250 });
    expect(() => checkout.cardApproved('t-1', { paymentId: 'pay-1', card: VISA })).toThrow(
      expect.objectContaining({ code: 'checkout.no_card_attempt' }),
    );
    checkout.cardEnded('t-1');
    expect(checkout.cardWaiting).toMatchObject({ tenderId: 't-2' });
    checkout.cardApproved('t-2', { paymentId: 'pay-2', card: null });
    expect(checkout.state).toMatchObject({ tenders: [{ method: 'card', amount: 1250, token: 'pay-2', paymentId: 'pay-2' }] });
    expect(checkout.state.step === 'tender' && checkout.state.tenders[0]).not.toHaveProperty('card');
  });

  it.each([
    ['more than is due (only cash gives change)', 1300, 'checkout.card_over'],
    ['nothing', 0, 'checkout.bad_amount'],
    ['a fraction of a cent', 12.5, 'checkout.bad_amount'],
  ])('a card for %s is refused and nothing starts', (_, amount, code) => {
    const checkout = atTender();
    expect(() => checkout.startCard({ tenderId: 't-1', method: 'card', amount })).toThrow(expect.objectContaining({ code }));
    expect(checkout.cardWaiting).toBeUndefined();
  });

  it('split: cash first, then the card pays exactly what remains (no cash rounding on a card)', () => {
    const checkout = machine();
    checkout.add({ ...coffee, unitPrice: 333 });
    checkout.add(mug);
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 500 });
    expect(checkout.due()).toMatchObject({ total: 1583, remaining: 1083 });
    checkout.startCard({ tenderId: 't-1', method: 'card', amount: checkout.due().remaining });
    checkout.cardApproved('t-1', { paymentId: 'pay-1', card: VISA });
    expect(checkout.complete().receipt).toMatchObject({ total: 1583, rounding: 0, change: 0 });
  });

  it('split: card first, then cash for the rest with change', () => {
    const checkout = atTender();
    checkout.startCard({ tenderId: 't-1', method: 'card', amount: 1000 });
    checkout.cardApproved('t-1', { paymentId: 'pay-1', card: VISA });
    expect(checkout.due()).toMatchObject({ remaining: 250, remainingInCash: 250 });
    expect(() => checkout.startCard({ tenderId: 't-2', method: 'card', amount: 300 })).toThrow(
      expect.objectContaining({ code: 'checkout.card_over' }),
    );
    checkout.addTender({ method: 'cash', amount: 500 });
    const { receipt, event } = checkout.complete();
    expect(receipt).toMatchObject({ change: 250 });
    expect(event.payload.sale.tenders).toEqual([
      { method: 'card', amount: 1000, token: 'pay-1' },
      { method: 'cash', amount: 500 },
    ]);
  });

  it('leaving the tender step answers the card payments to cancel (not other plugins’ tenders); taking one back answers its own', () => {
    const checkout = atTender();
    checkout.addTender({ method: 'voucher', amount: 100, token: 'voucher-9' });
    checkout.startCard({ tenderId: 't-1', method: 'card', amount: 500 });
    checkout.cardApproved('t-1', { paymentId: 'pay-1', card: VISA });
    checkout.startCard({ tenderId: 't-2', method: 'card', amount: 300 });
    checkout.cardApproved('t-2', { paymentId: 'pay-2', card: VISA });
    expect(checkout.removeTender(0)).toEqual({ cancel: [] });
    expect(checkout.removeTender(1)).toEqual({ cancel: ['pay-2'] });
    expect(checkout.backToCart()).toEqual({ cancel: ['pay-1'] });
    expect(checkout.state).toMatchObject({ step: 'cart', lines: [{ item: mug, quantity: 1 }] });
    expect(checkout.state).not.toHaveProperty('tenders');
  });

  it('the receipt printers get names the card under its tender (and nothing of the payment id); the line reads Visa •••• 4242  Auth 123456', () => {
    const checkout = atTender();
    checkout.addTender({ method: 'cash', amount: 250 });
    checkout.startCard({ tenderId: 't-1', method: 'card', amount: 1000 });
    checkout.cardApproved('t-1', { paymentId: 'pay-1', card: VISA });
    const { receipt } = checkout.complete();
    const printable = tillReceipt(receipt, {
      completedAt: '2026-12-06T20:00:00.000Z',
      device: { id: 'dev-1' },
      location: { id: 'loc-1' },
      cashier: { id: 'cashier-1', name: 'Ana' },
      pricesIncludeTax: true,
    });
    expect(printable.tenders).toEqual([
      { method: 'cash', amount: 250 },
      { method: 'card', amount: 1000, card: VISA },
    ]);
    expect(receiptCardLine(printable.tenders[1]!.card!)).toBe('Visa •••• 4242  Auth 123456');
    expect(receiptCardLine({ brand: 'amex', last4: '0005' })).toBe('American Express •••• 0005');
    expect(receiptCardLine({ brand: 'cartes_bancaires', last4: '1234', authorizationCode: 'X1' })).toBe(
      'Cartes bancaires •••• 1234  Auth X1',
    );
  });

  it('card steps outside the tender step are refused', () => {
    const checkout = machine();
    checkout.add(mug);
    expect(() => checkout.startCard({ tenderId: 't-1', method: 'card', amount: 100 })).toThrow(CheckoutRefused);
    expect(checkout.cardWaiting).toBeUndefined();
  });
});
