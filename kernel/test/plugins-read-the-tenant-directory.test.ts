import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDirectory } from '../src/plugins/tenant-directory.ts';

/** What plugins read of the kernel's tenancy data (`tx.directory`), in a tenant's transaction: that tenant's, and nothing else. */
describe.each(['pglite', 'postgres'] as const)('the tenant directory on %s', (db) => {
  let kit: TestKernel;
  let other: TestTenant;
  let deviceId: string;
  let otherDeviceId: string;

  beforeAll(async () => {
    kit = await createTestKernel({ db });
    other = await kit.createTenant();
    deviceId = (await kit.signInTill({ permissions: [] })).deviceId;
    const otherDevice = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
      token: other.admin.token,
      body: { name: 'Other till', locationId: other.locationId },
    });
    otherDeviceId = otherDevice.body.id;
  }, 120_000);
  afterAll(() => kit?.close());

  /** The directory as a plugin's transaction of the test tenant sees it. */
  const read = <T>(use: (directory: ReturnType<typeof tenantDirectory>) => Promise<T>): Promise<T> =>
    kit.kernel.db.transaction({ tenantId: kit.tenant.id }, (tx) => {
      const memos = new Map<string, Promise<unknown>>();
      const memo = <V>(key: string, compute: () => Promise<V>) => (memos.get(key) ?? memos.set(key, compute()).get(key)) as Promise<V>;
      return use(tenantDirectory({ tenantId: kit.tenant.id, query: (sql, params) => tx.query(sql, params), memo }, tx, async () => []));
    });

  it('answers the tenant itself: name, currency and time zone', async () => {
    const tenant = await read((directory) => directory.tenant());

    expect(tenant).toEqual({ name: expect.stringMatching(/^Tenant /), currency: 'EUR', timezone: 'UTC' });
  });

  it("answers the tenant's own locations among the ids asked, never another tenant's", async () => {
    const locations = await read((directory) => directory.locations([kit.tenant.locationId, other.locationId, kit.tenant.locationId]));

    expect(locations).toEqual([{ id: kit.tenant.locationId, name: expect.any(String), kind: 'store', timezone: 'UTC' }]);
    expect(await read((directory) => directory.locations([]))).toEqual([]);
  });

  it("answers the tenant's own device with its location; another tenant's device is not there", async () => {
    expect(await read((directory) => directory.device(deviceId))).toEqual({
      id: deviceId,
      locationId: kit.tenant.locationId,
      revoked: false,
    });
    expect(await read((directory) => directory.device(otherDeviceId))).toBeUndefined();
  });

  it("answers every location of the tenant, and none of another tenant's", async () => {
    const locations = await read((directory) => directory.allLocations());

    expect(locations).toEqual([{ id: kit.tenant.locationId, name: expect.any(String), kind: 'store', timezone: 'UTC' }]);
  });

  it("names the tenant's own devices among the ids asked; another tenant's, unknown ids and non-ids are left out", async () => {
    const devices = await read((directory) => directory.devices([deviceId, otherDeviceId, 'till-7', deviceId]));

    expect(devices).toEqual([{ id: deviceId, locationId: kit.tenant.locationId, name: expect.any(String), revoked: false }]);
    expect(await read((directory) => directory.devices([]))).toEqual([]);
  });

  it("names the tenant's own people among the ids asked, with their display name only; another tenant's, unknown ids and non-ids are left out", async () => {
    const [mine] = await kit.kernel.db.query<{ user_id: string; display_name: string }>(
      'select user_id, display_name from kernel.users where tenant_id = $1 limit 1',
      [kit.tenant.id],
    );
    const [theirs] = await kit.kernel.db.query<{ user_id: string }>('select user_id from kernel.users where tenant_id = $1 limit 1', [
      other.id,
    ]);

    const people = await read((directory) => directory.people([mine!.user_id, theirs!.user_id, 'cashier-7', mine!.user_id]));

    expect(people).toEqual([{ id: mine!.user_id, displayName: mine!.display_name }]);
    expect(await read((directory) => directory.people([]))).toEqual([]);
  });
});
