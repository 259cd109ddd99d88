import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginRole } from '../src/db/database.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';
import { errorLogCapture } from './support/logged-errors.ts';

// A plugin's statements run as its own role (kits_plugin_<schema>): its own schema and the
// kernel's directory (tenants, locations, devices) under row-level security, nothing else. The
// `snoop` fixture reaches for everything else; each attempt must fail, and show no data.

describe.each(DATABASE_KINDS)('a plugin confined to its own schema on %s', (db) => {
  let kit: TestKernel;
  let other: TestTenant;
  // What the kernel logged: each refused attempt must be logged as the plugin's own failure.
  const { logger, logged } = errorLogCapture();

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [fixturePlugin('notes'), fixturePlugin('stock-provider'), fixturePlugin('stock-consumer'), fixturePlugin('snoop')],
      db,
      logger,
    });
    other = await kit.createTenant();
    const note = await kit.request('POST', '/api/v1/notes/notes', { body: { body: 'a note of the test tenant' } });
    expect(note.status).toBe(201);
    const own = await kit.request('POST', '/api/v1/snoop/own', { token: other.admin.token, body: {} });
    expect(own.status).toBe(200);
  });
  afterAll(async () => kit?.close());

  /** Sends the attempt; no data comes back, and (for a 500) the log says why, naming the plugin. */
  const refused = async (url: string, method = 'GET', why?: RegExp) => {
    logged.length = 0;
    const response = await kit.request<{ code?: string; rows?: unknown }>(method, url);
    expect(response.body.rows).toBeUndefined();
    if (why) expect(logged.join('\n')).toMatch(why);
    return response;
  };

  it('uses its own schema and reads the tenant directory', async () => {
    const response = await kit.request<{ finds: string[]; locations: number }>('POST', '/api/v1/snoop/own', { body: {} });
    expect(response.status).toBe(200);
    expect(response.body.finds).toEqual(['mine']);
    expect(response.body.locations).toBe(1);
  });

  it("cannot read another plugin's tables", async () => {
    expect((await refused('/api/v1/snoop/other-plugin', 'GET', /permission denied for schema notes/)).status).toBe(500);
  });

  it("cannot read the kernel's own tables (users) nor change them (the audit log)", async () => {
    expect((await refused('/api/v1/snoop/kernel-users', 'GET', /permission denied for table users/)).status).toBe(500);
    expect((await refused('/api/v1/snoop/kernel-write', 'POST', /permission denied for table audit_log/)).status).toBe(500);
    expect(await kit.kernel.db.query("select 1 from kernel.audit_log where action = 'snoop.forged'")).toEqual([]);
  });

  it("sees none of another tenant's rows in its own tables, and cannot plant one there", async () => {
    const seen = await kit.request<{ rows: unknown[] }>('GET', `/api/v1/snoop/tenants/${other.id}/finds`);
    expect(seen.status).toBe(200);
    expect(seen.body.rows).toEqual([]);
    const planted = await refused(`/api/v1/snoop/tenants/${other.id}/finds`, 'POST');
    expect(planted.status).toBe(403);
    expect(await kit.kernel.db.query("select 1 from snoop.finds where find = 'planted'")).toEqual([]);
  });

  it('cannot leave its role, by statement or by set_config', async () => {
    expect((await refused('/api/v1/snoop/reset-role', 'GET', /snoop ran a statement that changes its database role/)).status).toBe(500);
    expect((await refused('/api/v1/snoop/set-config-role', 'GET', /snoop ran a statement that changes its database role/)).status).toBe(
      500,
    );
  });

  it('cannot use a capability its manifest does not declare, though a plugin provides it', async () => {
    const response = await refused('/api/v1/snoop/undeclared', 'GET', /snoop@1.0.0 used stock@1, which its manifest does not declare/);
    expect(response.status).toBe(500);
  });

  it('a plugin role may act as the roles of the plugins providing what it declares, and no other', async () => {
    const [row] = await kit.kernel.db.query<{ declared: boolean; undeclared: boolean; reverse: boolean }>(
      `select pg_has_role($1, $2, 'usage') as declared, pg_has_role($3, $4, 'usage') as undeclared, pg_has_role($2, $1, 'usage') as reverse`,
      [pluginRole('stock_consumer'), pluginRole('stock_provider'), pluginRole('snoop'), pluginRole('notes')],
    );
    expect(row).toEqual({ declared: true, undeclared: false, reverse: false });
    // The consumer's route calls the provider's service in one transaction, in the consumer's role.
    expect((await kit.request('GET', '/api/v1/stock-consumer/level/x')).status).toBe(200);
  });

  it('in SQL: its role reads no other schema, and the tenant role reads no plugin schema', async () => {
    const asRole = (role: string, sql: string) => kit.kernel.db.transaction({ tenantId: kit.tenant.id }, (tx) => tx.queryAs(role, sql));
    await expect(asRole(pluginRole('snoop'), 'select * from notes.notes')).rejects.toThrow(/permission denied/);
    await expect(asRole(pluginRole('snoop'), 'select * from kernel.users')).rejects.toThrow(/permission denied/);
    await expect(asRole('kits_tenant', 'select * from snoop.finds')).rejects.toThrow(/permission denied/);
    expect(await asRole(pluginRole('notes'), 'select body from notes.notes')).toContainEqual({ body: 'a note of the test tenant' });
  });
});
