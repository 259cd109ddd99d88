import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, officeAdmin, openOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xeroKit, type XeroKit } from '../support.ts';

// A merchant connects Xero from the back office, in Chromium against a real kernel on PostgreSQL
// and the Xero double: Accounting → Xero, Connect sends them to Xero's authorize page (the double's,
// which approves at once and redirects back to /office/xero/connect with code and state), the page
// finishes the connect and shows the organisation; a refresh Xero refused shows Xero's words and a
// Reconnect button; Disconnect forgets the tokens. Each step is checked in the page and in what the
// API holds.

const SHOTS = fileURLToPath(new URL('../../../../docs/screenshots/xero/', import.meta.url));
/** A desk screen and a phone: the page is looked at on both. */
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** Closes the toasts (they come and go: the pictures show the page under them). Not while a dialog is open: it makes them inert. */
async function dismissToasts(page: Page): Promise<void> {
  const dismiss = page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

/** Screenshots of the page at each size (`<name>-<w>x<h>.png`), full page, the viewport put back after. */
async function shoot(page: Page, name: string, options: { dialog?: boolean } = {}): Promise<void> {
  if (!options.dialog) await dismissToasts(page);
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))));
    await page.screenshot({ path: `${SHOTS}${name}-${size.width}x${size.height}.png`, fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

type View = { status: string; organisationName: string | null; currency: string | null; reason: string | null };

describe('a merchant connects Xero from the back office (postgres, Chromium, Xero double)', () => {
  let s: XeroKit;
  let url: string;
  let browser: Browser;
  let page: Page;
  const connection = async () => (await s.kit.request<View>('GET', '/api/v1/xero/connection')).body;
  const heading = (name: string | RegExp) => page.getByRole('heading', { name }).first().waitFor({ timeout: 20_000 });
  const toast = (text: string | RegExp) =>
    page.getByRole('status', { name: 'Notifications' }).getByText(text).first().waitFor({ timeout: 10_000 });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s = await xeroKit('postgres');
    url = await s.kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(s.kit.tenant), SIZES[0]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('finds Xero under Accounting, not connected, with the redirect URI the Xero app must list', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Xero', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Xero' }).waitFor();
    await heading('Not connected');
    expect(await page.getByTestId('redirect-uri').textContent()).toBe(`${url}/office/xero/connect`);
    expect(await page.getByRole('button', { name: 'Disconnect…' }).count()).toBe(0);
    await shoot(page, 'not-connected');
  });

  it('connects through Xero’s authorize page and lands back on the office page with the organisation connected', async () => {
    await page.getByRole('button', { name: 'Connect to Xero' }).click();
    await page.waitForURL(/\/office\/xero\/connect\?code=/, { timeout: 20_000, waitUntil: 'commit' });
    await heading('Connected to Harbour Books Ltd');
    await toast('Connected to Harbour Books Ltd');
    // The code works once: it is gone from the address bar.
    expect(new URL(page.url()).search).toBe('');
    expect(await connection()).toMatchObject({ status: 'connected', organisationName: 'Harbour Books Ltd', currency: 'EUR', reason: null });
    // One code was exchanged at Xero's token endpoint, once.
    expect(s.xero.calls.filter((call) => call.path === '/connect/token').map((call) => call.status)).toEqual([200]);
    await shoot(page, 'connected');

    await page.getByRole('link', { name: /Back to Xero/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Xero' }).waitFor();
    await heading('Connected to Harbour Books Ltd');
    expect(await page.getByText('EUR', { exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Disconnect…' }).waitFor();
    await shoot(page, 'connection');
  });

  it('shows Xero’s words and a Reconnect button when a refresh was refused, and reconnects', async () => {
    s.xero.identity.expireAccessTokens();
    s.xero.identity.refuseRefresh = true;
    // The accounting plugin's next call (through accounting@1) needs a fresh token, and Xero refuses the refresh.
    await expect(s.accounting.accounts()).rejects.toMatchObject({ name: 'AccountingNotConnectedError' });
    expect((await connection()).status).toBe('reconnect_required');
    await page.reload();
    await heading('Reconnect Harbour Books Ltd');
    expect(await page.getByRole('status').filter({ hasText: 'invalid_grant' }).count()).toBeGreaterThan(0);
    await shoot(page, 'reconnect-required');

    await page.getByRole('button', { name: 'Reconnect to Xero' }).click();
    await page.waitForURL(/\/office\/xero\/connect\?code=/, { timeout: 20_000, waitUntil: 'commit' });
    await heading('Connected to Harbour Books Ltd');
    expect(await connection()).toMatchObject({ status: 'connected', reason: null });
    expect((await s.accounting.accounts()).length).toBeGreaterThan(0);
  });

  it('disconnects after a confirmation: the page and the API say disconnected, and Connect is offered again', async () => {
    await page.getByRole('link', { name: /Back to Xero/ }).click();
    await dismissToasts(page);
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Disconnect from Harbour Books Ltd?' }).waitFor();
    await shoot(page, 'disconnect-confirm', { dialog: true });
    await dialog.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await toast('Disconnected from Harbour Books Ltd');
    await heading('Disconnected from Harbour Books Ltd');
    expect(await connection()).toMatchObject({ status: 'disconnected', reason: 'Disconnected in KiTS.' });
    await page.getByRole('button', { name: 'Reconnect to Xero' }).waitFor();
    expect(await page.getByRole('button', { name: 'Disconnect…' }).count()).toBe(0);
    await shoot(page, 'disconnected');
  });
});
