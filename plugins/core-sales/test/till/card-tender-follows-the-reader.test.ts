import { TillOfflineError } from '@kits/plugin-sdk/till';
import { describe, expect, it, vi } from 'vitest';
import type { PaymentView } from '../../src/shared/payment-view.ts';
import { CARD_NEEDS_CONNECTION, type CardPayments } from '../../src/till/checkout/card-payments.ts';
import { CardTender, type CardStatus } from '../../src/till/checkout/card-tender.ts';
import { CheckoutMachine, type Tender } from '../../src/till/checkout/checkout-machine.ts';
import { mug, PRICING } from './support/shelf.ts';

const VISA = { brand: 'visa', last4: '4242', authorizationCode: '123456' };

/**
 * core-sales' payment routes as the till sees them, in memory: a payment waits on the reader until
 * the test presents a card (approve or decline); cancel ends a waiting or authorized one. It
 * records every call, and can be taken offline.
 */
class ReaderDouble implements CardPayments {
  readonly payments = new Map<string, PaymentView>();
  readonly calls: string[] = [];
  offline = false;
  #tenders = 0;

  newTenderId(): string {
    return `tender-${++this.#tenders}`;
  }
  async start(request: { saleId: string; tenderId: string; method: string; amount: number }): Promise<PaymentView> {
    this.#reach(`start ${request.saleId} ${request.tenderId} ${request.amount}`);
    const existing = [...this.payments.values()].find((p) => p.tenderId === request.tenderId);
    if (existing) return existing;
    const payment: PaymentView = {
      id: `pay-${this.payments.size + 1}`,
      state: 'pending',
      method: request.method,
      saleId: request.saleId,
      tenderId: request.tenderId,
      amount: request.amount,
      currency: 'EUR',
      captured: 0,
      refunded: 0,
      action: { kind: 'present_card', reader: 'Front-1', message: 'Present card on reader Front-1' },
      decline: null,
      card: null,
      captureProblem: null,
    };
    this.payments.set(payment.id, payment);
    return payment;
  }
  async status(paymentId: string): Promise<PaymentView> {
    this.#reach(`status ${paymentId}`);
    return this.payments.get(paymentId)!;
  }
  async cancel(paymentId: string): Promise<PaymentView> {
    this.#reach(`cancel ${paymentId}`);
    return this.#settle(paymentId, { state: 'canceled' });
  }
  present(outcome: 'approve' | 'insufficient_funds'): void {
    const pending = [...this.payments.values()].find((p) => p.state === 'pending')!;
    this.#settle(
      pending.id,
      outcome === 'approve'
        ? { state: 'authorized', card: VISA }
        : { state: 'declined', decline: { reason: 'insufficient_funds', message: 'Insufficient funds — ask for another card.' } },
    );
  }
  #settle(paymentId: string, change: Partial<PaymentView>): PaymentView {
    const settled = { ...this.payments.get(paymentId)!, action: null, ...change } as PaymentView;
    this.payments.set(paymentId, settled);
    return settled;
  }
  #reach(call: string): void {
    if (this.offline) throw new TillOfflineError();
    this.calls.push(call);
  }
}

function tenderStep(reader: ReaderDouble) {
  const machine = new CheckoutMachine({
    pricing: PRICING,
    can: () => true,
    nextReceiptNumber: () => 1,
    newSaleId: () => 'sale-1',
    cashierId: 'cashier-1',
  });
  machine.add(mug);
  machine.startTender();
  const approved: Tender[] = [];
  const card = new CardTender(machine, reader, {
    pollMs: 1,
    onApproved: async (tender) => {
      approved.push(tender);
    },
  });
  const seen: CardStatus['kind'][] = [];
  card.watch((status) => {
    if (seen.at(-1) !== status.kind) seen.push(status.kind);
  });
  return { machine, card, approved, seen };
}

describe('a card payment on the tender step follows the reader', () => {
  it('asks for the sale, shows what the reader asks while it waits, and adds the approved card as a tender', async () => {
    const reader = new ReaderDouble();
    const { machine, card, approved, seen } = tenderStep(reader);
    await card.pay('card', 1250);
    expect(card.status).toEqual({ kind: 'waiting', amount: 1250, message: 'Present card on reader Front-1', canceling: false });
    expect(machine.cardWaiting).toEqual({ tenderId: 'tender-1', method: 'card', amount: 1250, paymentId: 'pay-1' });
    await vi.waitFor(() => expect(reader.calls.filter((c) => c.startsWith('status')).length).toBeGreaterThan(1));

    reader.present('approve');
    await vi.waitFor(() => expect(card.status.kind).toBe('approved'));
    expect(approved).toEqual([{ method: 'card', amount: 1250, token: 'pay-1', paymentId: 'pay-1', card: VISA }]);
    expect(machine.settlement()).toMatchObject({ ok: true });
    expect(reader.calls[0]).toBe('start sale-1 tender-1 1250');
    expect(seen).toEqual(['asking', 'waiting', 'approved']);
    // It stops asking once approved.
    const calls = reader.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reader.calls.length).toBe(calls);
  });

  it('a decline shows the reason, adds nothing, and Try again is a new tender id that can succeed', async () => {
    const reader = new ReaderDouble();
    const { machine, card, approved } = tenderStep(reader);
    await card.pay('card', 1250);
    reader.present('insufficient_funds');
    await vi.waitFor(() => expect(card.status.kind).toBe('declined'));
    expect(card.status).toEqual({ kind: 'declined', amount: 1250, message: 'Declined: Insufficient funds — ask for another card.' });
    expect(machine.cardWaiting).toBeUndefined();
    expect(machine.due().paid).toBe(0);
    // The cash box works again after a decline.
    expect(() => machine.addTender({ method: 'cash', amount: 100 })).not.toThrow();
    machine.removeTender(0);

    await card.tryAgain();
    expect(reader.calls.filter((c) => c.startsWith('start'))).toEqual(['start sale-1 tender-1 1250', 'start sale-1 tender-2 1250']);
    reader.present('approve');
    await vi.waitFor(() => expect(card.status.kind).toBe('approved'));
    expect(approved.map((t) => t.token)).toEqual(['pay-2']);
  });

  it('Esc cancels the reader’s action on the server; nothing is added and cash is taken again', async () => {
    const reader = new ReaderDouble();
    const { machine, card, approved } = tenderStep(reader);
    await card.pay('card', 1250);
    await card.cancel();
    expect(card.status).toEqual({ kind: 'canceled' });
    expect(reader.calls).toContain('cancel pay-1');
    expect(reader.payments.get('pay-1')!.state).toBe('canceled');
    expect(machine.cardWaiting).toBeUndefined();
    expect(approved).toEqual([]);
    machine.addTender({ method: 'cash', amount: 1250 });
    expect(machine.settlement()).toMatchObject({ ok: true });
  });

  it('offline, a card is refused at once with the contract’s message, nothing is asked of the server, and cash goes on', async () => {
    const reader = new ReaderDouble();
    reader.offline = true;
    const { machine, card } = tenderStep(reader);
    await card.pay('card', 1250);
    expect(card.status).toEqual({ kind: 'refused', message: CARD_NEEDS_CONNECTION });
    expect(CARD_NEEDS_CONNECTION).toBe(
      'Card payments need a connection to the server — take cash, or try again when the till is back online.',
    );
    expect(reader.calls).toEqual([]);
    expect(machine.cardWaiting).toBeUndefined();
    machine.addTender({ method: 'cash', amount: 1250 });
    expect(machine.complete().event.payload.sale.tenders).toEqual([{ method: 'cash', amount: 1250 }]);
  });

  it('losing the server while the card waits keeps asking; the answer counts once the server is back', async () => {
    const reader = new ReaderDouble();
    const { card, approved } = tenderStep(reader);
    await card.pay('card', 1250);
    reader.offline = true;
    await vi.waitFor(() => expect(card.status).toMatchObject({ kind: 'waiting', trouble: expect.stringContaining('cannot be reached') }));
    reader.present('approve');
    reader.offline = false;
    await vi.waitFor(() => expect(card.status.kind).toBe('approved'));
    expect(approved).toHaveLength(1);
  });

  it('Esc when the server cannot be reached ends the try on the till (the server releases the hold) and cash is taken', async () => {
    const reader = new ReaderDouble();
    const { machine, card } = tenderStep(reader);
    await card.pay('card', 1250);
    reader.offline = true;
    await card.cancel();
    expect(card.status).toMatchObject({ kind: 'refused', message: expect.stringContaining('releases it by itself') });
    expect(machine.cardWaiting).toBeUndefined();
    expect(() => machine.addTender({ method: 'cash', amount: 1250 })).not.toThrow();
  });

  it('a card for more than is due is refused by the machine before anything is asked', async () => {
    const reader = new ReaderDouble();
    const { card } = tenderStep(reader);
    await expect(card.pay('card', 5000)).rejects.toMatchObject({ code: 'checkout.card_over' });
    expect(reader.calls).toEqual([]);
    expect(card.status).toEqual({ kind: 'idle' });
  });
});
