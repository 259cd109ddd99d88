import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice, signInToOffice } from '../../testing/office-browser.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/plugins/${name}`, import.meta.url));

/**
 * The back office's frame as a merchant meets it, in Chromium against a real kernel on
 * PostgreSQL: sign-in, the navigation plugins contribute, the one search box, the location
 * switcher, light and dark — and a plugin's fault kept in its own box.
 */
describe('the back office draws the pages plugins contribute', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [fixture('office-extras'), fixture('office-broken')],
      db: 'postgres',
    });
    url = await kit.kernel.listen();
    await kit.request('POST', '/api/v1/tenants/current/locations', { body: { name: 'Harbour Warehouse', kind: 'warehouse' } });
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('refuses a wrong password on the sign-in form, keeping what was typed, and signs in with the right one', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const signIn = await context.newPage();
    await signIn.goto(`${url}/office/`);
    await signInToOffice(signIn, { ...officeAdmin(kit.tenant), password: 'not-the-password' });
    await signIn.getByRole('alert').waitFor();
    expect(await signIn.getByRole('alert').textContent()).toMatch(/password/i);
    expect(await signIn.getByLabel('Shop').inputValue()).toBe(kit.tenant.slug);
    expect(await signIn.getByLabel('E-mail').inputValue()).toBe(kit.tenant.admin.email);
    await shootOffice(signIn, 'sign-in-refused');
    await signIn.getByLabel('Password').fill(kit.tenant.admin.password);
    await signIn.getByRole('button', { name: 'Sign in', exact: true }).click();
    await signIn.getByRole('navigation', { name: 'Back office' }).waitFor();
    await context.close();
  });

  it('lists the plugins’ pages in the navigation and opens them; the dashboard shows their cards', async () => {
    const nav = page.getByRole('navigation', { name: 'Back office' });
    await nav.getByRole('link', { name: 'Shelf notes' }).waitFor();
    expect(await page.getByTestId('shelf-notes-card').textContent()).toBe('Shelf notes are up to date.');
    await shootOffice(page, 'dashboard');
    await nav.getByRole('link', { name: 'Shelf notes' }).click();
    await page.getByRole('heading', { name: 'Shelf notes' }).waitFor();
    expect(page.url()).toBe(`${url}/office/office-extras/notes`);
    expect(await nav.getByRole('link', { name: 'Shelf notes' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('button', { name: 'Add a shelf note' }).click();
    await page.getByText('1 shelf notes').waitFor();
    await shootOffice(page, 'plugin-page');
  });

  it('keeps a page that throws inside its error box, and a plugin that fails to start out with a note', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Shelf plan' }).click();
    const box = page.getByTestId('contribution-error');
    await box.waitFor();
    expect(await box.textContent()).toContain('Shelf extras stopped working here.');
    expect(await box.textContent()).toContain('the shelf plan could not be drawn');
    // The frame around it still works.
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Shelf notes' }).click();
    await page.getByRole('heading', { name: 'Shelf notes' }).waitFor();
    const failures = page.getByRole('status').filter({ hasText: 'Broken reports' });
    expect(await failures.textContent()).toContain('the reports database is not configured');
    // What the failing plugin contributed before it threw is left out.
    expect(await page.getByRole('link', { name: 'Half made' }).count()).toBe(0);
  });

  it('focuses the search box with / and opens what it finds with the keyboard', async () => {
    await page.locator('body').click({ position: { x: 600, y: 400 } });
    await page.keyboard.press('/');
    const box = page.getByRole('combobox', { name: /Search/ });
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('aisle');
    await page.getByRole('option', { name: /Aisle 4 needs facing/ }).waitFor();
    await shootOffice(page, 'search');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/office/office-extras/notes`);
  });

  it('opens pages with g and their letter, switches location and theme, and remembers both', async () => {
    await gotoOffice(page, url, '/');
    // The plugin's page (and its g-key) is in the navigation once its bundle has loaded.
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Shelf notes' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('n');
    await page.waitForURL(`${url}/office/office-extras/notes`);
    const switcher = page.getByLabel('Location');
    expect(await switcher.locator('option').allTextContents()).toEqual(['All locations', 'Main Street Store', 'Harbour Warehouse']);
    await switcher.selectOption({ label: 'Harbour Warehouse' });
    await page.getByLabel('Appearance').selectOption('dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await gotoOffice(page, url, '/');
    expect(await page.getByRole('heading', { name: /Good to see you/ }).textContent()).toBeTruthy();
    expect(await page.getByText('At Harbour Warehouse').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shootOffice(page, 'dashboard-dark');
    await page.getByLabel('Appearance').selectOption('light');
  });

  it('says so when a page does not exist or the person may not open it', async () => {
    await gotoOffice(page, url, '/office-extras/nowhere');
    await page.getByText('There is no page here').waitFor();
    // The admin holds every permission; a person without office-extras:notes gets the refusal.
    const cashier = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
      body: { email: 'sam@shop.test', displayName: 'Sam Cashier', password: 'sam-password-1' },
    });
    expect(cashier.status).toBe(201);
    const staff = await openOffice(
      browser,
      url,
      { tenant: kit.tenant.slug, email: 'sam@shop.test', password: 'sam-password-1' },
      { width: 1024, height: 768 },
    );
    expect(await staff.getByRole('link', { name: 'Private notes' }).count()).toBe(0);
    await gotoOffice(staff, url, '/office-extras/private');
    await staff.getByTestId('no-permission').waitFor();
    expect(await staff.getByTestId('no-permission').textContent()).toContain('office-extras:notes');
    await shootOffice(staff, 'no-permission');
  });
});
