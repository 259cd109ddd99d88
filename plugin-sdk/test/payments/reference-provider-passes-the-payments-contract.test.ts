import { paymentIdempotencyKey } from '@kits/plugin-sdk';
import { paymentsContract } from '@kits/plugin-sdk/test-kit';
import { describe, expect, it } from 'vitest';
import { fakeBank } from './fake-bank.ts';

describe('payments@2 contract: the in-memory reference provider, card tokens (answers at once)', () => {
  const cases = paymentsContract(() => fakeBank().service, {
    approved: { token: 'tok_visa' },
    declined: { token: 'tok_insufficient_funds', reason: 'insufficient_funds' },
  });
  for (const c of cases) it(c.name, c.run);
});

describe('payments@2 contract: the in-memory reference provider, a card reader (answers pending)', () => {
  let bank = fakeBank();
  const cases = paymentsContract(
    () => {
      bank = fakeBank();
      return bank.service;
    },
    {
      approved: { reader: 'Front-1' },
      declined: { reader: 'Front-1', reason: 'expired_card' },
      presentCard: async (payment, how) => bank.presentCard(payment.id, how === 'approved' ? 'tok_visa' : 'tok_expired'),
    },
  );
  for (const c of cases) it(c.name, c.run);
});

describe('the reference provider moves money once per key', () => {
  it('twenty racing authorizes and captures with the same keys hold and capture the amount once', async () => {
    const bank = fakeBank();
    const key = (operation: 'authorize' | 'capture') => paymentIdempotencyKey({ tenantId: 't1', saleId: 's1', tender: 0, operation });
    const request = {
      method: 'card',
      amount: 1250,
      currency: 'EUR',
      saleId: 's1',
      tenderId: '0',
      token: 'tok_visa',
      idempotencyKey: key('authorize'),
    };
    const payments = await Promise.all(Array.from({ length: 20 }, () => bank.service.authorize(request)));
    expect(new Set(payments.map((p) => p.id)).size).toBe(1);
    await Promise.all(
      Array.from({ length: 20 }, () => bank.service.capture({ paymentId: payments[0]!.id, idempotencyKey: key('capture') })),
    );
    expect(bank.ledger).toEqual({ held: 1250, captured: 1250, refunded: 0, released: 0 });
  });

  it('a pending payment shows the reader action and is released by cancel without holding money', async () => {
    const bank = fakeBank();
    const pending = await bank.service.authorize({
      method: 'card',
      amount: 500,
      currency: 'EUR',
      saleId: 's2',
      tenderId: 't-1',
      reader: 'Front-1',
      idempotencyKey: paymentIdempotencyKey({ tenantId: 't1', saleId: 's2', tender: 't-1', operation: 'authorize' }),
    });
    expect(pending).toMatchObject({
      state: 'pending',
      action: { kind: 'present_card', reader: 'Front-1', message: 'Present card on reader Front-1' },
    });
    const canceled = await bank.service.cancel({
      paymentId: pending.id,
      idempotencyKey: paymentIdempotencyKey({ tenantId: 't1', saleId: 's2', tender: 't-1', operation: 'cancel' }),
    });
    expect(canceled.state).toBe('canceled');
    expect(canceled.action).toBeUndefined();
    bank.presentCard(pending.id, 'tok_visa'); // too late: the reader is no longer waiting
    expect((await bank.service.status(pending.id)).state).toBe('canceled');
    expect(bank.ledger).toEqual({ held: 0, captured: 0, refunded: 0, released: 0 });
  });
});
