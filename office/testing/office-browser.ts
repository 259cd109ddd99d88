import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * What UI tests of back-office pages use (`@kits/office/testing`): Debian's Chromium, a person
 * signed in at /office/, and screenshots at the sizes the office must work at.
 */

/** Where office screenshots go for a person to look at. */
export const OFFICE_SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/office/', import.meta.url));

/** A desk screen and a tablet: every office page is checked at both. */
export const OFFICE_SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
] as const;

/** The system's Chromium: KITS_CHROMIUM, or the first chromium / chromium-browser / google-chrome on PATH. */
function systemChromium(): string {
  if (process.env.KITS_CHROMIUM) return process.env.KITS_CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  throw new Error('No Chromium found: install it (Debian: apt-get install chromium) or set KITS_CHROMIUM to its path.');
}

/** The system's Chromium (Playwright cannot download browsers here), headless, as this machine can run it. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(OFFICE_SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: systemChromium(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Who signs in to the office: the shop (tenant slug), e-mail and password. */
export interface OfficePerson {
  readonly tenant: string;
  readonly email: string;
  readonly password: string;
}

/** The test kernel's admin as an office person: `officeAdmin(kit.tenant)`. */
export const officeAdmin = (tenant: { slug: string; admin: { email: string; password: string } }): OfficePerson => ({
  tenant: tenant.slug,
  email: tenant.admin.email,
  password: tenant.admin.password,
});

/** Fills in the sign-in form as a person does (the page must show it). Does not wait for the office. */
export async function signInToOffice(page: Page, person: OfficePerson): Promise<void> {
  await page.getByLabel('Shop').fill(person.tenant);
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The office has started: navigation drawn, plugins loaded. */
export async function officeReady(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Back office' }).waitFor();
}

/**
 * A new page (own browser context: own storage, so people do not share a session) at the office of
 * the kernel at `url`, signed in as `person`, at `viewport` (the first of OFFICE_SIZES by default).
 * Uncaught errors in the page are printed, so a failing test says why.
 */
export async function openOffice(
  browser: Browser,
  url: string,
  person: OfficePerson,
  viewport: { width: number; height: number } = OFFICE_SIZES[0],
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[office page error] ${error.message}`));
  await page.goto(`${url}/office/`);
  await signInToOffice(page, person);
  await officeReady(page);
  return page;
}

/** Opens an office path (`/core-inventory/products`) as a typed URL would, and waits for the frame. */
export async function gotoOffice(page: Page, url: string, path: string): Promise<void> {
  await page.goto(`${url}/office${path}`);
  await officeReady(page);
}

/** The sizes a plugin's office pages are checked at: a desk screen and a phone. */
export const PAGE_SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/**
 * A `shoot(page, name)` that writes `<folder><prefix><name>-<w>x<h>.png` at each of PAGE_SIZES for a
 * person to look at (a plugin's `docs/screenshots/…`), from the top of the page — a full-page shot
 * of a scrolled page draws the sticky top bar over what is under it — and puts the viewport back.
 * A dialog is shot as the screen shows it (`fullPage: false`): its backdrop covers the viewport.
 */
export function screenshotsIn(folder: string, prefix = '') {
  return async (page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> => {
    mkdirSync(folder, { recursive: true });
    const before = page.viewportSize();
    for (const size of PAGE_SIZES) {
      await page.setViewportSize(size);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))));
      await page.screenshot({ path: join(folder, `${prefix}${name}-${size.width}x${size.height}.png`), fullPage });
    }
    if (before) await page.setViewportSize(before);
  };
}

/**
 * Screenshots of what `page` shows at each of OFFICE_SIZES (`<name>-1440x900.png`, …), full page;
 * the viewport is put back afterwards. Waits for fonts and pending renders first.
 */
export async function shootOffice(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of OFFICE_SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))));
    await page.screenshot({ path: `${OFFICE_SCREENSHOTS}${name}-${size.width}x${size.height}.png`, fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}
