import type { TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  changeProduct,
  createEndpoint,
  DATABASE_KINDS,
  deliveries,
  startDns,
  startReceiver,
  webhookKit,
  type Receiver,
  type TestDns,
} from './support.ts';

// A receiver that fails is retried (with backoff; the tests' operator sets a 200 ms base) until it
// answers 2xx; one that fails for a whole day is disabled and webhooks.endpoint.disabled published;
// a delivery still failing 3 days after its event is given up.

describe.each(DATABASE_KINDS)('failing deliveries on %s', (db) => {
  let dns: TestDns;
  let kit: TestKernel;
  let receiver: Receiver;

  beforeAll(async () => {
    dns = await startDns();
    receiver = await startReceiver();
    kit = await webhookKit(db, dns);
  });
  afterAll(async () => {
    await kit?.close();
    await receiver?.close();
    await dns?.close();
  });

  it('retries a failing receiver until it answers 2xx, logging every attempt, and the streak clears', async () => {
    let calls = 0;
    receiver.respond = (_request, response) => {
      calls += 1;
      if (calls <= 2) response.writeHead(503).end('busy, try later');
      else response.end('thanks');
    };
    const endpoint = await createEndpoint(kit, { url: receiver.url('/retry'), eventTypes: ['inventory.product.changed'] });
    await changeProduct(kit);
    const [delivery] = await eventually(
      () => deliveries(kit, endpoint.id),
      (items) => items[0]?.state === 'succeeded',
    );
    expect(delivery).toMatchObject({ state: 'succeeded', attempts: 3, lastStatus: 200 });
    const detail = await kit.request<{ attemptLog: Array<{ responseStatus: number; responseExcerpt: string; error: string | null }> }>(
      'GET',
      `${API}/endpoints/${endpoint.id}/deliveries/${delivery!.id}`,
    );
    expect(detail.body.attemptLog.map((a) => [a.responseStatus, a.responseExcerpt, a.error])).toEqual([
      [503, 'busy, try later', 'answered 503'],
      [503, 'busy, try later', 'answered 503'],
      [200, 'thanks', null],
    ]);
    // The same event each time: receivers dedupe on webhook-id.
    const ids = new Set(receiver.received.filter((r) => r.path === '/retry').map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const after = await kit.request<{ failingSince: string | null; enabled: boolean }>('GET', `${API}/endpoints/${endpoint.id}`);
    expect(after.body).toMatchObject({ failingSince: null, enabled: true });
  });

  it('disables an endpoint failing for a whole day and publishes webhooks.endpoint.disabled', async () => {
    receiver.respond = (_request, response) => response.writeHead(500).end('down');
    const endpoint = await createEndpoint(kit, { url: receiver.url('/down'), eventTypes: ['inventory.*'] });
    await changeProduct(kit);
    await eventually(
      () => deliveries(kit, endpoint.id),
      (items) => (items[0]?.attempts ?? 0) >= 1,
    );
    // A day has passed since its first failure (the clock cannot be moved, the streak's start can).
    await kit.kernel.db.query(`update webhooks.endpoints set failing_since = now() - interval '25 hours' where endpoint_id = $1`, [
      endpoint.id,
    ]);
    const disabled = await eventually(
      async () => (await kit.request<{ enabled: boolean; disabledReason: string | null }>('GET', `${API}/endpoints/${endpoint.id}`)).body,
      (e) => !e.enabled,
    );
    expect(disabled.disabledReason).toMatch(/^Failed for a whole day .*answered 500$/);
    const events = await kit.kernel.db.query<{ payload: { endpointId: string; url: string; lastError: string } }>(
      `select payload from kernel.outbox where tenant_id = $1 and type = 'webhooks.endpoint.disabled'`,
      [kit.tenant.id],
    );
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ endpointId: endpoint.id, url: endpoint.url, lastError: 'answered 500' }),
    ]);
    // Disabled: no more attempts, and new events are not recorded for it.
    const attempts = (await deliveries(kit, endpoint.id))[0]!.attempts;
    await changeProduct(kit);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const log = await deliveries(kit, endpoint.id);
    expect(log).toHaveLength(1);
    expect(log[0]!.attempts).toBe(attempts);

    // Enabling it again clears the disablement, and the owed delivery goes out.
    receiver.respond = (_request, response) => response.end('back');
    const enabled = await kit.request<{ enabled: boolean; disabledReason: string | null }>('PATCH', `${API}/endpoints/${endpoint.id}`, {
      body: { enabled: true },
    });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
    await eventually(
      () => deliveries(kit, endpoint.id),
      (items) => items[0]?.state === 'succeeded',
    );
  });

  it('gives a delivery up once it has failed for 3 days since its event', async () => {
    receiver.respond = (_request, response) => response.writeHead(502).end();
    const endpoint = await createEndpoint(kit, { url: receiver.url('/gone'), eventTypes: ['inventory.product.changed'] });
    await changeProduct(kit);
    const [first] = await eventually(
      () => deliveries(kit, endpoint.id),
      (items) => (items[0]?.attempts ?? 0) >= 1 && items[0]?.state === 'pending',
    );
    await kit.kernel.db.query(
      `update webhooks.deliveries set created_at = now() - interval '73 hours', next_attempt_at = now() where delivery_id = $1`,
      [first!.id],
    );
    const [failed] = await eventually(
      () => deliveries(kit, endpoint.id),
      (items) => items[0]?.state === 'failed',
    );
    expect(failed).toMatchObject({ state: 'failed', lastStatus: 502, lastError: 'answered 502' });
    const attempts = failed!.attempts;
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await deliveries(kit, endpoint.id))[0]!.attempts).toBe(attempts);
  });
});
