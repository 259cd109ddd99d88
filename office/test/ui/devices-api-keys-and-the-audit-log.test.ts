import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '../../testing/office-browser.ts';

type Device = { id: string; name: string; paired: boolean; lastSeenAt: string | null; pendingEvents: number | null };
type ApiKey = { id: string; name: string; revokedAt: string | null };

/**
 * The kernel's Devices, API keys and Audit log pages in Chromium against a real kernel on
 * PostgreSQL: register a till and pair it with the code shown; create an API key whose secret
 * is shown once, then revoke it; find a change in the audit log by person, action and date.
 */
describe('devices, API keys and the audit log in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  const devices = async () => (await kit.request<{ items: Device[] }>('GET', '/api/v1/tenants/current/devices')).body.items;
  const keys = async () => (await kit.request<{ items: ApiKey[] }>('GET', '/api/v1/auth/api-keys')).body.items;

  beforeAll(async () => {
    kit = await createTestKernel({ db: 'postgres' });
    url = await kit.kernel.listen();
    await kit.request('POST', '/api/v1/tenants/current/staff', {
      body: { email: 'sam@shop.test', displayName: 'Sam Shiftlead', pin: '4321' },
    });
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('registers a till at a location (a blank name is refused beside its field) and shows its pairing code big, with its expiry', async () => {
    await gotoOffice(page, url, '/devices');
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await page.getByRole('button', { name: 'Register a till' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register a till' });
    await dialog.getByLabel('Till name').fill('   ');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await dialog.getByRole('alert').first().waitFor();
    expect(await devices()).toEqual([]);
    await dialog.getByLabel('Till name').fill('Front counter');
    expect(await dialog.getByLabel('Location').inputValue()).toBe(kit.tenant.locationId);
    await dialog.getByRole('button', { name: 'Register' }).click();

    const pairing = page.getByRole('dialog', { name: 'Pair Front counter' });
    const code = pairing.getByTestId('pairing-code');
    await code.waitFor();
    const shown = (await code.textContent())!.replace(/\s/g, '');
    expect(shown).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(await pairing.getByTestId('pairing-expiry').textContent()).toMatch(/^Works once, for 1[45]:\d\d more/);
    await shootOffice(page, 'kernel-devices-pairing-code');

    // The code pairs the till: the kernel answers the device the page registered.
    const [device] = await devices();
    expect(device).toMatchObject({ name: 'Front counter', paired: false, lastSeenAt: null });
    const paired = await kit.request<{ deviceId: string }>('POST', '/api/v1/auth/pair', { token: null, body: { code: shown } });
    expect(paired.status).toBe(200);
    expect(paired.body.deviceId).toBe(device!.id);
    await pairing.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: /Front counter/ });
    await row.getByText('Online').waitFor();
  });

  it("shows each till's last seen and how many events it waits to send", async () => {
    const [device] = await devices();
    const session = await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/pin-login', {
      token: null,
      body: { tenant: kit.tenant.slug, deviceId: device!.id, email: 'sam@shop.test', pin: '4321' },
    });
    // The till's push agent reports what it still holds with its requests.
    await kit.request('GET', '/api/v1/auth/me', {
      token: null,
      headers: { authorization: `Bearer ${session.body.accessToken}`, 'kits-pending-events': '3' },
    });
    await expect.poll(async () => (await devices())[0]!.pendingEvents).toBe(3);
    await page.reload();
    const row = page.getByRole('row', { name: /Front counter/ });
    await row.getByText('3 events').waitFor();
    expect(await row.textContent()).toContain('Main Street Store');
    await shootOffice(page, 'kernel-devices');
  });

  it('creates an API key: its secret is shown once and works; revoking it after a confirmation stops it', async () => {
    await gotoOffice(page, url, '/api-keys');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: 'New API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.getByLabel('Name').fill('Web shop');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    // No permission ticked: refused, nothing created.
    await dialog.getByRole('alert').first().waitFor();
    expect(await keys()).toEqual([]);
    await dialog.getByLabel('kernel:audit.read').check();
    await shootOffice(page, 'kernel-api-key-new');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const shownOnce = page.getByRole('dialog', { name: 'Copy your new API key' });
    const secret = (await shownOnce.getByTestId('api-key-secret').textContent())!;
    expect(secret).toMatch(/^kits_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    await shootOffice(page, 'kernel-api-key-secret');
    const withKey = await kit.request('GET', '/api/v1/tenants/current/audit', {
      token: null,
      headers: { authorization: `ApiKey ${secret}` },
    });
    expect(withKey.status).toBe(200);
    await shownOnce.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByRole('row', { name: /Web shop/ });
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Revoke Web shop' }).click();
    await page.getByRole('dialog', { name: 'Revoke Web shop?' }).getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(async () => (await keys())[0]!.revokedAt).not.toBeNull();
    await page.getByRole('row', { name: /Web shop/ }).waitFor({ state: 'detached' });
    await shootOffice(page, 'kernel-api-keys');
    const refused = await kit.request('GET', '/api/v1/tenants/current/audit', {
      token: null,
      headers: { authorization: `ApiKey ${secret}` },
    });
    expect(refused.status).toBe(401);
  });

  it('filters the audit log by person, action and date', async () => {
    await gotoOffice(page, url, '/audit');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const grid = page.getByRole('grid', { name: 'Audit log' });
    await grid.getByText('Registered a till').waitFor();
    await shootOffice(page, 'kernel-audit');

    await page.getByLabel('Action').selectOption({ label: 'Revoked an API key' });
    await expect.poll(() => grid.getByRole('row').count()).toBe(2); // the header and one entry
    expect(await grid.getByRole('row').nth(1).textContent()).toContain('Test Admin');

    await page.getByLabel('Action').selectOption({ label: 'Any action' });
    await page.getByLabel('Person').selectOption({ label: 'Sam Shiftlead' });
    await grid.getByText('Nothing matches these filters.').waitFor();

    await page.getByLabel('Person').selectOption({ label: 'Test Admin' });
    await grid.getByText('Made a pairing code').waitFor();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await page.getByLabel('From').fill(day);
    await grid.getByText('Nothing matches these filters.').waitFor();
    await shootOffice(page, 'kernel-audit-filtered');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await grid.getByText('Registered a till').waitFor();
  });
});
