import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { generatePublisherKeys, integrityHex } from '@kits/plugin-sdk/release';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { startRegistryServer, type RegistryServer } from './support/registry-server.ts';

type Problem = { code: string; detail: string };
type Install = { pluginId: string; version: string; versionRange: string; enabled: boolean };

describe.each(DATABASE_KINDS)('a kernel installs plugins from its registry (REGISTRY_URL) on %s', (db) => {
  const acme = generatePublisherKeys();
  const mallory = generatePublisherKeys();
  const logged: Array<{ msg: string; code?: string; plugin?: string; version?: string }> = [];
  let server: RegistryServer;
  let kit: TestKernel;

  const pin = (tenantId: string, pluginId: string, body: unknown, token: string | null = kit.operatorToken) =>
    kit.request<Install & Problem>('PUT', `/api/v1/tenants/${tenantId}/plugins/${pluginId}`, { token, body });
  const installs = () =>
    kit.kernel.db.query('select tenant_id, plugin_id, resolved_version, enabled from kernel.plugin_installs order by 1, 2');
  const refusals = (code: string) => logged.filter((line) => line.msg.startsWith('plugin release refused') && line.code === code);

  beforeAll(async () => {
    server = await startRegistryServer();
    await server.register('acme', acme);
    await server.register('mallory', mallory);
    for (const version of ['1.0.0', '1.1.0', '2.0.0']) await server.publish('stamps', version, 'acme', acme);
    await server.publish('evil', '1.0.0', 'acme', acme);
    await server.publish('rewritten', '1.0.0', 'acme', acme);
    await server.publish('sneaky', '1.0.0', 'mallory', mallory);
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) });
    kit = await createTestKernel({ db, logger, env: { REGISTRY_URL: server.url, TRUSTED_PUBLISHERS: `acme=${acme.publicKey}` } });
  });
  afterAll(async () => {
    await kit?.close();
    await server?.close();
  });

  it('an operator pins a tenant to a range: the newest release in it is downloaded, verified, unpacked by its hash and serves the tenant', async () => {
    const pinned = await pin(kit.tenant.id, 'stamps', { version: '^1' });
    expect(pinned.status).toBe(200);
    expect(pinned.body).toMatchObject({ pluginId: 'stamps', version: '1.1.0', versionRange: '^1', enabled: true });
    const hello = await kit.request<{ hello: string; version: string }>('GET', '/api/v1/stamps/hello');
    expect(hello.body).toEqual({ hello: 'stamps', version: '1.1.0' });
    const release = (await server.registry.release('stamps', '1.1.0'))!;
    const pkg = kit.kernel.plugins.catalog.get('stamps', '1.1.0')!;
    expect(pkg.dir).toBe(join(kit.kernel.config.pluginCacheDir, 'unpacked', integrityHex(release.integrity)));
    // A tenant admin moving to another range resolves against the registry too.
    const moved = await kit.request<Install>('POST', '/api/v1/plugins/stamps/enable', { body: { version: '2.x' } });
    expect(moved.body).toMatchObject({ version: '2.0.0' });
    expect((await kit.request<{ version: string }>('GET', '/api/v1/stamps/hello')).body.version).toBe('2.0.0');
  });

  it.each([
    ['an unknown plugin', 404, 'plugins.unknown', 'nothing-here', { version: '^1' }, 'operator'],
    ['a range no release matches', 404, 'plugins.no_matching_version', 'stamps', { version: '^7' }, 'operator'],
    ['something that is not a range', 400, 'plugins.invalid_range', 'stamps', { version: 'newest please' }, 'operator'],
    ['no version', 400, 'request.invalid', 'stamps', {}, 'operator'],
    ['an unknown field', 400, 'request.invalid', 'stamps', { version: '^1', force: true }, 'operator'],
    ['an unknown tenant', 404, 'tenancy.tenant_not_found', 'stamps', { version: '^1' }, 'operator'],
    ['a tenant admin instead of an operator', 403, 'auth.forbidden', 'stamps', { version: '^1' }, 'admin'],
  ] as const)('pinning with %s is %i %s, nothing written', async (_name, status, code, pluginId, body, who) => {
    const tenant = code === 'tenancy.tenant_not_found' ? '0190a000-0000-7000-8000-00000000dead' : kit.tenant.id;
    const before = { installs: await installs(), catalog: kit.kernel.plugins.catalog.all().map((pkg) => `${pkg.id}@${pkg.version}`) };
    const response = await pin(tenant, pluginId, body, who === 'operator' ? kit.operatorToken : kit.tenant.admin.token);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe(code);
    expect(response.body.detail.length).toBeGreaterThan(15);
    expect({ installs: await installs(), catalog: kit.kernel.plugins.catalog.all().map((pkg) => `${pkg.id}@${pkg.version}`) }).toEqual(
      before,
    );
  });

  it('names the versions there are when a range matches none', async () => {
    const response = await pin(kit.tenant.id, 'stamps', { version: '>=3' });
    expect(response.body.detail).toContain('2.0.0, 1.1.0, 1.0.0');
  });

  describe('refuses and logs', () => {
    const refused = async (pluginId: string, version: string, code: string, installedBefore = false) => {
      const tenant = await kit.createTenant();
      const before = await installs();
      const response = await pin(tenant.id, pluginId, { version });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe(code);
      expect(await installs()).toEqual(before);
      // A yanked version some tenant already runs stays loaded for them; it is only never installed anew.
      if (!installedBefore) expect(kit.kernel.plugins.catalog.get(pluginId, version)).toBeUndefined();
      expect(refusals(code)).toEqual([expect.objectContaining({ plugin: pluginId, version })]);
      expect((await kit.request('GET', `/api/v1/${pluginId}/hello`, { token: tenant.admin.token })).status).toBe(404);
    };

    it('a tarball that is not the one released (bytes changed on the way)', async () => {
      server.serveTampered('evil', '1.0.0');
      const release = (await server.registry.release('evil', '1.0.0'))!;
      await refused('evil', '1.0.0', 'plugins.integrity_mismatch');
      expect(existsSync(join(kit.kernel.config.pluginCacheDir, 'unpacked', integrityHex(release.integrity)))).toBe(false);
    });

    it("a release whose file and integrity were both replaced: the publisher's signature does not match", async () => {
      await server.rewriteRelease('rewritten', '1.0.0');
      await refused('rewritten', '1.0.0', 'plugins.bad_signature');
    });

    it('a release by a publisher this kernel does not trust', async () => {
      await refused('sneaky', '1.0.0', 'plugins.untrusted_publisher');
    });

    it('a yanked version; a range that held it takes the newest release left', async () => {
      await server.registry.yank('stamps', '1.1.0', 'prints wrong totals', { operator: true });
      await refused('stamps', '1.1.0', 'plugins.release_yanked', true);
      const tenant = await kit.createTenant();
      expect((await pin(tenant.id, 'stamps', { version: '^1' })).body).toMatchObject({ version: '1.0.0' });
    });
  });

  it('keeps nothing of a refused release in its cache', () => {
    const unpacked = readdirSync(join(kit.kernel.config.pluginCacheDir, 'unpacked'));
    expect(unpacked.some((name) => name.includes('.partial-'))).toBe(false);
  });
});
