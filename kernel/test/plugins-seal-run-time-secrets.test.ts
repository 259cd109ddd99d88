import type { TenantTransaction } from '@kits/plugin-sdk';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/plugins/tenant-transaction.ts';
import { fixturePlugin } from './support/fixtures.ts';

// `tx.secrets` (SDK SecretBox): a plugin seals what it obtains at run time (an OAuth access token)
// for its own table. The sealed value opens only for the same tenant, plugin and purpose.
describe('run-time secrets a plugin seals', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db: 'pglite', plugins: [fixturePlugin('notes'), fixturePlugin('tally')] });
  });
  afterAll(async () => kit?.close());

  const asPlugin = <T>(pluginId: string, tenantId: string, work: (tx: TenantTransaction) => T | Promise<T>) =>
    kit.kernel.db.transaction({ tenantId, deferred: true }, async (tx) => {
      const pkg = kit.kernel.plugins.catalog.versions(pluginId)[0]!;
      return work(kit.kernel.plugins.tenantTransaction(tx, tenantId, pkg, systemActor(tenantId, pluginId)));
    });

  it('opens what it sealed, and not for another purpose, plugin or tenant; the sealed text does not hold the secret', async () => {
    const token = 'shpat_0123456789abcdef';
    const sealed = await asPlugin('notes', kit.tenant.id, (tx) => tx.secrets.seal('shop.access-token', token));
    expect(sealed).not.toContain(token);
    expect(sealed).not.toContain(Buffer.from(token).toString('base64url'));
    expect(await asPlugin('notes', kit.tenant.id, (tx) => tx.secrets.open('shop.access-token', sealed))).toBe(token);
    expect(await asPlugin('notes', kit.tenant.id, (tx) => tx.secrets.open('shop.refresh-token', sealed))).toBeUndefined();
    expect(await asPlugin('tally', kit.tenant.id, (tx) => tx.secrets.open('shop.access-token', sealed))).toBeUndefined();
    const other = await kit.createTenant();
    expect(await asPlugin('notes', other.id, (tx) => tx.secrets.open('shop.access-token', sealed))).toBeUndefined();
    // Sealing twice gives two different texts (a fresh IV each time).
    const again = await asPlugin('notes', kit.tenant.id, (tx) => tx.secrets.seal('shop.access-token', token));
    expect(again).not.toBe(sealed);
  });

  it('refuses a purpose outside [a-z0-9._-]{1,64} with a 400 that names the rule', async () => {
    const refused = await asPlugin('notes', kit.tenant.id, (tx) => tx.secrets.seal('Shop Token!', 'x')).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, code: 'secrets.bad_purpose' });
  });
});
