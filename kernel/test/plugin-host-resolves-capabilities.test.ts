import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

describe.each(DATABASE_KINDS)('capabilities between plugins on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('stock-provider'), fixturePlugin('stock-consumer')], db, enable: false });
  });
  afterAll(async () => kit?.close());

  it('refuses to enable a plugin whose requirement is missing, with 409 naming the capability, and records nothing', async () => {
    const refused = await kit.request<{ code: string; detail: string; missing: unknown[] }>(
      'POST',
      '/api/v1/plugins/stock-consumer/enable',
      { body: {} },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('plugins.requirement_missing');
    expect(refused.body.detail).toContain('stock ^1');
    expect(refused.body.missing).toEqual([{ capability: 'stock', range: '^1' }]);
    const rows = await kit.kernel.db.query('select * from kernel.plugin_installs where plugin_id = $1', ['stock-consumer']);
    expect(rows).toEqual([]);
  });

  it('once a provider is enabled, the consumer calls its service in the same tenant transaction', async () => {
    expect((await kit.request('POST', '/api/v1/plugins/stock-provider/enable', { body: {} })).status).toBe(200);
    expect((await kit.request('POST', '/api/v1/plugins/stock-consumer/enable', { body: {} })).status).toBe(200);
    const level = await kit.request<{ sku: string; level: number; tenantId: string }>('GET', '/api/v1/stock-consumer/level/ABC-123');
    expect(level.status).toBe(200);
    expect(level.body).toEqual({ sku: 'ABC-123', level: 7, tenantId: kit.tenant.id });
  });

  it('refuses to disable a provider another enabled plugin needs', async () => {
    const refused = await kit.request<{ code: string; requiredBy: string[] }>('POST', '/api/v1/plugins/stock-provider/disable');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('plugins.required_by');
    expect(refused.body.requiredBy).toEqual(['stock-consumer']);
    expect((await kit.request('GET', '/api/v1/stock-consumer/level/x')).status).toBe(200);
  });
});

describe('two versions of one plugin side by side', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('greeter-1'), fixturePlugin('greeter-2')], enable: false });
  });
  afterAll(async () => kit?.close());

  it('each tenant gets the behaviour of the version it pinned, in one process, and can move between them', async () => {
    const a = kit.tenant;
    const b = await kit.createTenant();
    expect((await kit.request('POST', '/api/v1/plugins/greeter/enable', { token: a.admin.token, body: { version: '^1' } })).status).toBe(
      200,
    );
    const beforeUpgrade = await kit.kernel.db.query<{ name: string }>('select name from greeter.kits_migrations order by name');
    expect(beforeUpgrade.map((row) => row.name)).toEqual(['0001_greetings']);
    expect((await kit.request('POST', '/api/v1/plugins/greeter/enable', { token: b.admin.token, body: { version: '2.0.0' } })).status).toBe(
      200,
    );
    for (let i = 0; i < 5; i++) {
      const fromA = await kit.request<{ greeting: string }>('GET', '/api/v1/greeter/hello', { token: a.admin.token });
      const fromB = await kit.request<{ greeting: string }>('GET', '/api/v1/greeter/hello', { token: b.admin.token });
      expect(fromA.body.greeting).toBe('hello from greeter 1');
      expect(fromB.body.greeting).toBe('hello from greeter 2');
    }
    expect(kit.kernel.plugins.loadedVersions().sort()).toEqual(['greeter@1.0.0', 'greeter@2.0.0']);
    // The schema is migrated to the newest version any tenant installed; version 1 runs on it.
    const applied = await kit.kernel.db.query<{ name: string }>('select name from greeter.kits_migrations order by name');
    expect(applied.map((row) => row.name)).toEqual(['0001_greetings', '0002_greeting_language']);

    const upgraded = await kit.request<{ version: string }>('POST', '/api/v1/plugins/greeter/enable', {
      token: a.admin.token,
      body: { version: '^2' },
    });
    expect(upgraded.body.version).toBe('2.0.0');
    expect((await kit.request<{ greeting: string }>('GET', '/api/v1/greeter/hello', { token: a.admin.token })).body.greeting).toBe(
      'hello from greeter 2',
    );
    const downgraded = await kit.request<{ version: string }>('POST', '/api/v1/plugins/greeter/enable', {
      token: b.admin.token,
      body: { version: '1.0.0' },
    });
    expect(downgraded.body.version).toBe('1.0.0');
    expect((await kit.request<{ greeting: string }>('GET', '/api/v1/greeter/hello', { token: b.admin.token })).body.greeting).toBe(
      'hello from greeter 1',
    );
  });
});
