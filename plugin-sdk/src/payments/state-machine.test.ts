import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { declineReasonFromText, DECLINE_MESSAGES } from './declines.ts';
import { DECLINE_REASONS, type PaymentState } from './payment.ts';
import {
  capturedState,
  checkPaymentAmount,
  nextPaymentState,
  PAYMENT_TRANSITIONS,
  refundable,
  refundedState,
  type PaymentEvent,
} from './state-machine.ts';

const STATES: PaymentState[] = ['pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'canceled', 'declined'];
const EVENTS: PaymentEvent[] = ['approve', 'decline', 'cancel', 'capture', 'refund', 'refund_rest'];

// The legal moves, written out from the design (issue 21), independently of PAYMENT_TRANSITIONS.
const LEGAL: Array<[PaymentState, PaymentEvent, PaymentState]> = [
  ['pending', 'approve', 'authorized'],
  ['pending', 'decline', 'declined'],
  ['pending', 'cancel', 'canceled'],
  ['authorized', 'capture', 'captured'],
  ['authorized', 'cancel', 'canceled'],
  ['captured', 'refund', 'partially_refunded'],
  ['captured', 'refund_rest', 'refunded'],
  ['partially_refunded', 'refund', 'partially_refunded'],
  ['partially_refunded', 'refund_rest', 'refunded'],
];

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

describe('nextPaymentState', () => {
  it.each(LEGAL)('%s + %s → %s', (state, event, next) => {
    expect(nextPaymentState(state, event)).toBe(next);
  });

  const illegal = STATES.flatMap((state) => EVENTS.map((event) => [state, event] as const)).filter(
    ([state, event]) => !LEGAL.some(([s, e]) => s === state && e === event),
  );
  it.each(illegal)('%s + %s is refused (payments.illegal_transition, 409)', (state, event) => {
    let refusal: unknown;
    try {
      nextPaymentState(state, event);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'payments.illegal_transition', status: 409, extensions: { state, event } });
    expect((refusal as Error).message).toMatch(new RegExp(`^A ${state} payment cannot `));
  });

  it('the table has every state and nothing beyond the legal moves', () => {
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...STATES].sort());
    const moves = Object.entries(PAYMENT_TRANSITIONS).flatMap(([state, events]) =>
      Object.entries(events).map(([event, next]) => [state, event, next]),
    );
    expect(moves).toHaveLength(LEGAL.length);
  });

  it('refunded, canceled and declined are ends', () => {
    for (const end of ['refunded', 'canceled', 'declined'] as const) expect(PAYMENT_TRANSITIONS[end]).toEqual({});
  });
});

describe('refundable and refundedState', () => {
  const payment = (state: PaymentState, captured: number, refunded: number) => ({ state, amount: 1000, captured, refunded });

  it.each([
    ['pending', 0, 0, 0],
    ['authorized', 0, 0, 0],
    ['captured', 1000, 0, 1000],
    ['captured', 600, 0, 600],
    ['partially_refunded', 1000, 300, 700],
    ['refunded', 1000, 1000, 0],
    ['canceled', 0, 0, 0],
    ['declined', 0, 0, 0],
  ] as const)('%s, captured %i, refunded %i: %i refundable', (state, captured, refunded, left) => {
    expect(refundable(payment(state, captured, refunded))).toBe(left);
  });

  it.each([
    ['captured', 1000, 0, 300, { state: 'partially_refunded', refunded: 300 }],
    ['captured', 1000, 0, 1000, { state: 'refunded', refunded: 1000 }],
    ['partially_refunded', 1000, 300, 200, { state: 'partially_refunded', refunded: 500 }],
    ['partially_refunded', 1000, 300, 700, { state: 'refunded', refunded: 1000 }],
    ['captured', 600, 0, 600, { state: 'refunded', refunded: 600 }],
  ] as const)('%s (captured %i, refunded %i), refund %i → %o', (state, captured, refunded, amount, after) => {
    expect(refundedState(payment(state, captured, refunded), amount)).toEqual(after);
  });

  it.each([
    ['captured', 1000, 0, 1001, 'payments.refund_exceeds_capture'],
    ['partially_refunded', 1000, 300, 701, 'payments.refund_exceeds_capture'],
    ['captured', 600, 0, 601, 'payments.refund_exceeds_capture'],
    ['authorized', 0, 0, 100, 'payments.illegal_transition'],
    ['refunded', 1000, 1000, 1, 'payments.illegal_transition'],
    ['canceled', 0, 0, 1, 'payments.illegal_transition'],
    ['captured', 1000, 0, 0, 'payments.invalid_amount'],
    ['captured', 1000, 0, -5, 'payments.invalid_amount'],
    ['captured', 1000, 0, 2.5, 'payments.invalid_amount'],
  ] as const)('%s (captured %i, refunded %i), refund %s is refused: %s', (state, captured, refunded, amount, code) => {
    expect(codeOf(() => refundedState(payment(state, captured, refunded), amount))).toBe(code);
  });

  it('the refusal beyond capture says what is left', () => {
    try {
      refundedState(payment('partially_refunded', 1000, 300), 701);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ status: 409, extensions: { refundable: 700, requested: 701 } });
    }
  });
});

describe('capturedState', () => {
  it.each([
    [undefined, { state: 'captured', captured: 1000 }],
    [1000, { state: 'captured', captured: 1000 }],
    [1, { state: 'captured', captured: 1 }],
  ] as const)('authorized 1000, capture %s → %o', (amount, after) => {
    expect(capturedState({ state: 'authorized', amount: 1000, captured: 0, refunded: 0 }, amount)).toEqual(after);
  });

  it.each([
    ['authorized', 1001, 'payments.capture_exceeds_authorization'],
    ['authorized', 0, 'payments.invalid_amount'],
    ['pending', undefined, 'payments.illegal_transition'],
    ['captured', undefined, 'payments.illegal_transition'],
    ['canceled', undefined, 'payments.illegal_transition'],
  ] as const)('%s, capture %s is refused: %s', (state, amount, code) => {
    expect(codeOf(() => capturedState({ state, amount: 1000, captured: 0, refunded: 0 }, amount))).toBe(code);
  });
});

describe('checkPaymentAmount', () => {
  it.each([
    [1, 'EUR', undefined],
    [1999, 'JPY', undefined],
    [0, 'EUR', 'payments.invalid_amount'],
    [-1, 'EUR', 'payments.invalid_amount'],
    [19.99, 'EUR', 'payments.invalid_amount'],
    [Number.MAX_SAFE_INTEGER + 2, 'EUR', 'payments.invalid_amount'],
    [100, 'eur', 'payments.invalid_amount'],
    [100, 'QQQ', 'payments.invalid_amount'],
  ] as const)('%s %s → %s', (amount, currency, code) => {
    expect(codeOf(() => checkPaymentAmount(amount, currency))).toBe(code);
  });
});

describe('declines', () => {
  it('every reason has a message a cashier can act on', () => {
    expect(Object.keys(DECLINE_MESSAGES).sort()).toEqual([...DECLINE_REASONS].sort());
    for (const message of Object.values(DECLINE_MESSAGES)) expect(message).toMatch(/ — /);
  });

  it.each([
    ['insufficient funds', 'insufficient_funds'],
    ['Card expired', 'expired_card'],
    ['reader offline', 'reader_offline'],
    ['Reader busy', 'reader_busy'],
    ['canceled by customer', 'canceled'],
    ['processing error', 'processing_error'],
    ['do not honor', 'declined'],
  ] as const)('payments@1 reason "%s" reads as %s', (text, reason) => {
    expect(declineReasonFromText(text)).toBe(reason);
  });
});
