import type { TestKernel } from '@kits/kernel/test-kit';
import { tillEventLog } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { addRule, DATABASE_KINDS, INVENTORY, NOTIFICATIONS, notifications, notificationsKit, PURCHASING, until } from './support.ts';

// The conditions nothing announces, judged by the plugin's job every few seconds: a till stuck with
// unsent events (the kernel's device alerts), the share of a location's till events denied in an
// hour (the kernel's sync answers) and purchase orders past their expected date (purchasing@1).
// Where a condition needs time to pass (5 minutes, an hour, a day), the test moves the kernel's
// timestamps back instead of waiting.

describe.each(DATABASE_KINDS)('polled conditions on %s', (db) => {
  let kit: TestKernel;
  const open = async (kind: string) =>
    kit.kernel.db.query<{ subject: string }>(
      `select c.subject from notifications.conditions c join notifications.rules r using (tenant_id, rule_id) where r.kind = $1 and c.cleared_at is null`,
      [kind],
    );
  const ofKind = async (kind: string) => (await notifications(kit)).filter((n) => n.kind === kind);

  beforeAll(async () => {
    kit = await notificationsKit(db, undefined, [INVENTORY, PURCHASING, NOTIFICATIONS]);
  });
  afterAll(async () => kit?.close());

  it('a till holding unsent events for 5 minutes notifies once, and clears when it has sent them', async () => {
    await addRule(kit, { kind: 'till-stuck', locationId: kit.tenant.locationId });
    const till = await kit.signInTill();
    // The till said 3 events wait, 6 minutes ago, and has not synced since.
    await kit.kernel.db.query(
      `update kernel.devices set pending_events = 3, pending_reported_at = now() - interval '6 minutes', last_synced_at = now() - interval '6 minutes',
              created_at = now() - interval '1 hour' where device_id = $1`,
      [till.deviceId],
    );
    const [stuck] = await until(async () => ((await ofKind('till-stuck')).length > 0 ? ofKind('till-stuck') : undefined), 'till-stuck');
    expect(stuck).toMatchObject({ title: expect.stringMatching(/^Till .* is not sending its sales$/), link: '/devices' });
    expect(stuck!.body).toContain('3 events waiting to be sent');
    expect(await open('till-stuck')).toEqual([{ subject: till.deviceId }]);

    await kit.kernel.db.query('update kernel.devices set pending_events = 0, last_synced_at = now() where device_id = $1', [till.deviceId]);
    await until(async () => (await open('till-stuck')).length === 0, 'the stuck till to clear');
    expect(await ofKind('till-stuck')).toHaveLength(1);
  });

  it('more than 5 % of a location’s till events denied in an hour notifies; the hour passing clears it', async () => {
    await addRule(kit, { kind: 'sync-conflicts', params: { thresholdPercent: 5, minEvents: 4 } });
    const till = await kit.signInTill();
    const event = tillEventLog(till.deviceId);
    // Events no enabled plugin handles are denied (sync.no_handler): real denials in kernel.sync_events.
    const pushed = await kit.request<{ results: Array<{ status: string }> }>('POST', '/api/v1/sync/push', {
      token: till.token,
      body: { events: [1, 2, 3, 4, 5].map((n) => event('loyalty.points.awarded', { n })) },
    });
    expect(pushed.status).toBe(200);
    const [conflicts] = await until(
      async () => ((await ofKind('sync-conflicts')).length > 0 ? ofKind('sync-conflicts') : undefined),
      'sync-conflicts',
    );
    expect(conflicts!.title).toMatch(/100 % of till events denied/);
    expect(conflicts!.body).toContain('5 of the 5 till events');
    expect(await open('sync-conflicts')).toEqual([{ subject: kit.tenant.locationId }]);

    await kit.kernel.db.query(`update kernel.sync_events set received_at = received_at - interval '2 hours' where device_id = $1`, [
      till.deviceId,
    ]);
    await until(async () => (await open('sync-conflicts')).length === 0, 'the conflict rate to clear');
  });

  it('a sent purchase order past its expected date notifies, and clears once it is cancelled', async () => {
    await addRule(kit, { kind: 'po-overdue' });
    const item = await shelveVariant(kit, { name: 'Rye Flour 1kg', price: 199 });
    const supplier = await kit.request<{ id: string }>('POST', '/api/v1/purchasing/suppliers', {
      body: { name: 'Nordic Mill', currency: 'EUR', leadTimeDays: 3, paymentTermsDays: 30 },
    });
    await kit.request('PUT', `/api/v1/purchasing/suppliers/${supplier.body.id}/items/${item.variantId}`, {
      body: { supplierSku: 'NM-RYE', packSize: 10, unitCost: { amount: 90, currency: 'EUR' } },
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const order = await kit.request<{ id: string; number: string }>('POST', '/api/v1/purchasing/purchase-orders', {
      body: {
        supplierId: supplier.body.id,
        locationId: kit.tenant.locationId,
        expectedOn: tomorrow,
        lines: [{ variantId: item.variantId, packs: 2 }],
      },
    });
    expect(order.status).toBe(201);
    expect((await kit.request('POST', `/api/v1/purchasing/purchase-orders/${order.body.id}/send`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(await ofKind('po-overdue')).toEqual([]); // expected tomorrow: not overdue

    await kit.kernel.db.query(`update purchasing.purchase_orders set expected_on = current_date - 3 where po_id = $1`, [order.body.id]);
    const [overdue] = await until(async () => ((await ofKind('po-overdue')).length > 0 ? ofKind('po-overdue') : undefined), 'po-overdue');
    expect(overdue).toMatchObject({
      title: `Purchase order ${order.body.number} is overdue`,
      link: `/purchasing/purchase-orders/${order.body.id}`,
    });
    expect(overdue!.body).toContain('Nordic Mill');

    expect((await kit.request('POST', `/api/v1/purchasing/purchase-orders/${order.body.id}/cancel`)).status).toBe(200);
    await until(async () => (await open('po-overdue')).length === 0, 'the overdue order to clear');
    expect(await ofKind('po-overdue')).toHaveLength(1);
  });
});
