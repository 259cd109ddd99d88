import { createHash } from 'node:crypto';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

type Install = { settings: Record<string, unknown>; secretsSet: string[]; version: string };
type Seen = { programName: string; webhookSecretSha256: string | null; seen: Record<string, string | null> };

const API_KEY = 'sk_live_7c1f0e55b2d94a';
const WEBHOOK_SECRET = 'whsec_0d8e4b71aa';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Secret settings (x-kits-secret): sealed at rest, opened only for the plugin's server code, never answered. */
describe.each(DATABASE_KINDS)('secret plugin settings on %s', (db) => {
  let kit: TestKernel;
  const storedSettings = async (tenantId = kit.tenant.id) => {
    const [row] = await kit.kernel.db.query<{ settings: string }>(
      "select settings::text as settings from kernel.plugin_installs where tenant_id = $1 and plugin_id = 'loyalty'",
      [tenantId],
    );
    return row!.settings;
  };
  const seen = async (token = kit.tenant.admin.token) => (await kit.request<Seen>('GET', '/api/v1/loyalty/seen', { token })).body;
  const putSettings = (body: unknown, token = kit.tenant.admin.token) =>
    kit.request<Install & { code: string; detail: string; errors: Array<{ field: string }> }>('PUT', '/api/v1/plugins/loyalty/settings', {
      body,
      token,
    });

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('loyalty-1')], db });
  }, 120_000);
  afterAll(async () => kit?.close());

  it('are stored sealed (AES-256-GCM), and the answer names them as set without their values', async () => {
    const saved = await putSettings({ programName: 'Stars', apiKey: API_KEY, provider: { webhookSecret: WEBHOOK_SECRET } });
    expect(saved.status).toBe(200);
    expect(saved.body.secretsSet.sort()).toEqual(['apiKey', 'provider.webhookSecret']);
    expect(saved.body.settings).toEqual({
      programName: 'Stars',
      pointsPerEuro: 1,
      minimumSpend: 0,
      mode: 'test',
      printOnReceipt: true,
      provider: { region: 'eu' },
    });
    expect(JSON.stringify(saved.body)).not.toContain(API_KEY);

    const stored = await storedSettings();
    expect(stored).not.toContain(API_KEY);
    expect(stored).not.toContain(WEBHOOK_SECRET);
    expect(stored).not.toContain(Buffer.from(API_KEY).toString('base64'));
    const parsed = JSON.parse(stored) as { apiKey: Record<string, string>; provider: { webhookSecret: Record<string, string> } };
    expect(parsed.apiKey['$kits:secret']).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(parsed.provider.webhookSecret['$kits:secret']).toMatch(/^v1\./);
    // Nothing else the kernel wrote for the change holds it either.
    const audit = await kit.kernel.db.query<{ detail: string }>(
      "select detail::text as detail from kernel.audit_log where action like 'plugins.%'",
    );
    expect(audit.map((row) => row.detail).join()).not.toContain(API_KEY);
  });

  it("are given in plain text to the plugin's routes, event handlers, jobs and onEnable", async () => {
    const body = await seen();
    expect(body.seen.route).toBe(sha256(API_KEY));
    expect(body.webhookSecretSha256).toBe(sha256(WEBHOOK_SECRET));
    expect((await kit.request('POST', '/api/v1/loyalty/awards')).status).toBe(202);
    const later = await eventually(seen, (value) => value.seen.event === sha256(API_KEY) && value.seen.job === sha256(API_KEY));
    expect(later.seen).toMatchObject({ event: sha256(API_KEY), job: sha256(API_KEY) });
    await kit.request('POST', '/api/v1/plugins/loyalty/disable');
    await kit.request('POST', '/api/v1/plugins/loyalty/enable', { body: {} });
    expect((await seen()).seen.enable).toBe(sha256(API_KEY));
  });

  it('are never answered by the API nor sent to tills', async () => {
    const till = await kit.signInTill({ permissions: ['kernel:plugins.manage'] });
    const answers = await Promise.all([
      kit.request('GET', '/api/v1/plugins'),
      kit.request('GET', '/api/v1/plugins/loyalty'),
      kit.request('GET', '/api/v1/plugins/loyalty', { token: till.token }),
      kit.request('POST', '/api/v1/plugins/loyalty/enable', { body: {} }),
      kit.request('GET', '/api/v1/till/plugins', { token: till.token }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(API_KEY);
      expect(JSON.stringify(answer.body)).not.toContain(WEBHOOK_SECRET);
      expect(JSON.stringify(answer.body)).not.toContain('$kits:secret');
    }
    const detail = answers[1]!.body as { install: Install };
    expect(detail.install.secretsSet.sort()).toEqual(['apiKey', 'provider.webhookSecret']);
    const tillPlugins = answers[4]!.body as { items: Array<{ id: string; settings: Record<string, unknown> }> };
    expect(tillPlugins.items.find((item) => item.id === 'loyalty')?.settings).toEqual({ printOnReceipt: true });
  });

  it('a save that leaves a secret out keeps it; null or "" clears it', async () => {
    const kept = await putSettings({ programName: 'Moons', mode: 'live' });
    expect(kept.body.secretsSet.sort()).toEqual(['apiKey', 'provider.webhookSecret']);
    expect((await seen()).seen.route).toBe(sha256(API_KEY));
    expect((await seen()).programName).toBe('Moons');

    const cleared = await putSettings({ programName: 'Moons', apiKey: null, provider: { webhookSecret: '' } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.secretsSet).toEqual([]);
    expect(await seen()).toMatchObject({ webhookSecretSha256: null, seen: { route: null } });
    expect(await storedSettings()).not.toContain('$kits:secret');
    await putSettings({ apiKey: API_KEY });
  });

  it.each([
    ['a stored envelope sent back', { apiKey: { '$kits:secret': 'v1.00000000.aaaa.bbbb.cccc' } }, 'settings.apiKey'],
    ['an envelope nested anywhere', { provider: { region: 'eu', extra: { '$kits:secret': 'x' } } }, 'settings.provider.extra'],
    ['a secret too short for its schema', { apiKey: 'short' }, 'settings.apiKey'],
    ['a secret that is not a string', { apiKey: 12345678 }, 'settings.apiKey'],
    ['a field the schema does not have', { colour: 'red' }, 'settings.colour'],
  ])('%s is 400 plugins.invalid_settings naming the field, and writes nothing', async (_name, body, field) => {
    const before = { stored: await storedSettings(), audit: await kit.kernel.db.query('select count(*)::int as n from kernel.audit_log') };
    const refused = await putSettings(body);
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('plugins.invalid_settings');
    expect(refused.body.detail).toContain(field);
    expect(refused.body.errors.map((error) => error.field)).toContain(field);
    expect(JSON.stringify(refused.body)).not.toContain('short"');
    expect({ stored: await storedSettings(), audit: await kit.kernel.db.query('select count(*)::int as n from kernel.audit_log') }).toEqual(
      before,
    );
  });

  it("are bound to their tenant: a sealed secret copied into another tenant's row opens for no one", async () => {
    const other = await kit.createTenant();
    await kit.kernel.db.query("update kernel.plugin_installs set settings = $2::jsonb where tenant_id = $1 and plugin_id = 'loyalty'", [
      other.id,
      await storedSettings(),
    ]);
    // Written behind the kernel's back: tell it, as a kernel process does after a change.
    await kit.kernel.coordination.pubsub.publish('kits:plugins:changed', other.id);
    expect((await seen(other.admin.token)).seen.route).toBeNull();
    const detail = await kit.request<{ install: Install }>('GET', '/api/v1/plugins/loyalty', { token: other.admin.token });
    expect(detail.body.install.secretsSet).toEqual([]);
  });
});
