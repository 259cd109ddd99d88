import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { digestHourEnd } from '../src/shared/schedule.ts';
import {
  addRule,
  DATABASE_KINDS,
  notifications,
  notificationsKit,
  OFFICE_URL,
  pause,
  startMailbox,
  until,
  type Mailbox,
} from './support.ts';

// A digest rule sends one email an hour listing what happened; quiet hours (in the tenant's time
// zone) hold emails and pushes and send them after. The hour's end and the end of the quiet hours
// are simulated by moving the notifications' due time to now.

describe.each(DATABASE_KINDS)('digest and quiet hours on %s', (db) => {
  let kit: TestKernel;
  let mailbox: Mailbox;
  const lowAt = async (name: string) => {
    const item = await shelveVariant(kit, { name, price: 100, stock: 10 });
    await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: kit.tenant.locationId, variantId: item.variantId, reorderPoint: 5, reorderMax: 20 },
    });
    await kit.request('POST', '/api/v1/core-inventory/stock/adjust', {
      body: { locationId: kit.tenant.locationId, variantId: item.variantId, quantity: -8, reason: 'Breakage' },
    });
    return item;
  };
  const hhmm = (minutes: number) =>
    `${String(Math.floor((((minutes % 1440) + 1440) % 1440) / 60)).padStart(2, '0')}:${String(((minutes % 60) + 60) % 60).padStart(2, '0')}`;

  beforeAll(async () => {
    mailbox = await startMailbox();
    kit = await notificationsKit(db, mailbox);
  });
  afterAll(async () => {
    await kit?.close();
    await mailbox?.close();
  });

  it('a digest rule holds the hour’s notifications and sends them in one email', async () => {
    const rule = await addRule(kit, { kind: 'low-stock', recipients: ['buyer@shop.example'], digest: true });
    const before = Date.now();
    const a = await lowAt('Dark Roast 250g');
    const b = await lowAt('Green Tea 100g');
    const held = await until(async () => ((await notifications(kit)).length === 2 ? notifications(kit) : undefined), 'two notifications');
    for (const n of held) {
      expect(n.email.state).toBe('waiting');
      expect([digestHourEnd(new Date(before)).toISOString(), digestHourEnd(new Date()).toISOString()]).toContain(n.email.dueAt);
    }
    await pause(3000);
    expect(mailbox.messages).toHaveLength(0);

    await kit.kernel.db.query('update notifications.notifications set email_due_at = now() where rule_id = $1', [rule.id]);
    await until(async () => mailbox.messages.length === 1, 'the digest');
    await pause(2500);
    expect(mailbox.messages).toHaveLength(1);
    const digest = mailbox.messages[0]!;
    expect(digest.subject).toBe('Low stock: 2 notifications in the last hour');
    for (const item of [a, b]) {
      expect(digest.text).toContain(`${OFFICE_URL}/core-inventory/products/${item.productId}`);
      expect(digest.html).toContain(`href="${OFFICE_URL}/core-inventory/products/${item.productId}"`);
    }
    expect(digest.text).toContain('Dark Roast 250g');
    expect(digest.text).toContain('Green Tea 100g');
    expect((await notifications(kit)).map((n) => n.email.state)).toEqual(['sent', 'sent']);
    await kit.request('DELETE', `/api/v1/notifications/rules/${rule.id}`);
  });

  it('quiet hours in the tenant’s time zone hold the email until they end, then it goes', async () => {
    const [{ timezone }] = await kit.kernel.db.query<{ timezone: string }>('select timezone from kernel.tenants where tenant_id = $1', [
      kit.tenant.id,
    ]);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(),
    );
    const [h, m] = local.split(':').map(Number);
    const now = h! * 60 + m!;
    const quietHours = { start: hhmm(now - 60), end: hhmm(now + 90) };
    const rule = await addRule(kit, { kind: 'low-stock', recipients: ['night@shop.example'], quietHours, push: true });
    const sent = mailbox.messages.length;
    await lowAt('Chai Latte 1L');
    const [held] = await until(async () => {
      const mine = (await notifications(kit)).filter((n) => n.title.includes('Chai Latte'));
      return mine.length === 1 && mine;
    }, 'the held notification');
    expect(held!.email.state).toBe('waiting');
    // Due when the quiet hours end: 90 minutes from now, to the minute.
    const due = Date.parse(held!.email.dueAt!);
    expect(due - Date.now()).toBeGreaterThan(88 * 60_000);
    expect(due - Date.now()).toBeLessThan(91 * 60_000);
    const [push] = await kit.kernel.db.query<{ push_due_at: Date; pushed_at: Date | null }>(
      'select push_due_at, pushed_at from notifications.notifications where notification_id = $1',
      [held!.id],
    );
    expect(new Date(push!.push_due_at).getTime()).toBe(due);
    expect(push!.pushed_at).toBeNull();
    await pause(3000);
    expect(mailbox.messages).toHaveLength(sent);

    await kit.kernel.db.query('update notifications.notifications set email_due_at = now() where notification_id = $1', [held!.id]);
    await until(async () => mailbox.messages.length === sent + 1, 'the email after quiet hours');
    expect(mailbox.messages.at(-1)!.subject).toContain('Chai Latte 1L');
    expect(mailbox.envelopes.at(-1)).toEqual(['night@shop.example']);
    await kit.request('DELETE', `/api/v1/notifications/rules/${rule.id}`);
  });

  it('deleting a rule keeps its notifications in the centre and drops what they still had to send', async () => {
    const rule = await addRule(kit, { kind: 'low-stock', recipients: ['gone@shop.example'], digest: true, push: true });
    await lowAt('Matcha Powder 50g');
    const [waiting] = await until(async () => {
      const mine = (await notifications(kit)).filter((n) => n.title.includes('Matcha'));
      return mine.length === 1 && mine;
    }, 'the waiting notification');
    expect(waiting!.email.state).toBe('waiting');
    const sent = mailbox.messages.length;
    expect((await kit.request('DELETE', `/api/v1/notifications/rules/${rule.id}`)).status).toBe(204);
    const [kept] = (await notifications(kit)).filter((n) => n.title.includes('Matcha'));
    expect(kept).toMatchObject({ id: waiting!.id, email: { state: 'none', dueAt: null } });
    await pause(2500);
    expect(mailbox.messages).toHaveLength(sent);
  });
});
