import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '../../testing/office-browser.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/plugins/${name}`, import.meta.url));
type Member = {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
  hasPin: boolean;
  grants: Array<{ roleName: string; locationId: string | null }>;
};

/**
 * The kernel's Team pages in Chromium against a real kernel on PostgreSQL: a manager invites a
 * cashier, who signs in and finds Staff and Marketplace closed to them; a PIN is reset; locations
 * are added and changed; the settings page gathers the plugins' panels.
 */
describe('staff, locations and settings in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  const users = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from kernel.users'))[0]!.n;
  const member = async (email: string) =>
    (await kit.request<{ items: Member[] }>('GET', `/api/v1/tenants/current/staff?q=${encodeURIComponent(email)}`)).body.items[0];

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixture('office-extras')], db: 'postgres' });
    url = await kit.kernel.listen();
    await kit.request('POST', '/api/v1/tenants/current/roles', { body: { name: 'Cashier', permissions: ['kernel:audit.read'] } });
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('lists Staff, Devices and Locations under Team & devices, and Settings, Marketplace, API keys, Audit log under Settings', async () => {
    const nav = page.getByRole('navigation', { name: 'Back office' });
    await nav.getByRole('link', { name: 'Staff' }).waitFor();
    const links = await nav.getByRole('link').allTextContents();
    const order = ['Staff', 'Devices', 'Locations', 'Settings', 'Marketplace', 'API keys', 'Audit log'].map((name) =>
      links.findIndex((text) => text.includes(name)),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('invites a cashier: a bad e-mail is shown beside its field and adds nobody; then they are listed with their role', async () => {
    await gotoOffice(page, url, '/staff');
    await page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
    await shootOffice(page, 'kernel-staff');
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('E-mail').fill(kit.tenant.admin.email);
    await dialog.getByLabel('Name').fill('Cara Cashier');
    await dialog.getByLabel('Password').fill('cara-password-1');
    await dialog.getByLabel('Till PIN').fill('1357');
    await dialog.getByLabel('Role').selectOption({ label: 'Cashier' });
    const before = await users();
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await dialog.getByText('is taken by another user of this shop').waitFor();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Cara Cashier');
    expect(await users()).toBe(before);
    await shootOffice(page, 'kernel-staff-invite-refused');

    await dialog.getByLabel('E-mail').fill('cara@shop.test');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Cara Cashier/ }).waitFor();
    const cara = await member('cara@shop.test');
    expect(cara).toMatchObject({ displayName: 'Cara Cashier', active: true, hasPin: true });
    expect(cara!.grants).toEqual([expect.objectContaining({ roleName: 'Cashier', locationId: kit.tenant.locationId })]);
  });

  it('resets a PIN on the person’s page: a short PIN is refused beside the field, a good one lets them sign in on a till', async () => {
    await page.getByRole('row', { name: /Cara Cashier/ }).click();
    await page.getByRole('heading', { name: 'Cara Cashier' }).waitFor();
    await page.getByLabel('New PIN').fill('12');
    await page.getByRole('button', { name: 'Reset PIN' }).click();
    await page.getByRole('form', { name: 'Reset PIN' }).getByRole('alert').first().waitFor();
    await shootOffice(page, 'kernel-staff-member');
    await page.getByLabel('New PIN').fill('8642');
    await page.getByRole('button', { name: 'Reset PIN' }).click();
    await page.getByText('New PIN set for Cara Cashier.').waitFor();
    const device = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
      body: { name: 'Till 1', locationId: kit.tenant.locationId },
    });
    const pinLogin = (pin: string) =>
      kit.request('POST', '/api/v1/auth/pin-login', {
        token: null,
        body: { tenant: kit.tenant.slug, deviceId: device.body.id, email: 'cara@shop.test', pin },
      });
    expect((await pinLogin('1357')).status).toBe(401);
    expect((await pinLogin('8642')).status).toBe(200);
  });

  it('the cashier signs in to the office and cannot open Staff or Marketplace; the kernel refuses them too', async () => {
    const cashier = await openOffice(browser, url, { tenant: kit.tenant.slug, email: 'cara@shop.test', password: 'cara-password-1' });
    const nav = cashier.getByRole('navigation', { name: 'Back office' });
    await nav.getByRole('link', { name: 'Audit log' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Staff' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Marketplace' }).count()).toBe(0);
    for (const [path, permission] of [
      ['/staff', 'kernel:users.manage'],
      ['/marketplace', 'kernel:plugins.manage'],
    ] as const) {
      await gotoOffice(cashier, url, path);
      const refusal = cashier.getByTestId('no-permission');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain(permission);
    }
    await shootOffice(cashier, 'kernel-cashier-no-permission');
    const session = await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      token: null,
      body: { tenant: kit.tenant.slug, email: 'cara@shop.test', password: 'cara-password-1' },
    });
    expect((await kit.request('GET', '/api/v1/tenants/current/staff', { token: session.body.accessToken })).status).toBe(403);
    expect((await kit.request('POST', '/api/v1/plugins/office-extras/disable', { token: session.body.accessToken })).status).toBe(403);
    await cashier.context().close();
  });

  it('deactivates the cashier after a confirmation; they can no longer sign in', async () => {
    await page.getByRole('button', { name: 'Deactivate' }).click();
    const confirm = page.getByRole('dialog', { name: 'Deactivate Cara Cashier?' });
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('Deactivated — cannot sign in').waitFor();
    expect((await member('cara@shop.test'))!.active).toBe(false);
    const login = await kit.request('POST', '/api/v1/auth/login', {
      token: null,
      body: { tenant: kit.tenant.slug, email: 'cara@shop.test', password: 'cara-password-1' },
    });
    expect(login.status).toBe(401);
  });

  it('adds a location and changes it; a blank name is refused beside its field and changes nothing', async () => {
    await gotoOffice(page, url, '/locations');
    await page.getByRole('row', { name: /Main Street Store/ }).waitFor();
    await page.getByRole('button', { name: 'New location' }).click();
    const dialog = page.getByRole('dialog', { name: 'New location' });
    await dialog.getByLabel('Name').fill('Harbour Warehouse');
    await dialog.getByLabel('Kind').selectOption('warehouse');
    await dialog.getByLabel('Address').fill('1 Quay Road\n20457 Hamburg');
    await dialog.getByLabel('Time zone').selectOption('Europe/Berlin');
    await dialog.getByLabel('Tax number').fill('DE123456789');
    await shootOffice(page, 'kernel-location-new');
    await dialog.getByRole('button', { name: 'Add location' }).click();
    await page.getByRole('row', { name: /Harbour Warehouse/ }).waitFor();
    const listed = (
      await kit.request<{ items: Array<{ name: string; addressLines: string[]; timezone: string; taxId: string }> }>(
        'GET',
        '/api/v1/tenants/current/locations',
      )
    ).body.items;
    expect(listed.find((l) => l.name === 'Harbour Warehouse')).toMatchObject({
      addressLines: ['1 Quay Road', '20457 Hamburg'],
      timezone: 'Europe/Berlin',
      taxId: 'DE123456789',
    });
    await page.getByRole('row', { name: /Harbour Warehouse/ }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Harbour Warehouse' });
    await edit.getByLabel('Name').fill('');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByRole('alert').first().waitFor();
    const names = async () =>
      (await kit.request<{ items: Array<{ name: string }> }>('GET', '/api/v1/tenants/current/locations')).body.items.map((l) => l.name);
    expect(await names()).toContain('Harbour Warehouse');
    await edit.getByLabel('Name').fill('Harbour Depot');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('row', { name: /Harbour Depot/ }).waitFor();
    expect(await names()).toEqual(['Main Street Store', 'Harbour Depot']);
    await shootOffice(page, 'kernel-locations');
  });

  it('the settings page lists the shop’s pages and every plugin’s settings panel', async () => {
    await gotoOffice(page, url, '/settings');
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    const shop = page.getByRole('list', { name: 'Shop settings' });
    expect(await shop.getByRole('link').allTextContents()).toEqual([
      'Locations',
      'Staff',
      'Devices',
      'Marketplace',
      'API keys',
      'Audit log',
    ]);
    const panels = page.getByRole('region', { name: 'Plugin settings panels' });
    await panels.locator('[data-slot="office.settings"]').waitFor();
    expect(await panels.locator('[data-slot="office.settings"] > *').count()).toBeGreaterThan(0);
    await shootOffice(page, 'kernel-settings');
  });
});
