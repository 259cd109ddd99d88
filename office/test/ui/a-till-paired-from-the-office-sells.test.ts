import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from '../../../testing/first-party-plugins.ts';
import { signInOnTill, tillReady } from '../../../till/test/ui/support/till-browser.ts';
import { stockShelf } from '../../../till/test/ui/support/shop.ts';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '../../testing/office-browser.ts';

const extras = fileURLToPath(new URL('../fixtures/plugins/office-extras', import.meta.url));
const CASHIER = { name: 'Cara Cashier', email: 'cara@shop.test', password: 'cara-password-1', pin: '1357' };
const BREAD = { name: 'Flat Bread', sku: 'BAK-FLAT', barcode: '4006381333931', price: 320, quantity: 6 };

/**
 * A merchant's first day in the office, across plugins, in Chromium against a real kernel on
 * PostgreSQL: they invite a cashier, register a till and pair it with the code the office shows;
 * the cashier signs in on that till and sells; the office shows the sale, the till's last contact,
 * and what a third-party plugin adds to the product page — while the cashier's own office account
 * cannot open the staff or marketplace pages.
 */
describe('a till paired from the back office sells, and the office sees it', () => {
  let kit: TestKernel;
  let browser: Browser;
  let office: Page;
  let url: string;
  let pairingCode = '';

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS, extras], db: 'postgres' });
    url = await kit.kernel.listen();
    await kit.request('POST', '/api/v1/tenants/current/roles', {
      body: { name: 'Cashier', permissions: ['core-sales:checkout', 'core-sales:shift'] },
    });
    await stockShelf(kit, [BREAD]);
    browser = await launchChromium();
    office = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name, exact: true });

  it('invites a cashier with a till PIN and a role', async () => {
    await nav(office, 'Staff').click();
    await office.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = office.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('E-mail').fill(CASHIER.email);
    await dialog.getByLabel('Name').fill(CASHIER.name);
    await dialog.getByLabel('Password').fill(CASHIER.password);
    await dialog.getByLabel('Till PIN').fill(CASHIER.pin);
    await dialog.getByLabel('Role').selectOption({ label: 'Cashier' });
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await office.getByRole('row', { name: new RegExp(CASHIER.name) }).waitFor();
    const staff = await kit.request<{ items: Array<{ email: string }> }>('GET', '/api/v1/tenants/current/staff');
    expect(staff.body.items.map((person) => person.email)).toContain(CASHIER.email);
  });

  it('registers a till and shows the code that pairs it', async () => {
    await nav(office, 'Devices').click();
    await office.getByRole('button', { name: 'Register a till' }).click();
    const dialog = office.getByRole('dialog', { name: 'Register a till' });
    await dialog.getByLabel('Till name').fill('Front counter');
    await dialog.getByRole('button', { name: 'Register' }).click();
    const pairing = office.getByRole('dialog', { name: 'Pair Front counter' });
    pairingCode = (await pairing.getByTestId('pairing-code').textContent())!.replace(/\s/g, '');
    expect(pairingCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    await shootOffice(office, 'journey-pairing-code');
    await pairing.getByRole('button', { name: 'Done' }).click();
  });

  it('pairs the till with that code; the cashier signs in there and sells', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const till = await context.newPage();
    till.on('pageerror', (error) => console.error(`[till page error] ${error.message}`));
    await till.goto(`${url}/till/`);
    await till.fill('input[name=code]', pairingCode);
    await till.keyboard.press('Enter');
    await signInOnTill(till, { name: CASHIER.name, email: CASHIER.email, pin: CASHIER.pin });
    await tillReady(till);
    await till.keyboard.type(BREAD.barcode, { delay: 5 });
    await till.keyboard.press('Enter');
    await expect.poll(() => till.locator('[data-testid=cart] tr').count(), { timeout: 15_000 }).toBe(1);
    await till.keyboard.press('Enter');
    await till.getByTestId('tender').waitFor();
    await till.keyboard.press('Enter');
    await till.getByTestId('receipt').waitFor();
    await till.getByTestId('waiting').waitFor({ state: 'detached', timeout: 30_000 });
    await context.close();
    const sales = await kit.request<{ items: Array<{ total: number }> }>('GET', '/api/v1/core-sales/sales');
    expect(sales.body.items.map((sale) => sale.total)).toEqual([BREAD.price]);
  });

  it('shows that sale, with its till and cashier, and the till as seen just now', async () => {
    await nav(office, 'Sales').click();
    const sales = office.getByRole('grid', { name: 'Sales' });
    const row = sales.locator('[role="row"][data-row-key]');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    // The cashier's and till's names come from the staff and device lists, a moment after the sales.
    await expect.poll(() => row.first().textContent(), { timeout: 15_000 }).toContain(CASHIER.name);
    await row.first().click();
    await office.getByRole('heading', { name: /^Receipt / }).waitFor();
    const page = () => office.locator('#office-main').textContent();
    await expect.poll(page, { timeout: 15_000 }).toContain('Front counter');
    await expect.poll(page, { timeout: 15_000 }).toContain(CASHIER.name);
    expect(await page()).toContain('Flat Bread');
    await shootOffice(office, 'journey-sale');
    await nav(office, 'Devices').click();
    const till = office.getByRole('row', { name: /Front counter/ });
    await till.waitFor();
    expect(await till.textContent()).not.toMatch(/Never/i);
    await shootOffice(office, 'journey-devices');
  });

  it('shows what a third-party plugin contributes: its page in the navigation and its action on a product', async () => {
    await nav(office, 'Shelf notes').click();
    await office.getByRole('heading', { name: 'Shelf notes' }).waitFor();
    await gotoOffice(office, url, '/core-inventory/products');
    await office
      .getByRole('grid', { name: 'Products' })
      .getByRole('row', { name: /Flat Bread/ })
      .click();
    await office.getByRole('heading', { name: 'Flat Bread' }).waitFor();
    await office.getByRole('button', { name: 'Print shelf label' }).click();
    await office.getByRole('button', { name: 'Label sent for Flat Bread' }).waitFor();
    await shootOffice(office, 'journey-product-action');
  });

  it('lets the cashier into the office without the staff or marketplace pages', async () => {
    const cashier = await openOffice(
      browser,
      url,
      { tenant: kit.tenant.slug, email: CASHIER.email, password: CASHIER.password },
      { width: 1024, height: 768 },
    );
    const links = await cashier.getByRole('navigation', { name: 'Back office' }).getByRole('link').allTextContents();
    expect(links).not.toContain('Staff');
    expect(links).not.toContain('Marketplace');
    for (const path of ['/staff', '/marketplace']) {
      await gotoOffice(cashier, url, path);
      await cashier.getByTestId('no-permission').waitFor();
    }
    await shootOffice(cashier, 'journey-cashier-refused');
    const refused = await kit.request('GET', '/api/v1/tenants/current/staff', {
      token: (
        await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
          token: null,
          body: { tenant: kit.tenant.slug, email: CASHIER.email, password: CASHIER.password },
        })
      ).body.accessToken,
    });
    expect(refused.status).toBe(403);
  });
});
