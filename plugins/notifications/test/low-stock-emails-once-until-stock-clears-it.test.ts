import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../testing/shop-shelf.ts';
import {
  addRule,
  API,
  DATABASE_KINDS,
  notifications,
  notificationsKit,
  OFFICE_URL,
  pause,
  startMailbox,
  until,
  type Mailbox,
} from './support.ts';

// Low stock at a location, sent by email through a real SMTP server (smtp-server) and read back
// (mailparser): once per condition until stock back above the reorder point clears it.

describe.each(DATABASE_KINDS)('low stock by email on %s', (db) => {
  let kit: TestKernel;
  let mailbox: Mailbox;
  let item: { productId: string; variantId: string; sku: string };

  const adjust = async (quantity: number) => {
    const answer = await kit.request('POST', '/api/v1/core-inventory/stock/adjust', {
      body: { locationId: kit.tenant.locationId, variantId: item.variantId, quantity, reason: 'Counted on the shelf' },
    });
    expect(answer.status).toBe(201);
  };
  const lowStock = async () => (await notifications(kit)).filter((n) => n.kind === 'low-stock');

  beforeAll(async () => {
    mailbox = await startMailbox();
    kit = await notificationsKit(db, mailbox);
    item = await shelveVariant(kit, { name: 'Oat Milk 1L', price: 249, stock: 12 });
    const reorder = await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: kit.tenant.locationId, variantId: item.variantId, reorderPoint: 5, reorderMax: 24 },
    });
    expect(reorder.status).toBe(200);
  });
  afterAll(async () => {
    await kit?.close();
    await mailbox?.close();
  });

  it('notifies once with a readable email, not again while low, and again after stock came back', async () => {
    await addRule(kit, {
      kind: 'low-stock',
      locationId: kit.tenant.locationId,
      recipients: ['manager@shop.example', 'owner@shop.example'],
    });

    await adjust(-8); // 12 → 4: below 5
    const [first] = await until(async () => ((await lowStock()).length === 1 ? lowStock() : undefined), 'the low-stock notification');
    expect(first).toMatchObject({
      title: expect.stringContaining('Oat Milk 1L'),
      link: `/core-inventory/products/${item.productId}`,
      readAt: null,
    });
    await until(async () => mailbox.messages.length === 1, 'the email');
    const mail = mailbox.messages[0]!;
    expect(mail.subject).toBe(first!.title);
    expect(mail.from?.value.map((a) => a.address)).toEqual(['alerts@shop.example']);
    expect((Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((t) => t!.value.map((a) => a.address))).toEqual([
      'manager@shop.example',
      'owner@shop.example',
    ]);
    expect(mailbox.envelopes[0]).toEqual(['manager@shop.example', 'owner@shop.example']);
    const link = `${OFFICE_URL}/core-inventory/products/${item.productId}`;
    expect(mail.text).toContain('4 available');
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`<a href="${link}">`);
    expect(await until(async () => (await lowStock())[0]!.email.state === 'sent' && lowStock(), 'sent state')).toHaveLength(1);

    await adjust(-1); // 4 → 3: still low, the condition is open: nothing new
    await adjust(1); // 3 → 4: still below the reorder point: stays open
    await adjust(-2);
    await pause(2500);
    expect(await lowStock()).toHaveLength(1);
    expect(mailbox.messages).toHaveLength(1);

    await adjust(10); // 2 → 12: back above, clears
    await until(
      async () =>
        (
          await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from notifications.conditions where cleared_at is not null')
        )[0]!.n === 1,
      'the condition to clear',
    );
    await adjust(-9); // 12 → 3: low again: notifies again
    await until(async () => (await lowStock()).length === 2, 'the second notification');
    await until(async () => mailbox.messages.length === 2, 'the second email');
  });

  it('the bell counts the unread notifications of the person signed in; one is marked read, then all — for that person only', async () => {
    const count = async () => (await kit.request<{ unread: number }>('GET', `${API}/notifications/unread-count`)).body.unread;
    expect(await count()).toBe(2);
    const [newest] = await notifications(kit);
    const read = await kit.request<{ readAt: string | null }>('POST', `${API}/notifications/${newest!.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect(await count()).toBe(1);
    const unread = await kit.request<{ items: Array<{ id: string }> }>('GET', `${API}/notifications?unread=true`);
    expect(unread.body.items.map((n) => n.id)).not.toContain(newest!.id);
    expect((await kit.request<{ marked: number }>('POST', `${API}/notifications/read-all`)).body.marked).toBe(1);
    expect(await count()).toBe(0);
    // Another person of the shop has read nothing yet: their bell still says 2.
    const colleague = await kit.signInTill({ permissions: ['notifications:read'] });
    const theirs = await kit.request<{ unread: number }>('GET', `${API}/notifications/unread-count`, { token: colleague.token });
    expect([theirs.status, theirs.body.unread]).toEqual([200, 2]);
    const theirList = await kit.request<{ items: Array<{ readAt: string | null }> }>('GET', `${API}/notifications`, {
      token: colleague.token,
    });
    expect(theirList.body.items.map((n) => n.readAt)).toEqual([null, null]);
    const missing = await kit.request<{ code: string }>('POST', `${API}/notifications/0190a000-0000-7000-8000-00000000dead/read`);
    expect([missing.status, missing.body.code]).toEqual([404, 'notifications.unknown_notification']);
  });

  it('another tenant sees none of it', async () => {
    const other = await kit.createTenant();
    expect(await notifications(kit, other.admin.token)).toEqual([]);
    const [mine] = await notifications(kit);
    expect((await kit.request('POST', `${API}/notifications/${mine!.id}/read`, { token: other.admin.token })).status).toBe(404);
  });

  it('the SMTP test send reaches the mailbox; a wrong password is a 422 with the server’s words', async () => {
    const before = mailbox.messages.length;
    const sent = await kit.request<{ messageId: string }>('POST', `${API}/smtp/test`, { body: { to: 'me@shop.example' } });
    expect(sent.status).toBe(200);
    await until(async () => mailbox.messages.length === before + 1, 'the test email');
    expect(mailbox.messages.at(-1)!.subject).toBe('KiTS test email');
    expect(mailbox.messages.at(-1)!.html).toContain(`${OFFICE_URL}/notifications/settings`);

    const bad = await kit.request<{ code: string }>('POST', `${API}/smtp/test`, { body: { to: 'not an address' } });
    expect([bad.status, bad.body.code]).toEqual([400, 'request.invalid']);

    const settings = await kit.request('PUT', '/api/v1/plugins/notifications/settings', {
      body: {
        officeUrl: OFFICE_URL,
        smtp: { host: '127.0.0.1', port: mailbox.port, user: 'kits', password: 'wrong', from: 'alerts@shop.example' },
      },
    });
    expect(settings.status).toBe(200);
    const refused = await kit.request<{ code: string; detail: string }>('POST', `${API}/smtp/test`, { body: { to: 'me@shop.example' } });
    expect([refused.status, refused.body.code]).toEqual([422, 'notifications.smtp_failed']);
    expect(refused.body.detail).toMatch(/Invalid username or password/);

    expect((await kit.request('PUT', '/api/v1/plugins/notifications/settings', { body: { officeUrl: OFFICE_URL } })).status).toBe(200);
    const missing = await kit.request<{ code: string }>('POST', `${API}/smtp/test`, { body: { to: 'me@shop.example' } });
    expect([missing.status, missing.body.code]).toEqual([409, 'notifications.smtp_not_configured']);
  });
});
