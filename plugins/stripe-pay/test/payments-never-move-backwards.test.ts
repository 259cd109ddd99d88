import type { PaymentState } from '@kits/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { advances, merged, type Observation, type PaymentRow } from '../src/server/payment-store.ts';
import { declineReasonOf } from '../src/server/errors.ts';

const row = (state: PaymentState, extra: Partial<PaymentRow> = {}): PaymentRow => ({
  payment_id: 'pi_1',
  method: 'card',
  sale_id: 's1',
  tender_id: 't1',
  amount: 1000,
  currency: 'EUR',
  state,
  captured: 0,
  reader_id: 'tmr_1',
  reader_label: 'Front-1',
  card_brand: null,
  card_last4: null,
  authorization_code: null,
  decline_reason: null,
  decline_message: null,
  capture_key: null,
  ...extra,
});

describe('what stripe-pay hears never moves a payment backwards', () => {
  it.each<[PaymentState, Observation['state'], boolean]>([
    ['pending', 'authorized', true],
    ['pending', 'declined', true],
    ['pending', 'captured', true],
    ['authorized', 'pending', false],
    ['authorized', 'declined', false],
    ['authorized', 'canceled', true],
    ['captured', 'authorized', false],
    ['captured', 'canceled', false],
    ['declined', 'authorized', false],
    ['canceled', 'authorized', false],
    ['partially_refunded', 'captured', false],
  ])('%s hearing %s moves: %s', (from, to, moves) => {
    expect(advances(from, to)).toBe(moves);
  });

  it('an older answer keeps the newer state, the card and the larger captured amount', () => {
    const now = row('captured', { captured: 800, card_brand: 'visa', card_last4: '4242', authorization_code: '123456' });
    expect(merged(now, { state: 'authorized' })).toMatchObject({
      state: 'captured',
      captured: 800,
      card_last4: '4242',
      authorization_code: '123456',
    });
    expect(merged(row('pending'), { state: 'declined', decline: { reason: 'expired_card', message: 'm' } })).toMatchObject({
      state: 'declined',
      decline_reason: 'expired_card',
    });
    // A decline heard after approval is not applied, and leaves no reason behind.
    expect(merged(row('authorized'), { state: 'declined', decline: { reason: 'declined', message: 'm' } })).toMatchObject({
      state: 'authorized',
      decline_reason: null,
    });
  });

  it('reads Stripe’s codes as the closed set of decline reasons', () => {
    expect(declineReasonOf('card_declined', 'generic_decline')).toBe('declined');
    expect(declineReasonOf('card_declined', 'insufficient_funds')).toBe('insufficient_funds');
    expect(declineReasonOf('expired_card')).toBe('expired_card');
    expect(declineReasonOf('terminal_reader_offline')).toBe('reader_offline');
    expect(declineReasonOf('terminal_reader_busy')).toBe('reader_busy');
    expect(declineReasonOf('customer_canceled')).toBe('canceled');
    expect(declineReasonOf('something_new')).toBe('declined');
  });
});
