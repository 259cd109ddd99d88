import { randomUUID } from 'node:crypto';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin, SHOP_PLUGINS } from '../../../testing/first-party-plugins.ts';
import { startStripeDouble, type StripeDouble } from './stripe-double/server.ts';
import { API_KEY, DATABASE_KINDS, registerReader, WEBHOOK_SECRET } from './support.ts';

type ReaderDevice = { id: string; model?: string; version?: string };
type PaymentView = {
  id: string;
  state: string;
  action: { kind: string; reader?: string; readerDevice?: ReaderDevice; message: string } | null;
};
type Readers = { items: Array<{ id: string; deviceType: string; softwareVersion: string | null }> };

// Issue 25: the devices service lists every card reader with its model and the software it runs.
// The till learns them from the pending payment core-sales answers (`action.readerDevice`);
// stripe-pay keeps what Stripe's Reader reports (`device_sw_version`) whenever it sees the reader:
// on registering it, in processPaymentIntent's answer, and when it asks Stripe how a payment waits.
describe.each(DATABASE_KINDS)('card readers report their model and software through core-sales on %s', (db) => {
  let double: StripeDouble;
  let kit: TestKernel;
  let till: TestTill;
  let readerId: string;
  let waiting: PaymentView;

  beforeAll(async () => {
    double = await startStripeDouble({ apiKey: API_KEY });
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS, firstPartyPlugin('stripe-pay')], db, enable: false });
    for (const [plugin, settings] of [
      ['core-inventory', undefined],
      ['core-sales', undefined],
      ['stripe-pay', { apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, apiBase: double.url }],
    ] as const) {
      const enabled = await kit.request('POST', `/api/v1/plugins/${plugin}/enable`, {
        body: { version: '1.0.0', ...(settings ? { settings } : {}) },
      });
      if (enabled.status !== 200) throw new Error(`enable ${plugin}: ${enabled.status} ${JSON.stringify(enabled.body)}`);
    }
    // No webhook endpoint: each look at a waiting payment asks Stripe (and sees the reader).
    till = await kit.signInTill({ permissions: ['core-sales:checkout'] });
    readerId = (await registerReader(kit, { label: 'Front-1' })).id;
  });
  afterAll(async () => {
    await kit?.close();
    await double?.close();
  });

  const startPayment = () =>
    kit.request<PaymentView>('POST', '/api/v1/core-sales/payments', {
      token: till.token,
      body: { saleId: randomUUID(), tenderId: randomUUID(), method: 'card', amount: 1250 },
    });
  const payment = (id: string) => kit.request<PaymentView>('GET', `/api/v1/core-sales/payments/${id}`, { token: till.token });
  const cancel = (id: string) => kit.request<PaymentView>('POST', `/api/v1/core-sales/payments/${id}/cancel`, { token: till.token });
  const listed = async () => (await kit.request<Readers>('GET', '/api/v1/stripe-pay/readers')).body.items;
  const device = (version: string): ReaderDevice => ({ id: readerId, model: 'simulated_wisepos_e', version });

  it('a reader is registered with the software it reports, and a card payment waiting on it names its id, model and version', async () => {
    expect(await listed()).toEqual([
      expect.objectContaining({ id: readerId, deviceType: 'simulated_wisepos_e', softwareVersion: '2.30.0.0' }),
    ]);

    const started = await startPayment();
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      state: 'pending',
      action: { kind: 'present_card', reader: 'Front-1', readerDevice: device('2.30.0.0'), message: 'Present card on reader Front-1' },
    });
    // core-sales keeps the provider's action whole: the answer above is its stored row.
    const [stored] = await kit.kernel.db.query<{ action: unknown }>('select action from sales.payments where payment_id = $1', [
      started.body.id,
    ]);
    expect(stored!.action).toEqual(started.body.action);
    waiting = started.body;
  });

  it('after the reader updates its software, the next answers name the new version, and the reader list keeps it once a call writes', async () => {
    double.setReaderSoftwareVersion(readerId, '2.31.1.0');

    // The till's poll (a GET, which writes nothing) asks Stripe and names the reader as Stripe has it now.
    const polled = await payment(waiting.id);
    expect(polled.body).toMatchObject({ state: 'pending', action: { readerDevice: device('2.31.1.0') } });
    expect(await listed()).toEqual([expect.objectContaining({ id: readerId, softwareVersion: '2.30.0.0' })]);

    // Canceling asks Stripe about the reader again, in a transaction that writes: the new version is kept.
    expect((await cancel(waiting.id)).body).toMatchObject({ state: 'canceled', action: null });
    expect(await listed()).toEqual([expect.objectContaining({ id: readerId, softwareVersion: '2.31.1.0' })]);

    // The reader's answer to the next payment brings the version after that.
    double.setReaderSoftwareVersion(readerId, '2.31.2.0');
    const next = await startPayment();
    expect(next.status).toBe(201);
    expect(next.body.action?.readerDevice).toEqual(device('2.31.2.0'));
    expect(await listed()).toEqual([expect.objectContaining({ id: readerId, softwareVersion: '2.31.2.0' })]);
    expect((await payment(next.body.id)).body.action?.readerDevice).toEqual(device('2.31.2.0'));
    expect((await cancel(next.body.id)).body.state).toBe('canceled');
  });

  it('the published API documents both: readerDevice in core-sales’ payment answers, softwareVersion in the reader list', async () => {
    type Schema = { properties?: Record<string, Schema>; anyOf?: Schema[]; items?: Schema; type?: string; description?: string };
    const document = (await kit.kernel.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, { content: { 'application/json': { schema: Schema } } }> }>>;
    }>();
    const answer = (path: string, method: string, status: string) =>
      document.paths[path]![method]!.responses[status]!.content['application/json'].schema;
    for (const [path, method, status] of [
      ['/api/v1/core-sales/payments', 'post', '201'],
      ['/api/v1/core-sales/payments/{paymentId}', 'get', '200'],
    ] as const) {
      const action = answer(path, method, status).properties!.action!.anyOf!.find((s) => s.type === 'object')!;
      expect(Object.keys(action.properties!.readerDevice!.properties!)).toEqual(['id', 'model', 'version']);
    }
    const reader = answer('/api/v1/stripe-pay/readers', 'get', '200').properties!.items!.items!;
    expect(reader.properties!.softwareVersion!.anyOf!.map((s) => s.type)).toEqual(['string', 'null']);
    expect(reader.properties!.softwareVersion!.anyOf![0]!.description).toMatch(/device_sw_version/);
  });
});
