import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';

describe.each(DATABASE_KINDS)('pairing a till with a device on %s', (db) => {
  let kit: TestKernel;
  let deviceId: string;
  beforeAll(async () => {
    kit = await createTestKernel({ db });
    deviceId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
        body: { name: 'Front till', locationId: kit.tenant.locationId },
      })
    ).body.id;
  });
  afterAll(async () => kit?.close());

  const newCode = () =>
    kit.request<{ code: string; expiresAt: string }>('POST', `/api/v1/tenants/current/devices/${deviceId}/pairing-code`);
  const pair = (code: string) =>
    kit.request<{ tenant: string; deviceId: string; deviceName: string; locationId: string; code?: string }>('POST', '/api/v1/auth/pair', {
      token: null,
      body: { code },
    });

  it('an admin creates a code; a till redeems it once and learns its tenant, device and location', async () => {
    const created = await newCode();
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const paired = await pair(created.body.code.toLowerCase().replace(/^(.{4})/, '$1-'));
    expect(paired.status).toBe(200);
    expect(paired.body).toEqual({
      tenant: kit.tenant.slug,
      deviceId,
      deviceName: 'Front till',
      locationId: kit.tenant.locationId,
      deviceKey: expect.stringMatching(/^kitsdev_/),
    });
    const again = await pair(created.body.code);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('auth.pairing_code_invalid');
  });

  it('an expired or unknown code pairs nothing', async () => {
    const created = await newCode();
    await kit.kernel.db.query("update kernel.device_pairing_codes set expires_at = now() - interval '1 minute' where used_at is null");
    expect((await pair(created.body.code)).body.code).toBe('auth.pairing_code_invalid');
    expect((await pair('ABCDEFGH')).body.code).toBe('auth.pairing_code_invalid');
    expect((await pair('abc')).status).toBe(400);
  });

  it('only someone who manages devices creates codes; an unknown device is 404', async () => {
    const till = await kit.signInTill();
    const denied = await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/devices/${deviceId}/pairing-code`, {
      token: till.token,
    });
    expect(denied.status).toBe(403);
    const unknown = await kit.request<{ code: string }>(
      'POST',
      '/api/v1/tenants/current/devices/01900000-0000-7000-8000-000000000000/pairing-code',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('tenancy.unknown_device');
  });
});
