import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';

/** A paired till lists who may sign in at its store (names and ids only), with the device key pairing gave it. */
describe.each(DATABASE_KINDS)('a paired till lists its staff on %s', (db) => {
  let kit: TestKernel;
  let deviceId: string;
  let deviceKey: string;
  let otherLocationId: string;
  const people: Record<string, string> = {};

  const addPerson = async (name: string, options: { pin?: string; locationId?: string | null } = {}) => {
    const email = `${name.toLowerCase()}@shop.test`;
    const id = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email, displayName: name, ...(options.pin ? { pin: options.pin } : {}) },
      })
    ).body.id;
    const role = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
        body: { name: `Role of ${name}`, permissions: ['kernel:audit.read'] },
      })
    ).body.id;
    const locationId = options.locationId === undefined ? kit.tenant.locationId : options.locationId;
    await kit.request('POST', `/api/v1/tenants/current/users/${id}/grants`, {
      body: { roleId: role, ...(locationId ? { locationId } : {}) },
    });
    people[name] = id;
    return id;
  };
  const pair = async (device = deviceId) => {
    const { code } = (await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/devices/${device}/pairing-code`)).body;
    return kit.request<{ deviceKey: string; deviceId: string }>('POST', '/api/v1/auth/pair', { token: null, body: { code } });
  };
  const staff = (authorization?: string) =>
    kit.request<{ items: Array<Record<string, string>>; code?: string }>('GET', '/api/v1/auth/devices/current/staff', {
      token: null,
      ...(authorization ? { headers: { authorization } } : {}),
    });

  beforeAll(async () => {
    kit = await createTestKernel({ db });
    deviceId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
        body: { name: 'Front till', locationId: kit.tenant.locationId },
      })
    ).body.id;
    otherLocationId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Harbour Store', kind: 'store' } })
    ).body.id;
    await addPerson('Zoe', { pin: '1111' });
    await addPerson('Bob', { pin: '2222', locationId: null });
    await addPerson('Carol', { pin: '3333', locationId: otherLocationId });
    await addPerson('Dave');
    await addPerson('Anna', { pin: '4444' });
    deviceKey = (await pair()).body.deviceKey;
  });
  afterAll(async () => kit?.close());

  it('pairing gives the till a device key; with it the till lists the staff of its store with a PIN, by name, ids and names only', async () => {
    expect(deviceKey).toMatch(/^kitsdev_[A-Za-z0-9_-]{43}$/);
    const listed = await staff(`Device ${deviceKey}`);
    expect(listed.status).toBe(200);
    // Carol works at the other store; Dave has no PIN; Bob holds his role at every store.
    expect(listed.body.items).toEqual([
      { id: people.Anna, name: 'Anna' },
      { id: people.Bob, name: 'Bob' },
      { id: people.Zoe, name: 'Zoe' },
    ]);
  });

  it('a locked PIN leaves the list until an admin sets a new one', async () => {
    for (let i = 0; i < 5; i++)
      await kit.request('POST', '/api/v1/auth/pin-login', {
        token: null,
        body: { tenant: kit.tenant.slug, deviceId, userId: people.Zoe, pin: '9999' },
      });
    expect((await staff(`Device ${deviceKey}`)).body.items.map((person) => person.name)).toEqual(['Anna', 'Bob']);
    await kit.request('PUT', `/api/v1/tenants/current/users/${people.Zoe}/pin`, { body: { pin: '1212' } });
    expect((await staff(`Device ${deviceKey}`)).body.items.map((person) => person.name)).toEqual(['Anna', 'Bob', 'Zoe']);
  });

  it('a cashier picked from the list signs in by id with their PIN; naming nobody, or two ways at once, is a 400', async () => {
    const signIn = (body: Record<string, unknown>) =>
      kit.request<{ accessToken?: string; code?: string; detail?: string }>('POST', '/api/v1/auth/pin-login', {
        token: null,
        body: { tenant: kit.tenant.slug, deviceId, ...body },
      });
    const picked = await signIn({ userId: people.Anna, pin: '4444' });
    expect(picked.status).toBe(200);
    const me = await kit.request<{ id: string; kind: string }>('GET', '/api/v1/auth/me', { token: picked.body.accessToken! });
    expect(me.body).toMatchObject({ id: people.Anna, kind: 'cashier' });

    const wrong = await signIn({ userId: people.Anna, pin: '0000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('auth.invalid_credentials');
    const nobody = await signIn({ pin: '4444' });
    expect(nobody.status).toBe(400);
    expect(nobody.body.code).toBe('auth.cashier_required');
    const both = await signIn({ userId: people.Anna, email: 'anna@shop.test', pin: '4444' });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('auth.cashier_required');
    const [anna] = await kit.kernel.db.query<{ pin_failures: number }>('select pin_failures from kernel.users where user_id = $1', [
      people.Anna,
    ]);
    // The wrong PIN counted; the two bad requests did not.
    expect(anna?.pin_failures).toBe(1);
  });

  it('without the device key, with a malformed or unknown one, or with a cashier token, the list is refused with 401', async () => {
    const none = await staff();
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('auth.device_key_required');
    const malformed = await staff('Device not-a-key');
    expect(malformed.status).toBe(401);
    expect(malformed.body.code).toBe('auth.invalid_device_key');
    const unknown = await staff(`Device kitsdev_${'A'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('auth.invalid_device_key');
    const till = await kit.signInTill();
    const asCashier = await staff(`Bearer ${till.token}`);
    expect(asCashier.status).toBe(401);
    expect(asCashier.body.code).toBe('auth.device_key_required');
  });

  it('a device key lists staff and nothing else: tenant routes answer 403', async () => {
    const users = await kit.request<{ code: string }>('GET', '/api/v1/tenants/current/users', {
      token: null,
      headers: { authorization: `Device ${deviceKey}` },
    });
    expect(users.status).toBe(403);
    expect(users.body.code).toBe('auth.forbidden');
    const me = await kit.request<{ code: string }>('GET', '/api/v1/auth/me', {
      token: null,
      headers: { authorization: `Device ${deviceKey}` },
    });
    expect(me.status).toBe(403);
  });

  it('pairing the device again replaces its key; a revoked device’s key stops working', async () => {
    const again = await pair();
    expect(again.body.deviceKey).not.toBe(deviceKey);
    expect((await staff(`Device ${deviceKey}`)).status).toBe(401);
    expect((await staff(`Device ${again.body.deviceKey}`)).status).toBe(200);
    deviceKey = again.body.deviceKey;

    // Revoked from the back office: the key goes with the device.
    expect((await kit.request('POST', `/api/v1/tenants/current/devices/${deviceId}/revoke`)).status).toBe(200);
    const revoked = await staff(`Device ${deviceKey}`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('auth.device_revoked');
  });
});
