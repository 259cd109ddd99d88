import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeToOutbox } from '../../../kernel/src/events/outbox.ts';
import { STARTER_RULE_KINDS } from '../src/server/rules/starter-rules.ts';
import { addRule, API, DATABASE_KINDS, INVENTORY, NOTIFICATIONS, notifications, until, type RuleAnswer } from './support.ts';

// A tenant enabling notifications hears about its systems breaking before anyone sets a rule up:
// an endpoint the webhooks plugin disabled after a day of failures shows in the notification centre.
// The event is written to the outbox as the webhooks plugin's tx.publish writes it (its own tests
// prove when it publishes).

describe.each(DATABASE_KINDS)('the rules a tenant starts with, on %s', (db) => {
  let kit: TestKernel;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [INVENTORY, NOTIFICATIONS], db });
  });
  afterAll(async () => kit?.close());

  const rules = async (token?: string) =>
    (await kit.request<{ items: RuleAnswer[] }>('GET', `${API}/rules`, token ? { token } : {})).body.items;

  it('are the systems’ own troubles, on, for the notification centre only (no email, no push)', async () => {
    const starters = await rules();
    expect(starters.map((r) => r.kind).sort()).toEqual([...STARTER_RULE_KINDS].sort());
    for (const rule of starters)
      expect(rule).toMatchObject({ enabled: true, locationId: null, recipients: [], digest: false, push: false });
  });

  it('tell the centre of a webhook endpoint disabled, with no rule set up by anyone', async () => {
    await kit.kernel.db.transaction({ tenantId: kit.tenant.id }, (tx) =>
      writeToOutbox(tx, kit.tenant.id, 'webhooks', {
        type: 'webhooks.endpoint.disabled',
        payload: {
          endpointId: '0190a000-0000-7000-8000-0000000000c1',
          url: 'https://erp.example/kits',
          failingSince: '2026-12-06T09:00:00.000Z',
          lastError: '502 Bad Gateway',
        },
      }),
    );
    const [disabled] = await until(async () => {
      const found = (await notifications(kit)).filter((n) => n.kind === 'webhook-disabled');
      return found.length > 0 ? found : undefined;
    }, 'the disabled endpoint in the centre');
    expect(disabled).toMatchObject({ title: 'Webhook endpoint disabled: https://erp.example/kits', link: '/webhooks' });
    expect(disabled!.email.state).toBe('none');
  });

  it('are added once: a tenant’s own rules are never added to or touched when the plugin is enabled again', async () => {
    const other = await kit.createTenant();
    const mine = await addRule(kit, { kind: 'low-stock', recipients: ['manager@shop.example'] }, other.admin.token);
    const before = await rules(other.admin.token);
    expect(before).toHaveLength(STARTER_RULE_KINDS.length + 1);
    expect((await kit.request('POST', '/api/v1/plugins/notifications/disable', { token: other.admin.token })).status).toBe(200);
    expect((await kit.request('POST', '/api/v1/plugins/notifications/enable', { token: other.admin.token, body: {} })).status).toBe(200);
    const after = await rules(other.admin.token);
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    expect(after.find((r) => r.id === mine.id)).toMatchObject({ kind: 'low-stock', recipients: ['manager@shop.example'] });
  });
});
