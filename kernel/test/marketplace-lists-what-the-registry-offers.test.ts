import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { generatePublisherKeys } from '@kits/plugin-sdk/release';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugin } from './support/fixtures.ts';
import { startRegistryServer, type RegistryServer } from './support/registry-server.ts';

type Listing = {
  id: string;
  publisher: string;
  trustedPublisher: boolean;
  latest: string;
  kernelCompatible: boolean;
  versions: string[];
  permissions: string[];
  install: { version: string; versionRange: string; enabled: boolean; settings?: unknown } | null;
};
type Page = { items: Listing[]; nextCursor: string | null; canManage: boolean };
type Detail = Listing & {
  publisherName: string;
  description: string;
  releases: Array<{ version: string; permissions: string[]; kernelCompatible: boolean; yanked: boolean }>;
  settingsSchema: { properties: Record<string, unknown> } | null;
  settingsVersion: string;
  install: { version: string; versionRange: string; settings?: Record<string, unknown>; secretsSet?: string[] } | null;
  canManage: boolean;
};
type Problem = { code: string; detail: string; errors?: Array<{ field: string }>; versions?: string[] };

/** GET /api/v1/plugins (search) and /api/v1/plugins/:id (detail): the registry's plugins, as the marketplace screen shows them. */
describe('the marketplace API: what the registry offers, and installing from it', () => {
  let kit: TestKernel;
  let cashier: TestTill;
  const written = async () => ({
    installs: await kit.kernel.db.query(
      'select tenant_id, plugin_id, version_range, resolved_version, enabled, settings from kernel.plugin_installs order by 1, 2',
    ),
    audit: await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from kernel.audit_log'),
  });

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [fixturePlugin('loyalty-1'), fixturePlugin('loyalty-2'), fixturePlugin('notes'), fixturePlugin('stock-consumer')],
      enable: false,
    });
    cashier = await kit.signInTill({ permissions: ['notes:write'] });
  }, 120_000);
  afterAll(async () => kit?.close());

  it('lists every plugin of the registry by id: what it asks for, who publishes it, whether it runs here, and the install', async () => {
    const page = await kit.request<Page>('GET', '/api/v1/plugins');
    expect(page.status).toBe(200);
    expect(page.body.canManage).toBe(true);
    expect(page.body.items.map((item) => item.id)).toEqual(['loyalty', 'notes', 'stock-consumer']);
    expect(page.body.items[0]).toMatchObject({
      id: 'loyalty',
      publisher: 'local',
      trustedPublisher: true,
      latest: '1.1.0',
      kernelCompatible: true,
      versions: ['1.1.0', '1.0.0'],
      permissions: ['loyalty:award', 'loyalty:redeem', 'loyalty:report'],
      install: null,
    });
  });

  it('searches by id, name or description, a page at a time', async () => {
    const byDescription = await kit.request<Page>('GET', '/api/v1/plugins?q=spend%20them');
    expect(byDescription.body.items.map((item) => item.id)).toEqual(['loyalty']);
    const byName = await kit.request<Page>('GET', '/api/v1/plugins?q=STOCK');
    expect(byName.body.items.map((item) => item.id)).toEqual(['stock-consumer']);
    expect((await kit.request<Page>('GET', '/api/v1/plugins?q=zebra')).body.items).toEqual([]);
    const first = await kit.request<Page>('GET', '/api/v1/plugins?limit=2');
    expect(first.body).toMatchObject({ nextCursor: 'notes' });
    const second = await kit.request<Page>('GET', `/api/v1/plugins?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item) => item.id)).toEqual(['stock-consumer']);
    expect(second.body.nextCursor).toBeNull();
  });

  it("shows a plugin's detail: its publisher, every release with the permissions it asks for, and the settings schema", async () => {
    const detail = await kit.request<Detail>('GET', '/api/v1/plugins/loyalty');
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: 'loyalty',
      publisher: 'local',
      publisherName: 'This installation',
      settingsVersion: '1.1.0',
      install: null,
    });
    expect(detail.body.description).toContain('collect points');
    expect(detail.body.releases.map((release) => [release.version, release.permissions, release.kernelCompatible])).toEqual([
      ['1.1.0', ['loyalty:award', 'loyalty:redeem', 'loyalty:report'], true],
      ['1.0.0', ['loyalty:award', 'loyalty:redeem'], true],
    ]);
    expect(Object.keys(detail.body.settingsSchema!.properties)).toContain('expiryDays');
  });

  it('after installing a version, the detail has the install with its settings and the schema of that version', async () => {
    const enabled = await kit.request('POST', '/api/v1/plugins/loyalty/enable', { body: { version: '1.0.0' } });
    expect(enabled.status).toBe(200);
    const detail = await kit.request<Detail>('GET', '/api/v1/plugins/loyalty');
    expect(detail.body.settingsVersion).toBe('1.0.0');
    expect(Object.keys(detail.body.settingsSchema!.properties)).not.toContain('expiryDays');
    expect(detail.body.install).toMatchObject({ version: '1.0.0', versionRange: '1.0.0', secretsSet: [] });
    expect(detail.body.install!.settings).toMatchObject({ programName: 'Points', mode: 'test', pointsPerEuro: 1 });
    const listed = await kit.request<Page>('GET', '/api/v1/plugins?q=loyalty');
    expect(listed.body.items[0]!.install).toEqual({
      pluginId: 'loyalty',
      version: '1.0.0',
      versionRange: '1.0.0',
      enabled: true,
      notice: null,
    });
  });

  it('staff without kernel:plugins.manage may browse, but see no settings and may not install', async () => {
    const page = await kit.request<Page>('GET', '/api/v1/plugins', { token: cashier.token });
    expect(page.body.canManage).toBe(false);
    const detail = await kit.request<Detail>('GET', '/api/v1/plugins/loyalty', { token: cashier.token });
    expect(detail.body.canManage).toBe(false);
    expect(detail.body.install).toEqual({ pluginId: 'loyalty', version: '1.0.0', versionRange: '1.0.0', enabled: true, notice: null });
    const before = await written();
    for (const [method, url, body] of [
      ['POST', '/api/v1/plugins/notes/enable', {}],
      ['POST', '/api/v1/plugins/loyalty/disable', undefined],
      ['PUT', '/api/v1/plugins/loyalty/settings', { programName: 'Mine' }],
    ] as const) {
      const refused = await kit.request<Problem>(method, url, { token: cashier.token, ...(body ? { body } : {}) });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain('kernel:plugins.manage');
    }
    expect(await written()).toEqual(before);
    expect((await kit.request<Problem>('GET', '/api/v1/plugins', { token: null })).status).toBe(401);
    expect((await kit.request<Problem>('GET', '/api/v1/plugins', { token: kit.operatorToken })).status).toBe(403);
  });

  it("enabling again without a version keeps the install's range (an operator's pin)", async () => {
    const pinned = await kit.request('PUT', `/api/v1/tenants/${kit.tenant.id}/plugins/loyalty`, {
      token: kit.operatorToken,
      body: { version: '~1.0.0' },
    });
    expect(pinned.status).toBe(200);
    await kit.request('POST', '/api/v1/plugins/loyalty/disable');
    const again = await kit.request<{ version: string; versionRange: string }>('POST', '/api/v1/plugins/loyalty/enable', { body: {} });
    expect(again.body).toMatchObject({ version: '1.0.0', versionRange: '~1.0.0' });
  });

  it('moving to an older version drops the settings only the newer one knows, and keeps the secrets', async () => {
    expect((await kit.request('POST', '/api/v1/plugins/loyalty/enable', { body: { version: '^1.1' } })).status).toBe(200);
    const saved = await kit.request<{ settings: Record<string, unknown> }>('PUT', '/api/v1/plugins/loyalty/settings', {
      body: { expiryDays: 30, storeCode: 'NYC', apiKey: 'sk_test_12345678' },
    });
    expect(saved.body.settings).toMatchObject({ expiryDays: 30, storeCode: 'NYC' });
    const pinned = await kit.request<{ version: string; settings: Record<string, unknown>; secretsSet: string[] }>(
      'PUT',
      `/api/v1/tenants/${kit.tenant.id}/plugins/loyalty`,
      { token: kit.operatorToken, body: { version: '1.0.0' } },
    );
    expect(pinned.status).toBe(200);
    expect(pinned.body.version).toBe('1.0.0');
    expect(pinned.body.settings).not.toHaveProperty('expiryDays');
    expect(pinned.body.settings).toMatchObject({ storeCode: 'NYC' });
    expect(pinned.body.secretsSet).toEqual(['apiKey']);
  });

  it.each([
    ['GET', '/api/v1/plugins?q=', undefined, 400, 'request.invalid'],
    ['GET', `/api/v1/plugins?q=${'x'.repeat(101)}`, undefined, 400, 'request.invalid'],
    ['GET', '/api/v1/plugins?limit=0', undefined, 400, 'request.invalid'],
    ['GET', '/api/v1/plugins?limit=many', undefined, 400, 'request.invalid'],
    ['GET', '/api/v1/plugins?cursor=Not_An_Id', undefined, 400, 'request.invalid'],
    ['GET', '/api/v1/plugins?sort=name', undefined, 400, 'request.invalid'],
    ['GET', '/api/v1/plugins/nothing-here', undefined, 404, 'plugins.unknown'],
    ['GET', '/api/v1/plugins/Not_An_Id', undefined, 400, 'request.invalid'],
    ['POST', '/api/v1/plugins/nothing-here/enable', {}, 404, 'plugins.unknown'],
    ['POST', '/api/v1/plugins/notes/enable', { version: '^3' }, 404, 'plugins.no_matching_version'],
    ['POST', '/api/v1/plugins/notes/enable', { version: 'the newest' }, 400, 'plugins.invalid_range'],
    ['POST', '/api/v1/plugins/stock-consumer/enable', {}, 409, 'plugins.requirement_missing'],
    ['PUT', '/api/v1/plugins/loyalty/settings', { storeCode: 'abc' }, 400, 'plugins.invalid_settings'],
    ['PUT', '/api/v1/plugins/loyalty/settings', { mode: 'production' }, 400, 'plugins.invalid_settings'],
    ['PUT', '/api/v1/plugins/loyalty/settings', { pointsPerEuro: 2.5 }, 400, 'plugins.invalid_settings'],
    ['PUT', '/api/v1/plugins/loyalty/settings', { programName: '' }, 400, 'plugins.invalid_settings'],
    ['PUT', '/api/v1/plugins/loyalty/settings', { provider: { region: 'mars' } }, 400, 'plugins.invalid_settings'],
    ['PUT', '/api/v1/plugins/notes/settings', { greeting: 'hi' }, 404, 'plugins.not_installed'],
  ] as const)('%s %s %j → %i %s, naming what to fix, nothing written', async (method, url, body, status, code) => {
    const before = await written();
    const response = await kit.request<Problem>(method, url, body === undefined ? {} : { body });
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe(code);
    expect(response.body.detail.length).toBeGreaterThan(15);
    if (code === 'plugins.invalid_settings') expect(response.body.errors![0]!.field).toMatch(/^settings\.\w+/);
    if (code === 'plugins.no_matching_version') expect(response.body.detail).toContain('1.0.0');
    if (code === 'plugins.requirement_missing') expect(response.body.detail).toContain('stock ^1');
    expect(await written()).toEqual(before);
  });
});

describe('the marketplace with a registry of its own (REGISTRY_URL)', () => {
  const acme = generatePublisherKeys();
  const mallory = generatePublisherKeys();
  let server: RegistryServer;
  let kit: TestKernel;

  beforeAll(async () => {
    server = await startRegistryServer();
    await server.register('acme', acme);
    await server.register('mallory', mallory);
    await server.publish('stamps', '1.0.0', 'acme', acme);
    await server.publish('sneaky', '1.0.0', 'mallory', mallory);
    kit = await createTestKernel({ env: { REGISTRY_URL: server.url, TRUSTED_PUBLISHERS: `acme=${acme.publicKey}` } });
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
    await server?.close();
  });

  it('lists what that registry offers — plugins this kernel has never installed — and says whose releases it would refuse', async () => {
    const page = await kit.request<Page>('GET', '/api/v1/plugins');
    expect(page.body.items.map((item) => [item.id, item.publisher, item.trustedPublisher])).toEqual([
      ['sneaky', 'mallory', false],
      ['stamps', 'acme', true],
    ]);
    expect(kit.kernel.plugins.catalog.all()).toEqual([]);
    const detail = await kit.request<Detail>('GET', '/api/v1/plugins/stamps');
    expect(detail.body).toMatchObject({ id: 'stamps', publisherName: 'acme', settingsSchema: null, settingsVersion: '1.0.0' });
  });
});
