import { randomBytes } from 'node:crypto';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSecretContext } from '../src/auth/identity/identity-providers.ts';
import { openSettings, SettingsCipher } from '../src/plugins/plugin-settings.ts';
import { resealSecrets } from '../src/secrets/reseal.ts';
import { fixturePlugin } from './support/fixtures.ts';

const oldKey = randomBytes(36).toString('base64url');
const newKey = randomBytes(36).toString('base64url');

/**
 * After PLUGIN_SETTINGS_KEY changes (the old one in PLUGIN_SETTINGS_KEY_PREVIOUS), `secrets:reseal`
 * seals every secret the kernel holds under the new key — plugins' secret settings, identity
 * providers' client secrets — so the old key can be dropped; it counts what plugins sealed in
 * their own tables, which only they can seal again (docs/operations.md, rotating secrets).
 */
describe('sealing the secrets again under a new settings key', () => {
  let kit: TestKernel;
  const rotated = new SettingsCipher(newKey, [oldKey]);
  const settings = async () => {
    const [row] = await kit.kernel.db.query<{ settings: Record<string, unknown> }>(
      "select settings from kernel.plugin_installs where tenant_id = $1 and plugin_id = 'loyalty'",
      [kit.tenant.id],
    );
    return row!.settings;
  };
  const clientSecret = async () =>
    (
      await kit.kernel.db.query<{ sealed: string }>(
        'select client_secret_sealed as sealed from kernel.identity_providers where tenant_id = $1',
        [kit.tenant.id],
      )
    )[0]!.sealed;

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [fixturePlugin('loyalty-1')],
      db: 'postgres',
      env: { PLUGIN_SETTINGS_KEY: oldKey },
      settings: { loyalty: { apiKey: 'sk_live_reseal_1', provider: { region: 'eu', webhookSecret: 'whsec_reseal_2' } } },
    });
    const old = new SettingsCipher(oldKey);
    await kit.kernel.db.query(
      `insert into kernel.identity_providers (tenant_id, name, issuer, client_id, client_secret_sealed) values ($1, 'Company', 'https://id.example.test', 'kits', $2)`,
      [kit.tenant.id, old.seal('client-secret-3', clientSecretContext(kit.tenant.id))],
    );
    // As a plugin's run-time secret in its own table (tx.secrets): only the plugin knows what it is for.
    await kit.kernel.db.query("insert into loyalty.seen (tenant_id, kind, api_key_sha256) values ($1, 'sealed', $2)", [
      kit.tenant.id,
      old.seal('oauth-token', 'plugin-purpose'),
    ]);
  }, 120_000);
  afterAll(async () => kit?.close());

  it('a dry run counts and changes nothing', async () => {
    const before = { settings: await settings(), secret: await clientSecret() };
    const report = await resealSecrets(kit.kernel.db, rotated, { dryRun: true });
    expect(report).toEqual({
      resealed: { 'kernel.plugin_installs.settings': 2, 'kernel.identity_providers.client_secret_sealed': 1 },
      unreadable: {},
      pluginHeld: { 'loyalty.seen.api_key_sha256': 1 },
    });
    expect({ settings: await settings(), secret: await clientSecret() }).toEqual(before);
  });

  it('moves every kernel-held secret to the new key: it opens without the old one, and a second run finds nothing', async () => {
    const report = await resealSecrets(kit.kernel.db, rotated, { dryRun: false });
    expect(report.resealed).toEqual({ 'kernel.plugin_installs.settings': 2, 'kernel.identity_providers.client_secret_sealed': 1 });

    const onlyNew = new SettingsCipher(newKey);
    const opened = openSettings(onlyNew, kit.tenant.id, 'loyalty', await settings());
    expect(opened.unreadable).toEqual([]);
    expect(opened.settings).toMatchObject({ apiKey: 'sk_live_reseal_1', provider: { region: 'eu', webhookSecret: 'whsec_reseal_2' } });
    expect(onlyNew.open(await clientSecret(), clientSecretContext(kit.tenant.id))).toBe('client-secret-3');

    const again = await resealSecrets(kit.kernel.db, rotated, { dryRun: false });
    expect(again).toEqual({ resealed: {}, unreadable: {}, pluginHeld: { 'loyalty.seen.api_key_sha256': 1 } });
  });
});
