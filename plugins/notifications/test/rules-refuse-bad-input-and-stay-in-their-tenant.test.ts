import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRule, API, DATABASE_KINDS, footprint, notificationsKit, rule, withoutStarterRules, type RuleAnswer } from './support.ts';

describe.each(DATABASE_KINDS)('notification rules on %s', (db) => {
  let kit: TestKernel;
  let other: Awaited<ReturnType<TestKernel['createTenant']>>;

  beforeAll(async () => {
    kit = await notificationsKit(db, undefined);
    other = await kit.createTenant();
    await withoutStarterRules(kit, other.id);
  });
  afterAll(async () => kit?.close());

  it('every table of the plugin is under row-level security', async () => {
    expect((await kit.tablesWithoutTenantIsolation()).filter((t) => t.startsWith('notifications.'))).toEqual([]);
  });

  it('a rule is created, listed, changed and deleted', async () => {
    const created = await addRule(kit, {
      kind: 'low-stock',
      locationId: kit.tenant.locationId,
      recipients: ['manager@shop.example', 'owner@shop.example'],
      digest: true,
      quietHours: { start: '22:00', end: '07:00' },
      push: true,
    });
    expect(created).toMatchObject({
      kind: 'low-stock',
      enabled: true,
      locationId: kit.tenant.locationId,
      recipients: ['manager@shop.example', 'owner@shop.example'],
      digest: true,
      quietHours: { start: '22:00', end: '07:00' },
      push: true,
    });
    const conflicts = await addRule(kit, { kind: 'sync-conflicts', params: { thresholdPercent: 10, minEvents: 50 } });
    const list = await kit.request<{ items: RuleAnswer[] }>('GET', `${API}/rules`);
    expect(list.body.items.map((r) => r.id)).toEqual([created.id, conflicts.id]);

    const changed = await kit.request<RuleAnswer>('PUT', `${API}/rules/${created.id}`, {
      body: rule({ kind: 'low-stock', enabled: false, recipients: ['manager@shop.example'] }),
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ enabled: false, locationId: null, quietHours: null, digest: false });

    expect((await kit.request('DELETE', `${API}/rules/${created.id}`)).status).toBe(204);
    expect((await kit.request('DELETE', `${API}/rules/${created.id}`)).status).toBe(404);
    expect((await kit.request('DELETE', `${API}/rules/${conflicts.id}`)).status).toBe(204);
  });

  const refusals: Array<[string, Record<string, unknown>, number, string]> = [
    [
      'an unknown location',
      { kind: 'low-stock', locationId: '0190a000-0000-7000-8000-00000000dead' },
      400,
      'notifications.unknown_location',
    ],
    ['a location on a tenant-wide kind', { kind: 'event-dead-lettered', locationId: 'HERE' }, 400, 'notifications.location_not_applicable'],
    ['a bad email', { kind: 'low-stock', recipients: ['not-an-email'] }, 400, 'request.invalid'],
    ['an email twice', { kind: 'low-stock', recipients: ['a@shop.example', 'A@shop.example'] }, 400, 'notifications.duplicate_recipient'],
    ['quiet hours not a time', { kind: 'till-stuck', quietHours: { start: '25:00', end: '07:00' } }, 400, 'request.invalid'],
    [
      'quiet hours of no length',
      { kind: 'till-stuck', quietHours: { start: '22:00', end: '22:00' } },
      400,
      'notifications.bad_quiet_hours',
    ],
    ['quiet hours half given', { kind: 'till-stuck', quietHours: { start: '22:00' } }, 400, 'request.invalid'],
    ['an unknown kind', { kind: 'weather' }, 400, 'request.invalid'],
    ['a threshold over 100 %', { kind: 'sync-conflicts', params: { thresholdPercent: 101 } }, 400, 'request.invalid'],
    ['params on a kind without any', { kind: 'low-stock', params: { minEvents: 3 } }, 400, 'notifications.params_not_applicable'],
    ['an unknown field', { kind: 'low-stock', colour: 'red' }, 400, 'request.invalid'],
  ];

  it.each(refusals)('refuses %s with a problem+json and writes nothing', async (_what, body, status, code) => {
    const before = await footprint(kit);
    const sent = { ...body, ...(body.locationId === 'HERE' ? { locationId: kit.tenant.locationId } : {}) };
    const answer = await kit.request<{ code: string }>('POST', `${API}/rules`, { body: rule(sent) });
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(answer.body.code).toBe(code);
    expect(await footprint(kit)).toEqual(before);
  });

  it('refuses the same bad input on PUT and leaves the rule as it was', async () => {
    const kept = await addRule(kit, { kind: 'till-stuck', recipients: ['a@shop.example'] });
    const before = await footprint(kit);
    for (const [, body, status, code] of refusals) {
      const sent = { ...body, ...(body.locationId === 'HERE' ? { locationId: kit.tenant.locationId } : {}) };
      const answer = await kit.request<{ code: string }>('PUT', `${API}/rules/${kept.id}`, { body: rule(sent) });
      expect([answer.status, answer.body.code]).toEqual([status, code]);
    }
    expect(await footprint(kit)).toEqual(before);
    await kit.request('DELETE', `${API}/rules/${kept.id}`);
  });

  it('a rule naming another tenant’s location is refused, and tenants never see each other’s rules', async () => {
    const before = await footprint(kit);
    const answer = await kit.request<{ code: string }>('POST', `${API}/rules`, {
      body: rule({ kind: 'low-stock', locationId: other.locationId }),
    });
    expect([answer.status, answer.body.code]).toEqual([400, 'notifications.unknown_location']);
    expect(await footprint(kit)).toEqual(before);

    const theirs = await addRule(kit, { kind: 'low-stock', locationId: other.locationId }, other.admin.token);
    expect((await kit.request<{ items: RuleAnswer[] }>('GET', `${API}/rules`)).body.items.map((r) => r.id)).not.toContain(theirs.id);
    expect((await kit.request('PUT', `${API}/rules/${theirs.id}`, { body: rule({ kind: 'low-stock' }) })).status).toBe(404);
    expect((await kit.request('DELETE', `${API}/rules/${theirs.id}`)).status).toBe(404);
    const still = await kit.request<{ items: RuleAnswer[] }>('GET', `${API}/rules`, { token: other.admin.token });
    expect(still.body.items).toEqual([expect.objectContaining({ id: theirs.id, locationId: other.locationId })]);
  });

  it('refuses push subscriptions to addresses that are not push services, and bad keys', async () => {
    const before = await footprint(kit);
    const key = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
    const auth = Buffer.alloc(16, 1).toString('base64url');
    for (const [endpoint, keys, code] of [
      ['http://169.254.169.254/latest/meta-data', { p256dh: key, auth }, 'notifications.push_endpoint_refused'],
      ['https://127.0.0.1/push', { p256dh: key, auth }, 'notifications.push_endpoint_refused'],
      [
        'https://fcm.googleapis.com/fcm/send/abc',
        { p256dh: Buffer.alloc(65, 4).toString('base64url').replace(/^B/, 'A'), auth },
        'notifications.bad_push_key',
      ],
      ['https://fcm.googleapis.com/fcm/send/abc', { p256dh: key, auth: Buffer.alloc(12, 1).toString('base64url') }, 'request.invalid'],
    ] as const) {
      const answer = await kit.request<{ code: string }>('POST', `${API}/push/subscriptions`, { body: { endpoint, keys } });
      expect([answer.status, answer.body.code]).toEqual([400, code]);
    }
    expect(await footprint(kit)).toEqual(before);
  });
});
