import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { browserKeys, startPushService } from './push-service-receiver.ts';
import { addRule, API, notifications, notificationsKit, OFFICE_URL, startMailbox, until, type Mailbox } from './support.ts';

// Headless Chromium cannot reach a real push service: the server side is proven against a push
// service on the loopback (allowed by the operator's PLUGIN_NOTIFICATIONS__PUSH_ORIGINS), whose messages
// the test opens with the subscription's own keys — real aes128gcm bytes and a real VAPID signature.

describe('web push', () => {
  let kit: TestKernel;
  let mailbox: Mailbox;
  let service: Awaited<ReturnType<typeof startPushService>>;

  beforeAll(async () => {
    service = await startPushService();
    mailbox = await startMailbox();
    kit = await notificationsKit('postgres', mailbox, undefined, { PLUGIN_NOTIFICATIONS__PUSH_ORIGINS: service.origin });
  });
  afterAll(async () => {
    await kit?.close();
    await mailbox?.close();
    await service?.close();
  });

  it('a notification is pushed, encrypted for each subscribed browser and signed with the tenant’s VAPID key; a gone browser is forgotten', async () => {
    const key = await kit.request<{ publicKey: string }>('GET', `${API}/push/key`);
    expect(key.status).toBe(200);
    expect(Buffer.from(key.body.publicKey, 'base64url')).toHaveLength(65);

    const browser = browserKeys();
    const left = browserKeys();
    for (const [id, keys] of [
      ['desk', browser],
      ['old-phone', left],
    ] as const) {
      const subscribed = await kit.request('POST', `${API}/push/subscriptions`, {
        body: { endpoint: `${service.origin}/push/${id}`, keys: { p256dh: keys.p256dh, auth: keys.auth } },
      });
      expect(subscribed.status).toBe(201);
    }
    service.gone.add('old-phone');

    await addRule(kit, { kind: 'low-stock', push: true });
    const item = await shelveVariant(kit, { name: 'Sourdough Loaf', price: 450, stock: 6 });
    await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: kit.tenant.locationId, variantId: item.variantId, reorderPoint: 3, reorderMax: 10 },
    });
    await kit.request('POST', '/api/v1/core-inventory/stock/adjust', {
      body: { locationId: kit.tenant.locationId, variantId: item.variantId, quantity: -4, reason: 'Sold at the market' },
    });

    const [pushed] = await until(async () => service.received.length > 0 && service.received, 'the push');
    expect(pushed!.path).toBe('/push/desk');
    const message = JSON.parse(browser.decrypt(pushed!.body)) as { id: string; title: string; body: string; url: string };
    const [notification] = await notifications(kit);
    expect(message).toEqual({
      id: notification!.id,
      title: notification!.title,
      body: notification!.body,
      url: `${OFFICE_URL}/core-inventory/products/${item.productId}`,
    });
    expect(message.title).toContain('Sourdough Loaf');
    expect(String(pushed!.headers['authorization'])).toContain(`k=${key.body.publicKey}`);
    expect(() => left.decrypt(pushed!.body)).toThrow(); // only the subscription's own keys open it

    await until(
      async () => (await kit.kernel.db.query<{ endpoint: string }>('select endpoint from notifications.push_subscriptions')).length === 1,
      'the gone subscription to be forgotten',
    );
    expect(await kit.kernel.db.query('select endpoint from notifications.push_subscriptions')).toEqual([
      { endpoint: `${service.origin}/push/desk` },
    ]);
    const [row] = await kit.kernel.db.query<{ pushed_at: Date | null }>('select pushed_at from notifications.notifications');
    expect(row!.pushed_at).not.toBeNull();
    expect(service.received).toHaveLength(1);
  });

  it('removing the subscription stops pushes to that browser', async () => {
    const removed = await kit.request<{ removed: boolean }>('POST', `${API}/push/subscriptions/remove`, {
      body: { endpoint: `${service.origin}/push/desk` },
    });
    expect(removed.body.removed).toBe(true);
    expect(await kit.kernel.db.query('select 1 from notifications.push_subscriptions')).toEqual([]);
  });
});
