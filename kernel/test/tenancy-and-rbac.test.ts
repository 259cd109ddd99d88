import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

describe.each(DATABASE_KINDS)('tenancy and RBAC on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db, plugins: [fixturePlugin('notes')] });
  });
  afterAll(async () => kit?.close());

  const signIn = async (email: string, password: string) => {
    const session = await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      token: null,
      body: { tenant: kit.tenant.slug, email, password },
    });
    return session.body.accessToken;
  };

  it('only operators create tenants; a duplicate slug is 409', async () => {
    const body = {
      slug: 'other-shop',
      name: 'Other',
      currency: 'GBP',
      admin: { email: 'a@other.test', password: 'password-123', displayName: 'A' },
    };
    const byTenant = await kit.request<{ code: string }>('POST', '/api/v1/tenants', { body });
    expect(byTenant.status).toBe(403);
    const byOperator = await kit.request<{ slug: string; currency: string }>('POST', '/api/v1/tenants', { token: kit.operatorToken, body });
    expect(byOperator.status).toBe(201);
    expect(byOperator.body).toMatchObject({ slug: 'other-shop', currency: 'GBP' });
    const again = await kit.request<{ code: string }>('POST', '/api/v1/tenants', { token: kit.operatorToken, body });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('tenancy.slug_taken');
    expect((await kit.request('GET', '/api/v1/tenants')).status).toBe(403);
    expect(
      (await kit.request<{ items: unknown[] }>('GET', '/api/v1/tenants', { token: kit.operatorToken })).body.items.length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('a role granted at location L allows the action at L and not at M', async () => {
    const second = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Second Store', kind: 'store' } })
    ).body.id;
    const role = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
        body: { name: 'Note taker', permissions: ['notes:write'] },
      })
    ).body.id;
    const user = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email: 'clerk@shop.test', displayName: 'Clerk', password: 'clerk-password-1' },
      })
    ).body.id;
    expect(
      (
        await kit.request('POST', `/api/v1/tenants/current/users/${user}/grants`, {
          body: { roleId: role, locationId: kit.tenant.locationId },
        })
      ).status,
    ).toBe(201);
    const token = await signIn('clerk@shop.test', 'clerk-password-1');
    const atL = await kit.request('POST', `/api/v1/notes/locations/${kit.tenant.locationId}/notes`, { token, body: { body: 'at L' } });
    expect(atL.status).toBe(201);
    const atM = await kit.request<{ code: string; permission: string }>('POST', `/api/v1/notes/locations/${second}/notes`, {
      token,
      body: { body: 'at M' },
    });
    expect(atM.status).toBe(403);
    expect(atM.body).toMatchObject({ code: 'auth.forbidden', permission: 'notes:write' });
    // Kernel permissions were not granted: the clerk cannot manage users.
    expect((await kit.request('GET', '/api/v1/tenants/current/users', { token })).status).toBe(403);
  });

  it('a user without the permission a plugin route declares gets 403', async () => {
    await kit.request('POST', '/api/v1/tenants/current/users', {
      body: { email: 'viewer@shop.test', displayName: 'Viewer', password: 'viewer-password-1' },
    });
    const token = await signIn('viewer@shop.test', 'viewer-password-1');
    const refused = await kit.request<{ code: string }>('POST', '/api/v1/notes/notes', { token, body: { body: 'no' } });
    expect(refused.status).toBe(403);
    expect((await kit.request('GET', '/api/v1/notes/notes', { token })).status).toBe(200);
  });

  it('API keys: created once with their secret, usable, and refused once revoked', async () => {
    const created = await kit.request<{ id: string; key: string }>('POST', '/api/v1/auth/api-keys', {
      body: { name: 'Shop sync', permissions: ['notes:write'] },
    });
    expect(created.status).toBe(201);
    const useKey = () =>
      kit.kernel.app.inject({
        method: 'POST',
        url: '/api/v1/notes/notes',
        headers: { authorization: `ApiKey ${created.body.key}` },
        payload: { body: 'from a key' },
      });
    const used = await useKey();
    expect({ status: used.statusCode, body: used.json() }).toMatchObject({ status: 201 });
    const listed = await kit.request<{ items: Array<{ id: string; prefix: string }> }>('GET', '/api/v1/auth/api-keys');
    // The secret is everything after kits_<prefix>_ (it may hold underscores itself).
    const secret = created.body.key.split('_').slice(2).join('_');
    expect(secret.length).toBeGreaterThan(20);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect((await kit.request('DELETE', `/api/v1/auth/api-keys/${created.body.id}`)).status).toBe(204);
    const refused = await useKey();
    expect({ status: refused.statusCode, body: refused.json() }).toMatchObject({ status: 401, body: { code: 'auth.api_key_revoked' } });
    const forged = await kit.kernel.app.inject({
      method: 'GET',
      url: '/api/v1/notes/notes',
      headers: { authorization: `ApiKey ${created.body.key.slice(0, -3)}abc` },
    });
    expect({ status: forged.statusCode, body: forged.json() }).toMatchObject({ status: 401 });
  });

  it("one tenant's token never sees another tenant's locations or users", async () => {
    const other = await kit.createTenant();
    const mine = await kit.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/tenants/current/locations');
    const theirs = await kit.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/tenants/current/locations', {
      token: other.admin.token,
    });
    expect(theirs.body.items.map((l) => l.id)).toEqual([other.locationId]);
    expect(mine.body.items.map((l) => l.id)).not.toContain(other.locationId);
    const theirUsers = await kit.request<{ items: Array<{ email: string }> }>('GET', '/api/v1/tenants/current/users', {
      token: other.admin.token,
    });
    expect(theirUsers.body.items.map((u) => u.email)).toEqual([other.admin.email]);
    const device = await kit.request<{ code: string }>('POST', '/api/v1/tenants/current/devices', {
      token: other.admin.token,
      body: { name: 'Till', locationId: kit.tenant.locationId },
    });
    expect(device.status).toBe(400);
    expect(device.body.code).toBe('tenancy.unknown_location');
  });

  it('every change lands in the audit log with who did it', async () => {
    const audit = await kit.request<{ items: Array<{ action: string; actorKind: string }> }>(
      'GET',
      '/api/v1/tenants/current/audit?limit=200',
    );
    const actions = audit.body.items.map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'tenancy.tenant.created',
        'tenancy.location.created',
        'tenancy.user.created',
        'tenancy.role.created',
        'tenancy.role.granted',
        'plugins.plugin.enabled',
      ]),
    );
    expect(audit.body.items.find((a) => a.action === 'tenancy.tenant.created')!.actorKind).toBe('operator');
  });

  const table = (name: string) => kit.kernel.db.query<{ n: number }>(`select count(*)::int as n from kernel.${name}`);
  it.each([
    [
      'POST',
      '/api/v1/tenants',
      'operator',
      { slug: 'x', name: 'X', currency: 'EUR', admin: { email: 'a@b.test', password: 'password-123', displayName: 'A' } },
      400,
      'tenants',
    ],
    [
      'POST',
      '/api/v1/tenants',
      'operator',
      { slug: 'okay-slug', name: 'X', currency: 'euro', admin: { email: 'a@b.test', password: 'password-123', displayName: 'A' } },
      400,
      'tenants',
    ],
    [
      'POST',
      '/api/v1/tenants',
      'operator',
      { slug: 'okay-slug', name: 'X', currency: 'EUR', admin: { email: 'a@b.test', password: 'short', displayName: 'A' } },
      400,
      'tenants',
    ],
    [
      'POST',
      '/api/v1/tenants',
      'operator',
      {
        slug: 'okay-slug',
        name: 'X',
        currency: 'EUR',
        timezone: 'Mars/Olympus',
        admin: { email: 'a@b.test', password: 'password-123', displayName: 'A' },
      },
      400,
      'tenants',
    ],
    ['POST', '/api/v1/tenants/current/locations', 'admin', { name: 'Shop', kind: 'kiosk' }, 400, 'locations'],
    ['POST', '/api/v1/tenants/current/locations', 'admin', { name: '' }, 400, 'locations'],
    [
      'POST',
      '/api/v1/tenants/current/devices',
      'admin',
      { name: 'Till', locationId: '0190a000-0000-7000-8000-000000000000' },
      400,
      'devices',
    ],
    ['POST', '/api/v1/tenants/current/users', 'admin', { email: 'new@shop.test', displayName: 'New', pin: '12' }, 400, 'users'],
    ['POST', '/api/v1/tenants/current/users', 'admin', { email: 'new@shop.test', displayName: 'New', pin: 'abcd' }, 400, 'users'],
    ['POST', '/api/v1/tenants/current/users', 'admin', { displayName: 'No e-mail' }, 400, 'users'],
    ['POST', '/api/v1/tenants/current/roles', 'admin', { name: 'Bad', permissions: ['notes:fly'] }, 400, 'roles'],
    ['POST', '/api/v1/tenants/current/roles', 'admin', { name: 'Bad', permissions: 'notes:write' }, 400, 'roles'],
    ['POST', '/api/v1/auth/api-keys', 'admin', { name: 'k', permissions: ['nope:nope'] }, 400, 'api_keys'],
    ['POST', '/api/v1/auth/api-keys', 'admin', { name: 'k', permissions: [] }, 400, 'api_keys'],
  ])('%s %s as %s with %j → %i, nothing written to kernel.%s', async (method, url, who, body, status, tableName) => {
    const before = await table(tableName);
    const token = who === 'operator' ? kit.operatorToken : kit.tenant.admin.token;
    const response = await kit.request<{ code: string; detail: string }>(method, url, { token, body });
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.body.detail.length).toBeGreaterThan(10);
    expect(await table(tableName)).toEqual(before);
  });

  it('grants to an unknown role or user are refused with a clear code', async () => {
    const users = await kit.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/tenants/current/users');
    const unknownRole = await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/users/${users.body.items[0]!.id}/grants`, {
      body: { roleId: '0190a000-0000-7000-8000-000000000000' },
    });
    expect(unknownRole.body.code).toBe('tenancy.unknown_role');
    const unknownUser = await kit.request<{ code: string }>(
      'POST',
      '/api/v1/tenants/current/users/0190a000-0000-7000-8000-000000000000/grants',
      { body: { roleId: '0190a000-0000-7000-8000-000000000000' } },
    );
    expect(unknownUser.status).toBe(404);
    expect(unknownUser.body.code).toBe('tenancy.unknown_user');
  });
});
