import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { documentedList, walkPages } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';

type StaffMember = {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
  grants: Array<{ grantId: string; roleId: string; roleName: string; locationId: string | null }>;
};
type Problem = { code: string; errors?: Array<{ field: string }> };

const STAFF = '/api/v1/tenants/current/staff';

describe.each(DATABASE_KINDS)('the staff list on %s', (db) => {
  let kit: TestKernel;
  let kiosk: string;
  let cashierRole: string;
  let managerRole: string;
  /** Every user, oldest first: the tenant's admin, then those made here. */
  const staff: StaffMember[] = [];

  const addUser = async (displayName: string, grants: Array<{ roleId: string; locationId?: string }> = [], password?: string) => {
    const email = `${displayName.toLowerCase().replace(/\s+/g, '.')}@staff.test`;
    const user = await kit.request<StaffMember>('POST', '/api/v1/tenants/current/users', {
      body: { email, displayName, ...(password ? { password } : { pin: '1357' }) },
    });
    expect(user.status).toBe(201);
    for (const grant of grants) {
      expect((await kit.request('POST', `/api/v1/tenants/current/users/${user.body.id}/grants`, { body: grant })).status).toBe(201);
    }
    staff.push(user.body);
    return user.body;
  };
  const role = async (name: string, permissions: string[]) =>
    (await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', { body: { name, permissions } })).body.id;

  beforeAll(async () => {
    kit = await createTestKernel({ db });
    kiosk = (await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Kiosk', kind: 'store' } }))
      .body.id;
    cashierRole = await role('Cashier', ['kernel:devices.manage']);
    managerRole = await role('Manager', ['kernel:users.manage']);
    const admin = await walkPages<StaffMember>(kit, STAFF);
    staff.push(...admin.items);
    const store = kit.tenant.locationId;
    await addUser('Ann Archer', [{ roleId: cashierRole, locationId: store }]);
    await addUser('Bo Baker', [{ roleId: cashierRole, locationId: store }]);
    await addUser('Cy Cooper', [{ roleId: cashierRole, locationId: kiosk }]);
    await addUser('Di Dyer', [{ roleId: managerRole }]);
    await addUser('Ed Evans', [{ roleId: cashierRole, locationId: store }], 'ed-password-1');
    const gone = await addUser('Flo Fisher');
    // No route deactivates a user yet: the test sets it as an admin tool would.
    await kit.kernel.db.query('update kernel.users set active = false where user_id = $1', [gone.id]);
  });
  afterAll(async () => kit?.close());

  it('walks every member of staff once, oldest first, with their roles; one added between pages comes last', async () => {
    const before = staff.map((s) => s.id);
    let added: StaffMember | undefined;
    const { items, pages } = await walkPages<StaffMember>(kit, `${STAFF}?limit=3`, {
      between: async (pagesRead) => {
        if (pagesRead === 1) added = await addUser('Gus Gray');
      },
    });
    expect(items.map((s) => s.id)).toEqual([...before, added!.id]);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
    expect(items[0]!.grants).toEqual([expect.objectContaining({ locationId: null })]);
    expect(items.find((s) => s.displayName === 'Cy Cooper')!.grants).toEqual([
      { grantId: expect.any(String), roleId: cashierRole, roleName: 'Cashier', locationId: kiosk },
    ]);
  });

  it('filters by text, location (a role there or everywhere), role and whether active', async () => {
    const names = async (query: string) => (await walkPages<StaffMember>(kit, `${STAFF}?limit=2&${query}`)).items.map((s) => s.displayName);
    const admin = staff[0]!.displayName;
    expect(await names('q=baker')).toEqual(['Bo Baker']);
    expect(await names('q=ed.evans%40staff')).toEqual(['Ed Evans']);
    expect(await names(`roleId=${cashierRole}`)).toEqual(['Ann Archer', 'Bo Baker', 'Cy Cooper', 'Ed Evans']);
    expect(await names(`roleId=${cashierRole}&locationId=${kiosk}`)).toEqual(['Cy Cooper']);
    expect(await names(`locationId=${kiosk}`)).toEqual([admin, 'Cy Cooper', 'Di Dyer']);
    expect(await names(`roleId=${managerRole}&locationId=${kiosk}`)).toEqual(['Di Dyer']);
    expect(await names('active=false')).toEqual(['Flo Fisher']);
    expect(await names('active=true&q=fisher')).toEqual([]);
  });

  it('needs kernel:users.manage', async () => {
    const ed = await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      token: null,
      body: { tenant: kit.tenant.slug, email: 'ed.evans@staff.test', password: 'ed-password-1' },
    });
    const listed = await kit.request<Problem>('GET', STAFF, { token: ed.body.accessToken });
    expect([listed.status, listed.body.code]).toEqual([403, 'auth.forbidden']);
  });

  it("another tenant's staff never appear", async () => {
    const other = await kit.createTenant();
    const theirs = await walkPages<StaffMember>(kit, `${STAFF}?limit=1`, { token: other.admin.token });
    expect(theirs.items.map((s) => s.email)).toEqual([other.admin.email]);
    const mine = await walkPages<StaffMember>(kit, STAFF);
    expect(mine.items.map((s) => s.email)).not.toContain(other.admin.email);
  });

  it.each([
    ['limit=0', 'querystring.limit'],
    ['limit=201', 'querystring.limit'],
    ['limit=abc', 'querystring.limit'],
    ['locationId=kiosk', 'querystring.locationId'],
    ['roleId=7', 'querystring.roleId'],
    ['active=perhaps', 'querystring.active'],
    ['sort=name', 'querystring.sort'],
  ])('%s is a 400 problem naming %s', async (query, field) => {
    const response = await kit.request<Problem>('GET', `${STAFF}?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('request.invalid');
    expect(response.body.errors!.map((e) => e.field)).toContain(field);
  });

  it('a cursor the list did not hand out is a 400 pagination.bad_cursor', async () => {
    for (const cursor of ['not-json', Buffer.from(JSON.stringify(['yesterday', staff[0]!.id])).toString('base64url'), 'x'.repeat(9000)]) {
      const response = await kit.request<Problem>('GET', `${STAFF}?cursor=${cursor}`);
      expect([response.status, response.body.code]).toEqual([400, 'pagination.bad_cursor']);
      expect(response.body.errors!.map((e) => e.field)).toEqual(['querystring.cursor']);
    }
  });

  it('the OpenAPI document shows the list with limit, cursor and the page it answers', async () => {
    const { parameters, page } = await documentedList(kit, STAFF);
    expect(Object.keys(parameters).sort()).toEqual(['active', 'cursor', 'limit', 'locationId', 'q', 'roleId']);
    expect(parameters.limit).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    });
    expect(page).toMatchObject({
      title: 'Page',
      properties: { items: { type: 'array' }, nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
    });
  });
});
