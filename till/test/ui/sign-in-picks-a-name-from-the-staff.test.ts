import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, tillReady } from './support/till-browser.ts';

/** A paired till lists the staff of its store: a cashier picks their name and types only their PIN. */
describe('signing in by picking a name, as cashiers do it', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;

  const staff = () => page.getByRole('group', { name: 'Who is signing in?' });
  const signOut = async () => {
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Sign out (another cashier)' }).click();
    await staff().waitFor();
  };

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS] });
    url = await kit.kernel.listen();
    await stockShelf(kit, [{ name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 20 }]);
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    // Another store's cashier is not listed here.
    const harbour = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
      body: { name: 'Harbour Store', kind: 'store' },
    });
    await kit.signInTill({ locationId: harbour.body.id, permissions: ['core-sales:checkout'] });
    const role = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
      body: { name: 'Store manager', permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:discount'] },
    });
    const manager = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
      body: { email: 'maria@shop.test', displayName: 'Maria Manager', pin: '8642' },
    });
    await kit.request('POST', `/api/v1/tenants/current/users/${manager.body.id}/grants`, {
      body: { roleId: role.body.id, locationId: kit.tenant.locationId },
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[till page error] ${error.message}`));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('once paired, the till lists its store’s staff; arrows and Enter pick a name, then the PIN signs in', async () => {
    const pairing = await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/devices/${till.deviceId}/pairing-code`);
    await page.goto(`${url}/till/`);
    await page.fill('input[name=code]', pairing.body.code);
    await page.keyboard.press('Enter');
    await staff().waitFor();
    expect(await staff().getByRole('button').allTextContents()).toEqual(['C1Cashier 1', 'MMMaria Manager']);
    // No e-mail field until asked for: the names are the way in.
    expect(await page.locator('input[name=email]').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}sign-in-staff-1024x768.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SCREENSHOTS}sign-in-staff-1280x800.png` });
    await page.setViewportSize({ width: 1024, height: 768 });

    // The first name has the focus: down to Maria and back up, Enter picks; Esc goes back to the names.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByTestId('signing-in').filter({ hasText: 'Cashier 1' }).waitFor();
    await page.keyboard.press('Escape');
    await staff().waitFor();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByTestId('signing-in').filter({ hasText: 'Cashier 1' }).waitFor();
    await page.keyboard.type('1111');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'The PIN is wrong (4 tries left before the PIN locks).' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}sign-in-staff-pin-1024x768.png` });
    await page.keyboard.type(till.pin);
    await page.keyboard.press('Enter');
    await tillReady(page);
    expect(await page.locator('.till-bar .who').textContent()).toBe('Cashier 1');
  });

  it('“Sign in with e-mail” is the fallback; the till still shows the name the list gives', async () => {
    await signOut();
    await page.getByRole('button', { name: 'Sign in with e-mail' }).click();
    await page.fill('input[name=email]', 'maria@shop.test');
    await page.fill('input[name=pin]', '8642');
    await page.keyboard.press('Enter');
    await tillReady(page);
    expect(await page.locator('.till-bar .who').textContent()).toBe('Maria Manager');
  });

  it('offline, a restarted till lists the staff it kept, and a picked cashier’s PIN is checked on the till', async () => {
    await signOut();
    await context.setOffline(true);
    await page.reload();
    await staff().waitFor();
    expect(await staff().getByRole('button').allTextContents()).toEqual(['C1Cashier 1', 'MMMaria Manager']);
    await staff().getByRole('button', { name: 'Maria Manager' }).click();
    await page.fill('input[name=pin]', '8642');
    await page.keyboard.press('Enter');
    await tillReady(page);
    expect(await page.getByTestId('connection').textContent()).toBe('Offline');
    expect(await page.locator('.till-bar .who').textContent()).toBe('Maria Manager');
    await context.setOffline(false);
  });
});
