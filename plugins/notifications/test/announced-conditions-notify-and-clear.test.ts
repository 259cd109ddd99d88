import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeToOutbox } from '../../../kernel/src/events/outbox.ts';
import { addRule, DATABASE_KINDS, notifications, notificationsKit, OFFICE_URL, startMailbox, until, type Mailbox } from './support.ts';

// Conditions other parts announce by events: the kernel's dead letters, accounting's failed and
// posted exports, Shopify's failed and recovered syncs, the webhooks plugin's disabled endpoints.
// Each event is written to the outbox exactly as its publisher writes it (writeToOutbox, the
// function behind tx.publish), so only this plugin's handling is under test here; the publishers'
// own tests cover when they publish (the kernel's: kernel-announces-dead-letters-to-the-tenant).

describe.each(DATABASE_KINDS)('announced conditions on %s', (db) => {
  let kit: TestKernel;
  let mailbox: Mailbox;
  const announce = async (source: string, type: string, payload: unknown) => {
    await kit.kernel.db.transaction({ tenantId: kit.tenant.id }, (tx) => writeToOutbox(tx, kit.tenant.id, source, { type, payload }));
  };
  const ofKind = async (kind: string) => (await notifications(kit)).filter((n) => n.kind === kind);
  const waitFor = (kind: string, count: number) =>
    until(async () => ((await ofKind(kind)).length === count ? ofKind(kind) : undefined), `${count} ${kind}`);

  beforeAll(async () => {
    mailbox = await startMailbox();
    kit = await notificationsKit(db, mailbox);
  });
  afterAll(async () => {
    await kit?.close();
    await mailbox?.close();
  });

  it('a dead-lettered event notifies by email, once per event and subscriber', async () => {
    await addRule(kit, { kind: 'event-dead-lettered', recipients: ['ops@shop.example'] });
    const payload = {
      eventId: '0190a000-0000-7000-8000-0000000000e1',
      eventType: 'sales.sale.completed',
      subscriber: 'reports@1.0.0',
      attempts: 8,
      error: 'rollup failed',
    };
    await announce('kernel', 'kernel.event.dead_lettered', payload);
    await announce('kernel', 'kernel.event.dead_lettered', payload); // the same dead letter recorded again: no second notification
    const [dead] = await waitFor('event-dead-lettered', 1);
    expect(dead).toMatchObject({ title: 'An event was given up on: sales.sale.completed', link: '/notifications' });
    expect(dead!.body).toContain('reports@1.0.0 failed 8 times');
    await until(async () => mailbox.messages.length === 1, 'the email');
    expect(mailbox.messages[0]!.html).toContain(`${OFFICE_URL}/notifications`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await ofKind('event-dead-lettered')).toHaveLength(1);
  });

  it('a failed accounting export notifies until it is posted; failing again later notifies again', async () => {
    await addRule(kit, { kind: 'export-failed' });
    const failed = {
      exportId: '0190a000-0000-7000-8000-0000000000f1',
      locationId: kit.tenant.locationId,
      day: '2026-12-06',
      sequence: 1,
      system: 'Xero',
      message: 'Account 200 is archived',
    };
    await announce('accounting', 'accounting.export.failed', failed);
    const [first] = await waitFor('export-failed', 1);
    expect(first!.title).toMatch(/^Xero export failed: .*, 2026-12-06$/);
    expect(first!.body).toContain('Account 200 is archived');
    await announce('accounting', 'accounting.export.failed', failed);
    await announce('accounting', 'accounting.export.posted', {
      exportId: failed.exportId,
      locationId: failed.locationId,
      day: failed.day,
      sequence: 1,
      system: 'Xero',
    });
    await until(
      async () =>
        (
          await kit.kernel.db.query(`select 1 from notifications.conditions where subject = $1 and cleared_at is not null`, [
            `accounting:${failed.exportId}`,
          ])
        ).length === 1,
      'the export condition to clear',
    );
    expect(await ofKind('export-failed')).toHaveLength(1);
    await announce('accounting', 'accounting.export.failed', failed);
    await waitFor('export-failed', 2);
  });

  it('a failed Shopify sync notifies until it recovers', async () => {
    const failure = {
      failureId: '0190a000-0000-7000-8000-0000000000a1',
      area: 'stock',
      target: 'SKU-9',
      message: 'Inventory item not stocked at location',
    };
    const before = (await ofKind('export-failed')).length;
    await announce('shopify', 'shopify.sync.failed', failure);
    const list = await waitFor('export-failed', before + 1);
    expect(list[0]).toMatchObject({ title: 'Shopify stock sync failed', link: '/shopify/sync' });
    await announce('shopify', 'shopify.sync.recovered', { failureId: failure.failureId, area: 'stock', target: 'SKU-9' });
    await until(
      async () =>
        (
          await kit.kernel.db.query(
            `select 1 from notifications.conditions where subject = 'shopify:stock:SKU-9' and cleared_at is not null`,
          )
        ).length === 1,
      'the shopify condition to clear',
    );
  });

  it('a disabled webhook endpoint notifies', async () => {
    await addRule(kit, { kind: 'webhook-disabled' });
    await announce('webhooks', 'webhooks.endpoint.disabled', {
      endpointId: '0190a000-0000-7000-8000-0000000000b1',
      url: 'https://erp.example/kits',
      failingSince: '2026-12-06T09:00:00.000Z',
      lastError: '502 Bad Gateway',
    });
    const [disabled] = await waitFor('webhook-disabled', 1);
    expect(disabled).toMatchObject({ title: 'Webhook endpoint disabled: https://erp.example/kits', link: '/webhooks' });
    expect(disabled!.body).toContain('502 Bad Gateway');
  });

  it('a disabled rule notifies nothing', async () => {
    const [{ id }] = await kit.kernel.db.query<{ id: string }>(
      `select rule_id as id from notifications.rules where kind = 'webhook-disabled'`,
    );
    await kit.request('PUT', `/api/v1/notifications/rules/${id}`, {
      body: { kind: 'webhook-disabled', enabled: false, recipients: [], digest: false, push: false },
    });
    await announce('webhooks', 'webhooks.endpoint.disabled', {
      endpointId: '0190a000-0000-7000-8000-0000000000b2',
      url: 'https://crm.example/hook',
      failingSince: null,
      lastError: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await ofKind('webhook-disabled')).toHaveLength(1);
  });
});
