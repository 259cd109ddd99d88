import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestKernel, TEST_OPERATOR, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '../../testing/office-browser.ts';

/** Test plugins of the kernel: loyalty (1.0.0 and 1.1.0, settings of every kind with defaults) and gift-cards (a required setting without one). */
const kernelFixture = (name: string) => fileURLToPath(new URL(`../../../kernel/test/fixtures/plugins/${name}`, import.meta.url));

const API_KEY = 'sk_live_marketplace_4417';
const WEBHOOK_SECRET = 'whsec_marketplace_93';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The marketplace in the back office, as a merchant and an operator use it (it moved here from the
 * till): find a plugin, read what it asks for, install it, configure it, turn it off and on, pin a
 * version; and a plugin that cannot run without a setting gets its settings form before it is enabled.
 */
describe('the marketplace in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;

  const install = async (pluginId: string) => {
    const [row] = await kit.kernel.db.query<{ resolved_version: string; enabled: boolean; settings: string }>(
      'select resolved_version, enabled, settings::text as settings from kernel.plugin_installs where tenant_id = $1 and plugin_id = $2',
      [kit.tenant.id, pluginId],
    );
    return row;
  };
  const state = () => page.getByTestId('plugin-state');
  const results = () => page.getByTestId('marketplace-results');

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [kernelFixture('loyalty-1'), kernelFixture('loyalty-2'), kernelFixture('gift-cards')],
      enable: false,
      db: 'postgres',
      // A withdrawn release is noticed within a second (D-230).
      env: { YANK_CHECK_SECONDS: '1' },
    });
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('lists what the registry offers and searches it', async () => {
    await gotoOffice(page, url, '/marketplace');
    await results().locator('li').nth(1).waitFor();
    expect(await results().getByTestId('plugin-name').allTextContents()).toEqual(['Gift cards', 'Loyalty points']);
    expect(await results().locator('li', { hasText: 'Loyalty points' }).textContent()).toContain('Not installed');
    await shootOffice(page, 'kernel-marketplace');

    await page.getByLabel('Search plugins').fill('points');
    await expect.poll(() => results().getByTestId('plugin-name').allTextContents()).toEqual(['Loyalty points']);
    expect(await results().getByTestId('plugin-meta').textContent()).toBe('loyalty 1.1.0 · local · asks for 3 permissions');
    await page.getByLabel('Search plugins').fill('nothing like this');
    await page.getByText('No plugin matches “nothing like this”.').waitFor();
    await page.getByLabel('Search plugins').fill('points');
    await results()
      .getByRole('link', { name: /Loyalty points/ })
      .click();
  });

  it("opens a plugin's page: what it does, its publisher, the permissions it asks for and its versions", async () => {
    await page.getByRole('heading', { name: 'Loyalty points' }).waitFor();
    expect(page.url()).toBe(`${url}/office/marketplace/loyalty`);
    expect(await page.getByText('loyalty · latest 1.1.0 · by This installation (local)').count()).toBe(1);
    expect(await page.getByText('Customers collect points on every sale').count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Permissions' }).locator('code').allTextContents()).toEqual([
      'loyalty:award',
      'loyalty:redeem',
      'loyalty:report',
    ]);
    const versions = page.getByRole('grid', { name: 'Versions' });
    await versions.getByRole('row').nth(2).waitFor();
    expect(await versions.getByRole('row').nth(1).textContent()).toContain('1.1.0');
    expect(await versions.getByRole('row').nth(2).textContent()).toContain('1.0.0');
    expect(await state().textContent()).toBe('Not installed');
    await shootOffice(page, 'kernel-marketplace-plugin');
  });

  it('installs only after a confirmation listing the permissions', async () => {
    await page.getByRole('button', { name: 'Install…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Loyalty points 1.1.0?' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('install-permissions').locator('li').allTextContents()).toEqual([
      'loyalty:award',
      'loyalty:redeem',
      'loyalty:report',
    ]);
    // Its required settings all have defaults: no settings form before it runs.
    expect(await dialog.getByRole('form', { name: 'Plugin settings' }).count()).toBe(0);
    await shootOffice(page, 'kernel-marketplace-install');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await install('loyalty')).toBeUndefined();

    await page.getByRole('button', { name: 'Install…' }).click();
    await page.getByRole('button', { name: 'Install and enable' }).click();
    await expect.poll(() => state().textContent(), { timeout: 15_000 }).toBe('Enabled · 1.1.0');
    expect(await install('loyalty')).toMatchObject({ resolved_version: '1.1.0', enabled: true });
  });

  it('draws the settings form from the schema, shows the kernel’s problems beside their fields, then saves with secrets sealed', async () => {
    const form = page.getByRole('form', { name: 'Plugin settings' });
    await form.waitFor();
    expect(await form.getByLabel('Programme name').inputValue()).toBe('Points');
    expect(await form.getByLabel('Mode').inputValue()).toBe('test');
    expect(await form.getByLabel('Print the balance on receipts').isChecked()).toBe(true);
    expect(await form.getByLabel('API key').getAttribute('type')).toBe('password');

    const before = (await install('loyalty'))!.settings;
    await form.getByLabel('Store code').fill('abc');
    await form.getByLabel('Points per euro').fill('500');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Not saved: 2 settings need another look (marked below).').waitFor();
    expect(await form.getByText('must match pattern "^[A-Z]{3}$"').count()).toBe(1);
    expect(await form.getByText('must be <= 100').count()).toBe(1);
    expect(await form.getByLabel('Store code').inputValue()).toBe('abc');
    expect((await install('loyalty'))!.settings).toBe(before);
    await shootOffice(page, 'kernel-marketplace-settings-refused');

    await form.getByLabel('Store code').fill('ABC');
    await form.getByLabel('Points per euro').fill('5');
    await form.getByLabel('Mode').selectOption('live');
    await form.getByLabel('Print the balance on receipts').uncheck();
    await form.getByLabel('API key').fill(API_KEY);
    await form.getByLabel('Webhook secret').fill(WEBHOOK_SECRET);
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await expect.poll(async () => page.getByTestId('secrets-set').textContent(), { timeout: 15_000 }).toContain('API key');
    expect(await form.getByLabel('API key').inputValue()).toBe('');

    const stored = (await install('loyalty'))!.settings;
    expect(stored).not.toContain(API_KEY);
    expect(JSON.parse(stored)).toMatchObject({ storeCode: 'ABC', pointsPerEuro: 5, mode: 'live', printOnReceipt: false });
    const seen = await kit.request<{ seen: { route: string }; webhookSecretSha256: string }>('GET', '/api/v1/loyalty/seen');
    expect(seen.body).toMatchObject({ seen: { route: sha256(API_KEY) }, webhookSecretSha256: sha256(WEBHOOK_SECRET) });
    await page.reload();
    await page.getByRole('form', { name: 'Plugin settings' }).getByLabel('Store code').waitFor();
    expect(await page.getByRole('form', { name: 'Plugin settings' }).getByLabel('Store code').inputValue()).toBe('ABC');
    expect(await page.content()).not.toContain(API_KEY);
    await shootOffice(page, 'kernel-marketplace-settings');
  });

  it('disables and enables again', async () => {
    await page.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => state().textContent(), { timeout: 15_000 }).toBe('Disabled · 1.1.0');
    expect((await kit.request('GET', '/api/v1/loyalty/seen')).status).toBe(404);
    await page.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => state().textContent(), { timeout: 15_000 }).toBe('Enabled · 1.1.0');
    expect((await kit.request('GET', '/api/v1/loyalty/seen')).status).toBe(200);
  });

  it('an operator signs in on the page and pins the shop to a version; the secrets stay', async () => {
    await page.getByRole('button', { name: 'Operator: pin a version…' }).click();
    await page.getByLabel('Operator e-mail').fill(TEST_OPERATOR.email);
    await page.getByLabel('Operator password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in as operator' }).click();
    await page.getByRole('form', { name: 'Operator sign-in' }).getByRole('alert').first().waitFor();
    await page.getByLabel('Operator password').fill(TEST_OPERATOR.password);
    await page.getByRole('button', { name: 'Sign in as operator' }).click();
    await page.getByLabel('Version or range').fill('^7');
    await page.getByRole('button', { name: 'Pin for this shop' }).click();
    await page.getByText('No version of "loyalty" matches "^7"', { exact: false }).waitFor();
    await page.getByLabel('Version or range').fill('1.0.0');
    await page.getByRole('button', { name: 'Pin for this shop' }).click();
    await page.getByText('Pinned to 1.0.0: the shop runs 1.0.0.').waitFor();
    await expect.poll(() => state().textContent(), { timeout: 15_000 }).toBe('Enabled · 1.0.0');
    expect(await page.getByRole('region', { name: 'Permissions' }).locator('code').allTextContents()).toEqual([
      'loyalty:award',
      'loyalty:redeem',
    ]);
    const seen = await kit.request<{ seen: { route: string } }>('GET', '/api/v1/loyalty/seen');
    expect(seen.body.seen.route).toBe(sha256(API_KEY));
    await shootOffice(page, 'kernel-marketplace-operator-pin');
  });

  it('a plugin whose required setting has no default opens its settings form first, and is enabled only with it', async () => {
    await gotoOffice(page, url, '/marketplace/gift-cards');
    await page.getByRole('heading', { name: 'Gift cards' }).waitFor();
    await page.getByRole('button', { name: 'Install…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Gift cards 1.0.0?' });
    const form = dialog.getByRole('form', { name: 'Plugin settings' });
    await form.getByLabel('Provider account').waitFor();

    await dialog.getByRole('button', { name: 'Install and enable' }).click();
    await dialog.getByText('is required').waitFor();
    expect(await install('gift-cards')).toBeUndefined();
    await form.getByLabel('Provider account').fill('12345');
    await dialog.getByRole('button', { name: 'Install and enable' }).click();
    await dialog.getByText('must match pattern "^GC-[0-9]{6}$"').waitFor();
    expect(await form.getByLabel('Provider account').inputValue()).toBe('12345');
    expect(await install('gift-cards')).toBeUndefined();
    await shootOffice(page, 'kernel-marketplace-install-needs-settings');

    await form.getByLabel('Provider account').fill('GC-123456');
    await form.getByLabel('API token').fill('tok_gift_0001');
    await dialog.getByRole('button', { name: 'Install and enable' }).click();
    await expect.poll(() => state().textContent(), { timeout: 15_000 }).toBe('Enabled · 1.0.0');
    const row = (await install('gift-cards'))!;
    expect(row.enabled).toBe(true);
    expect(row.settings).not.toContain('tok_gift_0001');
    expect((await kit.request('GET', '/api/v1/gift-cards/account')).body).toEqual({
      accountId: 'GC-123456',
      maximumCard: 50000,
      tokenSet: true,
    });
    expect(await page.getByRole('form', { name: 'Plugin settings' }).getByLabel('Provider account').inputValue()).toBe('GC-123456');
  });

  it('a release the shop runs is withdrawn by its publisher: KiTS moves the shop to the newest release left and both pages say so', async () => {
    const pinned = await kit.request<{ version: string }>('PUT', `/api/v1/tenants/${kit.tenant.id}/plugins/loyalty`, {
      token: kit.operatorToken,
      body: { version: '^1' },
    });
    expect(pinned.body.version).toBe('1.1.0');
    await kit.kernel.registry!.yank('loyalty', '1.1.0', 'awards points twice on refunds', { operator: true });
    await expect.poll(async () => (await install('loyalty'))?.resolved_version, { timeout: 20_000 }).toBe('1.0.0');

    await gotoOffice(page, url, '/marketplace/loyalty');
    const notice = page.getByTestId('install-notice');
    await notice.waitFor();
    expect(await page.getByText('KiTS moved this plugin to 1.0.0').count()).toBe(1);
    expect(await notice.textContent()).toBe(
      'loyalty 1.1.0 was withdrawn by its publisher (awards points twice on refunds); KiTS moved this shop to 1.0.0, the newest release "^1" allows.',
    );
    expect(await state().textContent()).toBe('Enabled · 1.0.0');
    expect(await page.getByRole('grid', { name: 'Versions' }).getByRole('row').nth(1).textContent()).toContain(
      'withdrawn: awards points twice on refunds',
    );
    await shootOffice(page, 'kernel-marketplace-release-withdrawn');

    await gotoOffice(page, url, '/marketplace');
    const tile = results().locator('li', { hasText: 'Loyalty points' });
    await tile.getByText('Changed by KiTS: see the notice').waitFor();
    expect(await results().locator('li', { hasText: 'Gift cards' }).getByText('Changed by KiTS').count()).toBe(0);

    // The shop turning the plugin off and on again has read it: the notice goes.
    await tile.getByRole('link').click();
    await page.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => state().textContent(), { timeout: 15_000 }).toBe('Disabled · 1.0.0');
    expect(await page.getByTestId('install-notice').count()).toBe(0);
  });
});
