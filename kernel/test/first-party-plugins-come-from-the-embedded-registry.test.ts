import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { contentHashOf, integrityHex } from '@kits/plugin-sdk/release';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

describe.each(DATABASE_KINDS)('the plugins a kernel starts with go through its embedded registry on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('greeter-1'), fixturePlugin('till-panel')], db });
  });
  afterAll(async () => kit?.close());

  it('publishes them signed by the kernel\u2019s own key and loads them from the unpacked release, not from their folder', async () => {
    const listed = await kit.request<{ items: Array<{ id: string; publisher: string; versions: string[] }> }>(
      'GET',
      '/registry/v1/plugins',
      {
        token: null,
      },
    );
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: 'greeter', publisher: 'local', versions: ['1.0.0'] }),
      expect.objectContaining({ id: 'till-panel', publisher: 'local', versions: ['1.2.0'] }),
    ]);
    const release = (await kit.kernel.registry!.release('greeter', '1.0.0'))!;
    const pkg = kit.kernel.plugins.catalog.get('greeter', '1.0.0')!;
    expect(pkg.dir).toBe(join(kit.kernel.config.pluginCacheDir, 'unpacked', integrityHex(release.integrity)));
    expect(pkg.dir).not.toBe(fixturePlugin('greeter-1'));
    expect((await kit.request<{ greeting: string }>('GET', '/api/v1/greeter/hello')).body.greeting).toBe('hello from greeter 1');
  });

  it('packs an unchanged plugin once: the next kernel reuses the tarball cached by content hash', async () => {
    const packed = join(kit.kernel.config.pluginCacheDir, 'packed', `${contentHashOf(fixturePlugin('greeter-1'))}.tgz`);
    const before = statSync(packed).mtimeMs;
    const again = await createTestKernel({ plugins: [fixturePlugin('greeter-1')] });
    try {
      expect(statSync(packed).mtimeMs).toBe(before);
      expect((await again.kernel.registry!.release('greeter', '1.0.0'))!.integrity).toBe(
        (await kit.kernel.registry!.release('greeter', '1.0.0'))!.integrity,
      );
    } finally {
      await again.close();
    }
  });

  it.each([
    ['no token', null, 401],
    ["a tenant admin's token", 'admin', 403],
  ] as const)('registering a publisher on the embedded registry with %s is %i, nothing written', async (_name, who, status) => {
    const before = await kit.kernel.db.query('select * from registry.publishers order by name');
    const response = await kit.request<{ code: string }>('POST', '/registry/v1/publishers', {
      token: who === 'admin' ? kit.tenant.admin.token : null,
      body: { name: 'acme', publicKey: 'ed25519:ExvKdvk2CEMhLchZ8UdLLIDpRtMV-qou00A8qVaFm5k' },
    });
    expect(response.status).toBe(status);
    expect(await kit.kernel.db.query('select * from registry.publishers order by name')).toEqual(before);
  });

  it("keeps the registry's tables out of tenants' reach", async () => {
    const [row] = await kit.kernel.db.query<{ allowed: boolean }>(
      "select has_table_privilege('kits_tenant', 'registry.releases', 'select') or has_table_privilege('kits_tenant', 'registry.publishers', 'insert') as allowed",
    );
    expect(row!.allowed).toBe(false);
    expect(readdirSync(join(kit.kernel.config.pluginCacheDir, 'unpacked')).length).toBeGreaterThan(0);
  });
});
