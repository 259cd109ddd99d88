import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';

describe.each(DATABASE_KINDS)('cashier PIN sign-in on %s', (db) => {
  let kit: TestKernel;
  let deviceId: string;
  let cashierId: string;
  const pinLogin = (pin: string, device = deviceId, email = 'cashier@shop.test') =>
    kit.request<{ code: string; accessToken: string }>('POST', '/api/v1/auth/pin-login', {
      token: null,
      body: { tenant: kit.tenant.slug, deviceId: device, email, pin },
    });

  beforeAll(async () => {
    kit = await createTestKernel({ db });
    deviceId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
        body: { name: 'Till 1', locationId: kit.tenant.locationId },
      })
    ).body.id;
    cashierId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email: 'cashier@shop.test', displayName: 'Cashier', pin: '4321' },
      })
    ).body.id;
  });
  afterAll(async () => kit?.close());

  it('a cashier signs in with a PIN on a registered device; the token names device and location', async () => {
    const response = await pinLogin('4321');
    expect(response.status).toBe(200);
    const me = await kit.request<{ kind: string; deviceId: string; locationId: string }>('GET', '/api/v1/auth/me', {
      token: response.body.accessToken,
    });
    expect(me.body).toMatchObject({ kind: 'cashier', deviceId, locationId: kit.tenant.locationId });
  });

  it('an unregistered device is refused', async () => {
    const response = await pinLogin('4321', '0190a000-0000-7000-8000-000000000000');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.unknown_device');
  });

  it('after 5 wrong PINs the PIN is locked, even the right one gets 423, until an admin sets a new one', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await pinLogin('0000')).status);
    expect(answers).toEqual([401, 401, 401, 401, 423]);
    const right = await pinLogin('4321');
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('auth.pin_locked');

    expect((await kit.request('PUT', `/api/v1/tenants/current/users/${cashierId}/pin`, { body: { pin: '5678' } })).status).toBe(204);
    expect((await pinLogin('5678')).status).toBe(200);
  });

  it('racing 15 wrong guesses tests at most 5 PINs, then the PIN is locked', async () => {
    const racerId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email: 'racer@shop.test', displayName: 'Racer', pin: '2468' },
      })
    ).body.id;
    const answers = await Promise.all(Array.from({ length: 15 }, () => pinLogin('1111', deviceId, 'racer@shop.test')));
    expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(4);
    expect(answers.filter((a) => a.status === 423).length).toBeGreaterThanOrEqual(11);
    const [row] = await kit.kernel.db.query<{ pin_failures: number; locked: boolean }>(
      'select pin_failures, pin_locked_at is not null as locked from kernel.users where user_id = $1',
      [racerId],
    );
    expect(row).toEqual({ pin_failures: 5, locked: true });
    expect((await pinLogin('2468', deviceId, 'racer@shop.test')).status).toBe(423);
  });
});
