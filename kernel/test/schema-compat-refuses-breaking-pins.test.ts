import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

// Greeter 1.0.0 writes greetings without a language; 2.0.0 adds a nullable language (expand,
// schemaCompat >=1.0.0); 3.0.0 makes it required (contract, schemaCompat >=2.0.0), so 1.0.0
// cannot run on 3.0.0's schema. DESIGN.md section 4: the kernel refuses a pin that would break.

describe.each(DATABASE_KINDS)('schema compatibility of plugin versions on %s', (db) => {
  let kit: TestKernel;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [fixturePlugin('greeter-1'), fixturePlugin('greeter-2'), fixturePlugin('greeter-3')],
      db,
      enable: false,
    });
    a = kit.tenant;
    b = await kit.createTenant();
  });
  afterAll(async () => kit?.close());

  const enable = (tenant: TestTenant, version: string) =>
    kit.request<{ version?: string; code?: string; detail?: string }>('POST', '/api/v1/plugins/greeter/enable', {
      token: tenant.admin.token,
      body: { version },
    });
  const pin = (tenant: TestTenant, version: string) =>
    kit.request<{ version?: string; code?: string; detail?: string }>('PUT', `/api/v1/tenants/${tenant.id}/plugins/greeter`, {
      token: kit.operatorToken,
      body: { version },
    });
  const greet = (tenant: TestTenant, text: string) =>
    kit.request('POST', '/api/v1/greeter/greetings', { token: tenant.admin.token, body: { text } });
  const migrations = async () =>
    (await kit.kernel.db.query<{ name: string }>('select name from greeter.kits_migrations order by name')).map((row) => row.name);
  const installs = () =>
    kit.kernel.db.query('select tenant_id, version_range, resolved_version, enabled from kernel.plugin_installs order by tenant_id');

  it('upgrading one tenant migrates the schema (expand) and the other keeps working on its version', async () => {
    expect((await enable(a, '1.0.0')).status).toBe(200);
    expect((await greet(a, 'hello')).status).toBe(201);
    expect((await enable(b, '2.0.0')).status).toBe(200);
    expect(await migrations()).toEqual(['0001_greetings', '0002_greeting_language']);
    expect((await greet(a, 'still here')).status).toBe(201);
    expect((await greet(b, 'bonjour')).status).toBe(201);
  });

  it('refuses the version whose schema would break another tenant, naming the versions in the way; nothing changes', async () => {
    const before = await installs();
    const refused = await pin(b, '3.0.0');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('plugins.schema_incompatible');
    expect(refused.body.detail).toContain('other tenants run 1.0.0');
    expect(refused.body.detail).toContain('>=2.0.0');
    // The same through the tenant's own enable: the merchant learns why, not who.
    const byMerchant = await enable(b, '^3');
    expect(byMerchant.status).toBe(409);
    expect(byMerchant.body.detail).not.toContain(a.id);
    expect(await migrations()).toEqual(['0001_greetings', '0002_greeting_language']);
    expect(await installs()).toEqual(before);
    expect((await greet(a, 'unbroken')).status).toBe(201);
  });

  it('once every tenant is on a compatible version the upgrade goes through, and a pin back below schemaCompat is refused', async () => {
    expect((await pin(a, '2.0.0')).status).toBe(200);
    const upgraded = await pin(b, '3.0.0');
    expect(upgraded.status).toBe(200);
    expect(upgraded.body.version).toBe('3.0.0');
    expect(await migrations()).toEqual(['0001_greetings', '0002_greeting_language', '0003_greeting_language_required']);
    // Tenant A, on 2.0.0, works on 3.0.0's schema (it writes a language).
    expect((await greet(a, 'on the contracted schema')).status).toBe(201);

    const before = await installs();
    const back = await pin(a, '1.0.0');
    expect(back.status).toBe(409);
    expect(back.body.code).toBe('plugins.schema_incompatible');
    expect(back.body.detail).toContain('migrated by 3.0.0');
    expect(await installs()).toEqual(before);
    const listed = await kit.request<{ items: Array<{ text: string; language: string }> }>('GET', '/api/v1/greeter/greetings', {
      token: a.admin.token,
    });
    expect(listed.body.items.map((item) => item.language)).toEqual(['en', 'en', 'en', 'en']);
  });
});
