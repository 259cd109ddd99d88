import { describe, expect, it } from 'vitest';
import { reportingCardPayments } from '../../src/devices/reporting-card-payments.ts';
import { PeripheralStatus } from '../../src/devices/peripheral-status.ts';
import { GatewayError, type GatewayClient } from '../../src/sync/gateway-client.ts';

/** A gateway whose every call answers `outcome` (a value, or an error thrown), recording the paths asked. */
function gateway(outcome: { answer: unknown } | { error: Error }) {
  const asked: string[] = [];
  const respond = async (method: string, path: string) => {
    asked.push(`${method} ${path}`);
    if ('error' in outcome) throw outcome.error;
    return outcome.answer;
  };
  const client = {
    get: (path: string) => respond('GET', path),
    post: (path: string) => respond('POST', path),
    put: (path: string) => respond('PUT', path),
    liveSocket: async () => ({ url: 'ws://kernel.test/live', protocols: [] }),
  } as unknown as GatewayClient;
  return { client, asked };
}

const PAYMENTS = '/api/v1/core-sales/payments';
// Codes and statuses as stripe-pay and core-sales answer them (stripe-pay/src/server/errors.ts, readers.ts).
const stripeUnavailable = new GatewayError(
  503,
  'stripe-pay.unavailable',
  'Stripe is not answering normally just now: try again in a moment, or take another tender.',
);

describe("the till's card reader status follows what the card tender's calls answered", () => {
  it.each([
    {
      what: 'a payment the server took on (pending)',
      method: 'post',
      path: PAYMENTS,
      outcome: { answer: { state: 'pending' } },
      expected: { state: 'ok', message: null },
    },
    {
      what: "a payment's state asked for",
      method: 'get',
      path: `${PAYMENTS}/pi_1`,
      outcome: { answer: { state: 'authorized' } },
      expected: { state: 'ok', message: null },
    },
    {
      what: 'a cancel on the reader',
      method: 'post',
      path: `${PAYMENTS}/pi_1/cancel`,
      outcome: { answer: { state: 'canceled' } },
      expected: { state: 'ok', message: null },
    },
    {
      what: 'Stripe not answering (503)',
      method: 'post',
      path: PAYMENTS,
      outcome: { error: stripeUnavailable },
      expected: { state: 'error', message: stripeUnavailable.message },
    },
    {
      what: 'no payment provider enabled (4xx with a provider code)',
      method: 'post',
      path: PAYMENTS,
      outcome: { error: new GatewayError(409, 'sales.no_payment_provider', 'No enabled plugin takes card payments.') },
      expected: { state: 'error', message: 'No enabled plugin takes card payments.' },
    },
    {
      what: 'no reader paired with this till',
      method: 'post',
      path: PAYMENTS,
      outcome: { error: new GatewayError(409, 'stripe-pay.no_reader', 'No card reader is paired with this till.') },
      expected: { state: 'error', message: 'No card reader is paired with this till.' },
    },
  ] as const)('$what → the card reader is $expected.state', async ({ method, path, outcome, expected }) => {
    const status = new PeripheralStatus();
    const { client } = gateway(outcome);
    const call = reportingCardPayments(client, status)[method](path, {});
    if ('error' in outcome) await expect(call).rejects.toBe(outcome.error);
    else await expect(call).resolves.toEqual(outcome.answer);
    expect(status.list()).toEqual([{ kind: 'card-reader', name: 'Card reader', at: expect.any(String), ...expected }]);
  });

  it.each([
    { what: 'the payment methods looked up (not the reader)', method: 'get', path: `${PAYMENTS}/methods`, outcome: { answer: [] } },
    { what: 'a sale posted', method: 'post', path: '/api/v1/core-sales/sales', outcome: { error: stripeUnavailable } },
    {
      what: 'a card payment refused as bad input (422)',
      method: 'post',
      path: PAYMENTS,
      outcome: { error: new GatewayError(422, 'request.invalid', 'amount must be positive') },
    },
    {
      what: 'a card payment when the till cannot reach the server',
      method: 'post',
      path: PAYMENTS,
      outcome: { error: new TypeError('fetch failed') },
    },
  ] as const)('$what → nothing said of the reader', async ({ method, path, outcome }) => {
    const status = new PeripheralStatus();
    const { client, asked } = gateway(outcome);
    const call = reportingCardPayments(client, status)[method](path, {});
    if ('error' in outcome) await expect(call).rejects.toBe(outcome.error);
    else await expect(call).resolves.toEqual(outcome.answer);
    expect(asked).toEqual([`${method.toUpperCase()} ${path}`]);
    expect(status.list()).toEqual([]);
  });

  it('a reader the provider names (id, model, software) is reported as that device; a later failure is its own', async () => {
    const status = new PeripheralStatus();
    const pending = {
      state: 'pending',
      action: {
        kind: 'present_card',
        reader: 'Front-1',
        message: 'Present card on reader Front-1',
        readerDevice: { id: 'tmr_FRONT1', model: 'bbpos_wisepos_e', version: '2.30.0.0' },
      },
    };
    await reportingCardPayments(gateway({ answer: pending }).client, status).post(PAYMENTS, {});
    expect(status.list()).toEqual([
      {
        kind: 'card-reader',
        name: 'Card reader Front-1',
        state: 'ok',
        message: null,
        at: expect.any(String),
        address: 'tmr_FRONT1',
        model: 'bbpos_wisepos_e',
        version: '2.30.0.0',
      },
    ]);

    // The same till's next card payment fails at the provider: the reader it uses says so, by its address.
    let calls = 0;
    const flaky = {
      ...gateway({ answer: pending }).client,
      post: async () => {
        calls += 1;
        if (calls > 1) throw stripeUnavailable;
        return pending;
      },
    } as unknown as GatewayClient;
    const wrapped = reportingCardPayments(flaky, status);
    await wrapped.post(PAYMENTS, {});
    await expect(wrapped.post(PAYMENTS, {})).rejects.toBe(stripeUnavailable);
    expect(status.list()).toEqual([
      expect.objectContaining({
        name: 'Card reader Front-1',
        address: 'tmr_FRONT1',
        state: 'error',
        message: stripeUnavailable.message,
        version: '2.30.0.0',
      }),
    ]);
  });

  it('a reader back after an error reads as ok again, and other calls pass through untouched', async () => {
    const status = new PeripheralStatus();
    const failing = reportingCardPayments(gateway({ error: stripeUnavailable }).client, status);
    await expect(failing.post(PAYMENTS, {})).rejects.toBe(stripeUnavailable);
    expect(status.list()[0]).toMatchObject({ state: 'error' });
    const working = gateway({ answer: { ok: true } });
    const wrapped = reportingCardPayments(working.client, status);
    await wrapped.post(PAYMENTS, {});
    expect(status.list()).toEqual([expect.objectContaining({ kind: 'card-reader', state: 'ok', message: null })]);
    await expect(wrapped.put('/api/v1/plugins/core-sales/settings', {})).resolves.toEqual({ ok: true });
    expect(working.asked).toEqual([`POST ${PAYMENTS}`, 'PUT /api/v1/plugins/core-sales/settings']);
  });
});
