import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugin } from './support/fixtures.ts';

type Install = { pluginId: string; version: string; enabled: boolean; settings: Record<string, unknown>; secretsSet: string[] };
type Problem = { code: string; detail: string; errors?: Array<{ field: string; message: string }> };

/**
 * A plugin whose settings have a required field without a default (gift-cards' provider account)
 * cannot run unset: the merchant gives its settings with the enable request, checked first.
 */
describe('enabling a plugin together with its settings', () => {
  let kit: TestKernel;
  let cashier: TestTill;
  const written = async () => ({
    installs: await kit.kernel.db.query('select plugin_id, enabled, settings from kernel.plugin_installs where tenant_id = $1', [
      kit.tenant.id,
    ]),
    audit: await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from kernel.audit_log'),
  });
  const enable = (body: unknown, token?: string) =>
    kit.request<Install & Problem>('POST', '/api/v1/plugins/gift-cards/enable', { body, ...(token ? { token } : {}) });

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('gift-cards')], enable: false, db: 'postgres' });
    cashier = await kit.signInTill({ permissions: [] });
  }, 120_000);
  afterAll(async () => kit?.close());

  it('refuses to enable without the required setting, naming the field, and writes nothing', async () => {
    const before = await written();
    const refused = await enable({});
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('plugins.invalid_settings');
    expect(refused.body.errors).toEqual([{ field: 'settings.accountId', message: 'is required' }]);
    expect(await written()).toEqual(before);
  });

  it('refuses bad settings sent with the enable, field by field, and writes nothing', async () => {
    const before = await written();
    const refused = await enable({ settings: { accountId: 'nope', maximumCard: 5, colour: 'red' } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('plugins.invalid_settings');
    expect(refused.body.errors!.map((e) => e.field)).toContain('settings.colour');
    const pattern = await enable({ settings: { accountId: 'nope', maximumCard: 5 } });
    expect(pattern.status).toBe(400);
    expect(pattern.body.errors!.map((e) => e.field).sort()).toEqual(['settings.accountId', 'settings.maximumCard']);
    const shape = await enable({ settings: 'GC-123456' });
    expect(shape.status).toBe(400);
    expect(shape.body.code).toBe('request.invalid');
    expect(await written()).toEqual(before);
  });

  it('refuses a cashier without kernel:plugins.manage', async () => {
    const before = await written();
    const refused = await enable({ settings: { accountId: 'GC-123456' } }, cashier.token);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('kernel:plugins.manage');
    expect(await written()).toEqual(before);
  });

  it('enables with valid settings at once: defaults filled, the secret sealed and never answered, the plugin given them', async () => {
    const enabled = await enable({ settings: { accountId: 'GC-123456', apiToken: 'tok_gift_0001' } });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({
      pluginId: 'gift-cards',
      version: '1.0.0',
      enabled: true,
      settings: { accountId: 'GC-123456', maximumCard: 50000 },
      secretsSet: ['apiToken'],
    });
    expect(JSON.stringify(enabled.body)).not.toContain('tok_gift_0001');
    const [row] = await kit.kernel.db.query<{ settings: string }>(
      "select settings::text as settings from kernel.plugin_installs where tenant_id = $1 and plugin_id = 'gift-cards'",
      [kit.tenant.id],
    );
    expect(row!.settings).not.toContain('tok_gift_0001');
    const account = await kit.request('GET', '/api/v1/gift-cards/account');
    expect(account.body).toEqual({ accountId: 'GC-123456', maximumCard: 50000, tokenSet: true });
  });

  it('enabling again without settings keeps them; with settings replaces them, keeping an unsent secret', async () => {
    expect((await kit.request('POST', '/api/v1/plugins/gift-cards/disable')).status).toBe(200);
    const again = await enable({});
    expect(again.status).toBe(200);
    expect(again.body.settings).toMatchObject({ accountId: 'GC-123456' });
    const replaced = await enable({ settings: { accountId: 'GC-654321', maximumCard: 2000 } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.settings).toEqual({ accountId: 'GC-654321', maximumCard: 2000 });
    expect(replaced.body.secretsSet).toEqual(['apiToken']);
    expect((await kit.request('GET', '/api/v1/gift-cards/account')).body).toEqual({
      accountId: 'GC-654321',
      maximumCard: 2000,
      tokenSet: true,
    });
  });
});
