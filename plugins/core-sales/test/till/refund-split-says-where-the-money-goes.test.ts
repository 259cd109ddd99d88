import { describe, expect, it } from 'vitest';
import { afterRefund, refundInstructions, splitRefund, type RefundableTender } from '../../src/till/checkout/refund-split.ts';

const fmt = (amount: number) => `€${(amount / 100).toFixed(2)}`;
const visa = { brand: 'visa', last4: '4242' };
const cash = (paid: number, refunded = 0): RefundableTender => ({ method: 'cash', paid, refunded });
const card = (paid: number, refunded = 0, withCard = true): RefundableTender => ({
  method: 'card',
  paid,
  refunded,
  paymentId: 'pay_1',
  ...(withCard ? { card: visa } : {}),
});

describe('where a return’s money goes back, as the server splits it (cards first, cash last, each up to what it paid)', () => {
  it.each([
    ['card only, part of it', [card(2500)], 750, [{ method: 'card', amount: 750, tender: 0 }]],
    [
      'cash then card: the card first, up to what it paid',
      [cash(500), card(750)],
      1250,
      [
        { method: 'card', amount: 750, tender: 1 },
        { method: 'cash', amount: 500, tender: 0 },
      ],
    ],
    [
      'card partly refunded before: the rest in cash',
      [card(1000, 800), cash(1000)],
      700,
      [
        { method: 'card', amount: 200, tender: 0 },
        { method: 'cash', amount: 500, tender: 1 },
      ],
    ],
    ['card fully refunded before: all in cash', [card(1000, 1000), cash(1000)], 400, [{ method: 'cash', amount: 400, tender: 1 }]],
    [
      'two cards in their order',
      [card(300), { method: 'card', paid: 400, refunded: 0 }],
      500,
      [
        { method: 'card', amount: 300, tender: 0 },
        { method: 'card', amount: 200, tender: 1 },
      ],
    ],
    [
      'more than the tenders have room for (another till refunded): the rest in cash',
      [card(500, 400)],
      300,
      [
        { method: 'card', amount: 100, tender: 0 },
        { method: 'cash', amount: 200 },
      ],
    ],
  ] as const)('%s', (_, tenders, amount, parts) => {
    const split = splitRefund(tenders, amount);
    expect(split.map(({ method, amount: a, tender }) => ({ method, amount: a, ...(tender === undefined ? {} : { tender }) }))).toEqual(
      parts,
    );
    expect(split.reduce((n, p) => n + p.amount, 0)).toBe(amount);
  });

  it('remembers what came back to each tender, so the next return splits what is left', () => {
    const tenders = [cash(500), card(750)];
    const after = afterRefund(tenders, splitRefund(tenders, 600));
    expect(after.map((t) => t.refunded)).toEqual([0, 600]);
    expect(splitRefund(after, 500).map((p) => [p.method, p.amount])).toEqual([
      ['card', 150],
      ['cash', 350],
    ]);
  });
});

describe('what the till tells the cashier', () => {
  it.each([
    ['the card by name, then cash', [card(750), cash(500)], 1250, '€7.50 goes back to the card Visa •••• 4242; give back €5.00 in cash'],
    ['a card the till could not name (offline)', [card(750, 0, false)], 300, '€3.00 goes back to the card'],
    [
      'another tender by its method',
      [{ method: 'voucher', paid: 1000, refunded: 0 }, cash(100)],
      1050,
      '€10.00 goes back to voucher; give back €0.50 in cash',
    ],
    ['all in cash, as it always read', [cash(2840)], 1250, 'give the customer back €12.50, the way they paid'],
  ] as const)('%s', (_, tenders, amount, message) => {
    // The card's name is kept on one line (no-break spaces).
    expect(refundInstructions(splitRefund(tenders, amount), fmt)).toBe(message.replace('Visa •••• 4242', 'Visa\u00a0••••\u00a04242'));
  });
});
