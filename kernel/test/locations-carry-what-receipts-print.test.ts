import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';

type Location = { id: string; name: string; addressLines: string[]; taxId: string | null; timezone: string; code?: string };

/** A store's address, tax number and time zone: what a fiscal receipt prints about the shop. */
describe.each(DATABASE_KINDS)('locations carry what receipts print, on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db });
  });
  afterAll(async () => kit?.close());

  const list = async () => (await kit.request<{ items: Location[] }>('GET', '/api/v1/tenants/current/locations')).body.items;
  const rows = () =>
    kit.kernel.db.query('select location_id, name, address_lines, tax_id, timezone from kernel.locations order by location_id');

  it('a store is added with its address, VAT number and time zone, and any of the staff lists them', async () => {
    const created = await kit.request<Location>('POST', '/api/v1/tenants/current/locations', {
      body: {
        name: 'Bäckerei Mitte',
        kind: 'store',
        addressLines: ['Torstraße 12', ' ', '10119 Berlin'],
        taxId: 'DE123456789',
        timezone: 'Europe/Berlin',
      },
    });
    expect(created.status).toBe(201);
    // A blank line is not printed, so it is not kept.
    expect(created.body).toMatchObject({ addressLines: ['Torstraße 12', '10119 Berlin'], taxId: 'DE123456789', timezone: 'Europe/Berlin' });
    const till = await kit.signInTill();
    const seen = await kit.request<{ items: Location[] }>('GET', '/api/v1/tenants/current/locations', { token: till.token });
    expect(seen.body.items.find((l) => l.id === created.body.id)).toMatchObject({
      name: 'Bäckerei Mitte',
      addressLines: ['Torstraße 12', '10119 Berlin'],
      taxId: 'DE123456789',
      timezone: 'Europe/Berlin',
    });
  });

  it('a location without a time zone tells the tenant’s; without an address or tax number, says so', async () => {
    const tenantZone = (
      await kit.kernel.db.query<{ timezone: string }>('select timezone from kernel.tenants where tenant_id = $1', [kit.tenant.id])
    )[0]!.timezone;
    expect((await list()).find((l) => l.id === kit.tenant.locationId)).toMatchObject({
      addressLines: [],
      taxId: null,
      timezone: tenantZone,
    });
  });

  it('an admin changes the address and tax number and clears the time zone; what is not named stays', async () => {
    const store = (
      await kit.request<Location>('POST', '/api/v1/tenants/current/locations', {
        body: { name: 'Corner Shop', kind: 'store', addressLines: ['1 Main St'], taxId: 'OLD-1', timezone: 'America/New_York' },
      })
    ).body;
    const changed = await kit.request<Location>('PATCH', `/api/v1/tenants/current/locations/${store.id}`, {
      body: { addressLines: ['12 Main Street', 'Springfield, IL 62701'], taxId: '12-3456789', timezone: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Corner Shop',
      addressLines: ['12 Main Street', 'Springfield, IL 62701'],
      taxId: '12-3456789',
      timezone: 'UTC',
    });
    const renamed = await kit.request<Location>('PATCH', `/api/v1/tenants/current/locations/${store.id}`, {
      body: { name: 'Corner Shop 2' },
    });
    expect(renamed.body).toMatchObject({
      name: 'Corner Shop 2',
      addressLines: ['12 Main Street', 'Springfield, IL 62701'],
      taxId: '12-3456789',
    });
    // An empty change answers the location as it is, changes nothing and leaves nothing in the audit log.
    const before = await rows();
    const nothing = await kit.request<Location>('PATCH', `/api/v1/tenants/current/locations/${store.id}`, { body: {} });
    expect(nothing.body).toEqual(renamed.body);
    expect(await rows()).toEqual(before);
    const audited = await kit.kernel.db.query<{ detail: { fields: string[] } }>(
      "select detail from kernel.audit_log where action = 'tenancy.location.changed' and detail->>'locationId' = $1 order by audit_id",
      [store.id],
    );
    expect(audited.map((row) => row.detail.fields)).toEqual([['addressLines', 'taxId', 'timezone'], ['name']]);
  });

  it.each([
    ['an unknown time zone', { timezone: 'Europe/Atlantis' }, 400, 'tenancy.unknown_timezone'],
    ['a tax number of 41 characters', { taxId: 'X'.repeat(41) }, 400, 'request.invalid'],
    ['seven address lines', { addressLines: ['1', '2', '3', '4', '5', '6', '7'] }, 400, 'request.invalid'],
    ['a field locations do not have', { phone: '555' }, 400, 'request.invalid'],
  ])('a change with %s is refused with its code and changes nothing', async (_case, body, status, code) => {
    const before = await rows();
    const refused = await kit.request<{ code: string }>('PATCH', `/api/v1/tenants/current/locations/${kit.tenant.locationId}`, { body });
    expect([refused.status, refused.body.code]).toEqual([status, code]);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await rows()).toEqual(before);
  });

  it('a location of no one’s is 404; a cashier without kernel:locations.manage is 403; neither changes anything', async () => {
    const before = await rows();
    const unknown = await kit.request<{ code: string }>('PATCH', '/api/v1/tenants/current/locations/01900000-0000-7000-8000-0000000000fe', {
      body: { taxId: 'DE1' },
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'tenancy.unknown_location']);
    const till = await kit.signInTill({ permissions: ['kernel:users.manage'] });
    const forbidden = await kit.request<{ code: string }>('PATCH', `/api/v1/tenants/current/locations/${kit.tenant.locationId}`, {
      token: till.token,
      body: { taxId: 'DE1' },
    });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'auth.forbidden']);
    const created = await kit.request<{ code: string }>('POST', '/api/v1/tenants/current/locations', {
      body: { name: 'Nowhere', kind: 'store', timezone: 'Mars/Olympus' },
    });
    expect([created.status, created.body.code]).toEqual([400, 'tenancy.unknown_timezone']);
    expect(await rows()).toEqual(before);
  });
});
