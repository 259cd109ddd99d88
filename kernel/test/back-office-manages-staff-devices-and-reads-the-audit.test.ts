import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Grant = { grantId: string; roleId: string; roleName: string; locationId: string | null };
type Member = { id: string; email: string; displayName: string; active: boolean; hasPassword: boolean; hasPin: boolean; grants: Grant[] };
type Problem = { code: string; detail: string; errors?: Array<{ field: string; message: string }> };
type Device = {
  id: string;
  name: string;
  paired: boolean;
  lastSeenAt: string | null;
  pendingEvents: number | null;
  pendingReportedAt: string | null;
};
type AuditEntry = {
  id: string;
  actorId: string;
  actorName: string | null;
  deviceId: string | null;
  deviceName: string | null;
  action: string;
  occurredAt: string;
};
type AuditPage = { items: AuditEntry[]; nextCursor: string | null };

/** The kernel endpoints the back office's Staff, Devices and Audit log pages stand on. */
describe('the back office manages staff and devices, and reads the audit log', () => {
  let kit: TestKernel;
  let cashierRole: string;
  let adminId: string;
  const counts = async () => ({
    users: (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from kernel.users'))[0]!.n,
    grants: (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from kernel.role_grants'))[0]!.n,
    audit: (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from kernel.audit_log'))[0]!.n,
  });
  const login = (email: string, password: string) =>
    kit.request<{ accessToken: string } & Problem>('POST', '/api/v1/auth/login', {
      token: null,
      body: { tenant: kit.tenant.slug, email, password },
    });

  beforeAll(async () => {
    kit = await createTestKernel({ db: 'postgres' });
    cashierRole = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
        body: { name: 'Cashier', permissions: ['kernel:audit.read'] },
      })
    ).body.id;
    adminId = (await kit.request<{ id: string }>('GET', '/api/v1/auth/me')).body.id;
  }, 120_000);
  afterAll(async () => kit?.close());

  it('invites a person with a password, a PIN and a role at a location in one step; they sign in', async () => {
    const invited = await kit.request<Member>('POST', '/api/v1/tenants/current/staff', {
      body: {
        email: 'cara@shop.test',
        displayName: 'Cara Cashier',
        password: 'cara-password-1',
        pin: '1357',
        grants: [{ roleId: cashierRole, locationId: kit.tenant.locationId }],
      },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      email: 'cara@shop.test',
      displayName: 'Cara Cashier',
      active: true,
      hasPassword: true,
      hasPin: true,
    });
    expect(invited.body.grants).toEqual([
      { grantId: expect.any(String), roleId: cashierRole, roleName: 'Cashier', locationId: kit.tenant.locationId },
    ]);
    const session = await login('cara@shop.test', 'cara-password-1');
    expect(session.status).toBe(200);
    // A cashier may not open the staff list: the kernel refuses it.
    const refused = await kit.request<Problem>('GET', '/api/v1/tenants/current/staff', { token: session.body.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('kernel:users.manage');
  });

  it('refuses a bad invitation with the field at fault and writes nothing', async () => {
    const before = await counts();
    const cases: Array<[unknown, number, string, string | undefined]> = [
      [{ email: 'CARA@shop.test', displayName: 'Again', password: 'another-password' }, 409, 'tenancy.email_taken', 'email'],
      [
        { email: 'dan@shop.test', displayName: 'Dan', pin: '2468', grants: [{ roleId: '01900000-0000-7000-8000-000000000000' }] },
        400,
        'tenancy.unknown_role',
        'grants.0.roleId',
      ],
      [
        {
          email: 'dan@shop.test',
          displayName: 'Dan',
          pin: '2468',
          grants: [{ roleId: cashierRole, locationId: '01900000-0000-7000-8000-000000000000' }],
        },
        400,
        'tenancy.unknown_location',
        'grants.0.locationId',
      ],
      [{ email: 'dan@shop.test', displayName: 'Dan' }, 400, 'tenancy.sign_in_required', 'password'],
      [{ email: 'not an email', displayName: 'Dan', pin: '12' }, 400, 'request.invalid', undefined],
    ];
    for (const [body, status, code, field] of cases) {
      const refused = await kit.request<Problem>('POST', '/api/v1/tenants/current/staff', { body });
      expect(refused.status, JSON.stringify(body)).toBe(status);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.code).toBe(code);
      if (field) expect(refused.body.errors?.map((e) => e.field)).toEqual([field]);
    }
    expect(await counts()).toEqual(before);
  });

  it('deactivates a person (they can no longer sign in), reactivates them, and never deactivates oneself', async () => {
    const staff = (await kit.request<{ items: Member[] }>('GET', '/api/v1/tenants/current/staff?q=cara')).body.items;
    const cara = staff[0]!;
    const off = await kit.request<Member>('PATCH', `/api/v1/tenants/current/users/${cara.id}`, { body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await login('cara@shop.test', 'cara-password-1')).status).toBe(401);
    const on = await kit.request<Member>('PATCH', `/api/v1/tenants/current/users/${cara.id}`, {
      body: { active: true, displayName: 'Cara C.' },
    });
    expect(on.body).toMatchObject({ active: true, displayName: 'Cara C.' });
    expect((await login('cara@shop.test', 'cara-password-1')).status).toBe(200);

    const before = await counts();
    const self = await kit.request<Problem>('PATCH', `/api/v1/tenants/current/users/${adminId}`, { body: { active: false } });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('tenancy.cannot_deactivate_self');
    expect(
      (
        await kit.request<Problem>('PATCH', '/api/v1/tenants/current/users/01900000-0000-7000-8000-000000000000', {
          body: { active: false },
        })
      ).body.code,
    ).toBe('tenancy.unknown_user');
    expect((await kit.request<Problem>('PATCH', `/api/v1/tenants/current/users/${cara.id}`, { body: {} })).status).toBe(400);
    expect((await kit.request<Problem>('PATCH', `/api/v1/tenants/current/users/${cara.id}`, { body: { active: 'no' } })).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('takes a role away; an unknown grant is 404 and changes nothing', async () => {
    const cara = (await kit.request<{ items: Member[] }>('GET', '/api/v1/tenants/current/staff?q=cara')).body.items[0]!;
    const before = await counts();
    const unknown = await kit.request<Problem>(
      'DELETE',
      `/api/v1/tenants/current/users/${cara.id}/grants/01900000-0000-7000-8000-000000000000`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('tenancy.unknown_grant');
    expect(await counts()).toEqual(before);
    const removed = await kit.request('DELETE', `/api/v1/tenants/current/users/${cara.id}/grants/${cara.grants[0]!.grantId}`);
    expect(removed.status).toBe(204);
    const after = await kit.request<Member>('GET', `/api/v1/tenants/current/staff/${cara.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ id: cara.id, email: 'cara@shop.test', grants: [] });
    expect((await kit.request<Problem>('GET', '/api/v1/tenants/current/staff/01900000-0000-7000-8000-000000000000')).body.code).toBe(
      'tenancy.unknown_user',
    );
  });

  it('records when a till was last seen and how many events it says it waits to send', async () => {
    const device = (
      await kit.request<Device>('POST', '/api/v1/tenants/current/devices', {
        body: { name: 'Counter till', locationId: kit.tenant.locationId },
      })
    ).body;
    expect(device).toMatchObject({ paired: false, lastSeenAt: null, pendingEvents: null });
    const listed = async () =>
      (await kit.request<{ items: Device[] }>('GET', '/api/v1/tenants/current/devices')).body.items.find((d) => d.id === device.id)!;
    const { code } = (await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/devices/${device.id}/pairing-code`)).body;
    const paired = await kit.request<{ deviceKey: string }>('POST', '/api/v1/auth/pair', { token: null, body: { code } });
    expect(paired.status).toBe(200);
    const seenAtPairing = await listed();
    expect(seenAtPairing.paired).toBe(true);
    expect(seenAtPairing.lastSeenAt).not.toBeNull();
    expect(seenAtPairing.pendingEvents).toBeNull();

    // The till's push agent says, with its requests, how many events it still holds.
    const session = await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/pin-login', {
      token: null,
      body: { tenant: kit.tenant.slug, deviceId: device.id, email: 'cara@shop.test', pin: '1357' },
    });
    await kit.request('GET', '/api/v1/auth/me', {
      token: null,
      headers: { authorization: `Bearer ${session.body.accessToken}`, 'kits-pending-events': '7' },
    });
    await expect.poll(async () => (await listed()).pendingEvents).toBe(7);
    await kit.request('GET', '/api/v1/auth/me', {
      token: null,
      headers: { authorization: `Bearer ${session.body.accessToken}`, 'kits-pending-events': '0' },
    });
    await expect.poll(async () => (await listed()).pendingEvents).toBe(0);
    // Nonsense in the header is ignored, never an error.
    const odd = await kit.request('GET', '/api/v1/auth/me', {
      token: null,
      headers: { authorization: `Bearer ${session.body.accessToken}`, 'kits-pending-events': '-3' },
    });
    expect(odd.status).toBe(200);
    expect((await listed()).pendingReportedAt).not.toBeNull();
  });

  it('filters the audit log by person, action and time, names who and which till, and pages', async () => {
    const all = (await kit.request<AuditPage>('GET', '/api/v1/tenants/current/audit?limit=200')).body.items;
    expect(all.length).toBeGreaterThan(5);
    const mine = (await kit.request<AuditPage>(`GET`, `/api/v1/tenants/current/audit?actorId=${adminId}&limit=200`)).body.items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.actorId === adminId && e.actorName === 'Test Admin')).toBe(true);

    const users = (await kit.request<AuditPage>('GET', '/api/v1/tenants/current/audit?action=tenancy.user&limit=200')).body.items;
    expect(new Set(users.map((e) => e.action))).toEqual(
      new Set(['tenancy.user.invited', 'tenancy.user.deactivated', 'tenancy.user.reactivated']),
    );
    const exact = (await kit.request<AuditPage>('GET', '/api/v1/tenants/current/audit?action=tenancy.user.invited')).body.items;
    expect(exact).toHaveLength(1);

    const middle = all[Math.floor(all.length / 2)]!;
    const since = (
      await kit.request<AuditPage>('GET', `/api/v1/tenants/current/audit?limit=200&from=${encodeURIComponent(middle.occurredAt)}`)
    ).body.items;
    expect(since.length).toBeLessThan(all.length);
    expect(since.every((e) => e.occurredAt >= middle.occurredAt)).toBe(true);
    const future = (
      await kit.request<AuditPage>(
        'GET',
        `/api/v1/tenants/current/audit?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
      )
    ).body;
    expect(future.items).toEqual([]);

    const first = (await kit.request<AuditPage>('GET', '/api/v1/tenants/current/audit?limit=2')).body;
    const second = (await kit.request<AuditPage>('GET', `/api/v1/tenants/current/audit?limit=2&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...second.items].map((e) => e.id)).toEqual(all.slice(0, 4).map((e) => e.id));

    const actions = (await kit.request<{ items: string[] }>('GET', '/api/v1/tenants/current/audit/actions')).body.items;
    expect(actions).toContain('tenancy.user.invited');

    const backwards = await kit.request<Problem>('GET', `/api/v1/tenants/current/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('tenancy.audit_range_empty');
    expect((await kit.request<Problem>('GET', '/api/v1/tenants/current/audit?action=DROP TABLE')).body.code).toBe('request.invalid');
    expect((await kit.request<Problem>('GET', '/api/v1/tenants/current/audit?from=yesterday')).body.code).toBe('request.invalid');
  });
});
