import type { TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  changeProduct,
  count,
  createEndpoint,
  DATABASE_KINDS,
  deliveries,
  startDns,
  startReceiver,
  verifies,
  webhookKit,
  type CreatedEndpoint,
  type Receiver,
  type TestDns,
} from './support.ts';

// Rotating a secret signs with both for 24 hours (two `v1,` signatures), then with the new one only;
// a delivery can be replayed alone (same webhook-id) or every event of a time range.

describe.each(DATABASE_KINDS)('secret rotation and replay on %s', (db) => {
  let dns: TestDns;
  let kit: TestKernel;
  let receiver: Receiver;
  let endpoint: CreatedEndpoint;

  beforeAll(async () => {
    dns = await startDns();
    receiver = await startReceiver();
    kit = await webhookKit(db, dns);
    endpoint = await createEndpoint(kit, { url: receiver.url(), eventTypes: ['inventory.product.*'] });
  });
  afterAll(async () => {
    await kit?.close();
    await receiver?.close();
    await dns?.close();
  });

  const next = async (before: number) =>
    (
      await eventually(
        async () => receiver.received,
        (r) => r.length > before,
      )
    )[before]!;

  it('signs with the old and the new secret for 24 hours after a rotation, then with the new one', async () => {
    const rotated = await kit.request<CreatedEndpoint>('POST', `${API}/endpoints/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const expires = Date.parse(rotated.body.previousSecretExpiresAt!);
    expect(expires - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    await changeProduct(kit);
    const during = await next(0);
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(endpoint.secret, during.headers, during.body)).toBe(true);
    expect(verifies(rotated.body.secret, during.headers, during.body)).toBe(true);

    // A day later the old secret no longer signs.
    await kit.kernel.db.query(
      `update webhooks.endpoints set previous_secret_expires_at = now() - interval '1 second' where endpoint_id = $1`,
      [endpoint.id],
    );
    await changeProduct(kit);
    const after = await next(1);
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(rotated.body.secret, after.headers, after.body)).toBe(true);
    expect(verifies(endpoint.secret, after.headers, after.body)).toBe(false);
    endpoint = rotated.body;
  });

  it('replays one delivery with the same webhook-id, and a time range once per event', async () => {
    const log = await eventually(
      () => deliveries(kit, endpoint.id),
      (items) => items.length >= 2 && items.every((d) => d.state === 'succeeded'),
    );
    const before = receiver.received.length;
    const replay = await kit.request<{ id: string; replayOf: string; eventId: string }>(
      'POST',
      `${API}/endpoints/${endpoint.id}/deliveries/${log[1]!.id}/replay`,
    );
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ replayOf: log[1]!.id, eventId: log[1]!.eventId });
    const again = await next(before);
    expect(again.headers['webhook-id']).toBe(log[1]!.eventId);
    expect(verifies(endpoint.secret, again.headers, again.body)).toBe(true);

    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 1000).toISOString();
    const range = await kit.request<{ replayed: number }>('POST', `${API}/endpoints/${endpoint.id}/replay`, { body: { from, to } });
    expect(range.status).toBe(202);
    expect(range.body.replayed).toBe(2); // two events, however often they were sent
    const afterRange = await eventually(
      async () => receiver.received,
      (r) => r.length >= before + 3,
    );
    expect(new Set(afterRange.slice(before + 1).map((r) => r.headers['webhook-id']))).toEqual(
      new Set(log.slice(0, 2).map((d) => d.eventId)),
    );

    const onlyFailed = await kit.request<{ replayed: number }>('POST', `${API}/endpoints/${endpoint.id}/replay`, {
      body: { from, to, onlyFailed: true },
    });
    expect(onlyFailed.body.replayed).toBe(0);
    expect(await count(kit, 'deliveries')).toBe(5);
  });

  it('sends a test ping the receiver can verify', async () => {
    const before = receiver.received.length;
    const ping = await kit.request<{ deliveryId: string; eventId: string }>('POST', `${API}/endpoints/${endpoint.id}/ping`);
    expect(ping.status).toBe(202);
    const got = await next(before);
    expect(got.headers['webhook-id']).toBe(ping.body.eventId);
    expect(JSON.parse(got.body)).toMatchObject({ type: 'webhooks.endpoint.ping', data: { endpointId: endpoint.id } });
    expect(verifies(endpoint.secret, got.headers, got.body)).toBe(true);
  });
});
