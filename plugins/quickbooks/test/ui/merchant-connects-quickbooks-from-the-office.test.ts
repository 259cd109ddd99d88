import { fileURLToPath } from 'node:url';
import { AccountingNotConnectedError } from '@kits/plugin-sdk';
import { launchChromium, officeAdmin, openOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connection, quickBooksKit, type QuickBooksKit } from '../support.ts';

// A merchant connects QuickBooks Online from the back office, in Chromium against a real kernel on
// PostgreSQL and the QuickBooks double: Connect sends them to Intuit's authorize page (the double's,
// which approves and redirects back to the office page with code, state and realmId), the page
// finishes the connect; a revoked connection shows Intuit's words and a Reconnect button; Disconnect
// forgets the tokens. Each step is checked in the page and in what the API holds.

const SHOTS = fileURLToPath(new URL('../../../../docs/screenshots/quickbooks/', import.meta.url));
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** Screenshots of the page at each size (`<name>-<w>x<h>.png`), full page, the viewport put back after. */
async function shoot(page: Page, name: string): Promise<void> {
  const dismiss = page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))));
    await page.screenshot({ path: `${SHOTS}${name}-${size.width}x${size.height}.png`, fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

describe('a merchant connects QuickBooks from the back office (postgres, Chromium, QuickBooks double)', () => {
  let s: QuickBooksKit;
  let url: string;
  let browser: Browser;
  let page: Page;
  const heading = (name: string | RegExp) => page.getByRole('heading', { name }).first().waitFor({ timeout: 20_000 });

  beforeAll(async () => {
    s = await quickBooksKit('postgres');
    url = await s.kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(s.kit.tenant), SIZES[0]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('finds QuickBooks under Accounting, not connected, with the redirect URI to give the Intuit app', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'QuickBooks', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'QuickBooks Online' }).waitFor();
    await heading('Not connected');
    expect(await page.getByTestId('redirect-uri').textContent()).toBe(`${url}/office/quickbooks/`);
    await shoot(page, 'not-connected');
  });

  it('connects through Intuit’s authorize page and lands back on the page connected', async () => {
    await page.getByRole('button', { name: 'Connect to QuickBooks' }).click();
    await page.waitForURL(/\/office\/quickbooks\/?\?code=/, { timeout: 20_000, waitUntil: 'commit' });
    await heading('Connected to Front Street Goods');
    // The code works once: it is gone from the address bar.
    expect(new URL(page.url()).search).toBe('');
    expect(await connection(s)).toMatchObject({ status: 'connected', companyName: 'Front Street Goods', currency: 'EUR' });
    expect(await page.getByText(s.qbo.realmId).count()).toBe(1);
    await shoot(page, 'connected');
  });

  it('shows Intuit’s words and a Reconnect button when a refresh was refused, and reconnects', async () => {
    s.qbo.failNextWith('revoked');
    await expect(s.accounting.accounts()).rejects.toBeInstanceOf(AccountingNotConnectedError);
    await page.reload();
    await heading('Reconnect Front Street Goods');
    expect(await page.getByRole('status').filter({ hasText: 'invalid_grant' }).count()).toBeGreaterThan(0);
    await shoot(page, 'reconnect-required');

    await page.getByRole('button', { name: 'Reconnect to QuickBooks' }).click();
    await page.waitForURL(/\/office\/quickbooks\/?\?code=/, { timeout: 20_000, waitUntil: 'commit' });
    await heading('Connected to Front Street Goods');
    expect((await connection(s)).status).toBe('connected');
    expect((await s.accounting.accounts()).length).toBeGreaterThan(0);
  });

  it('disconnects after a confirmation: the page and the API say not connected', async () => {
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    await heading('Not connected');
    expect(await connection(s)).toMatchObject({ status: 'disconnected', reason: 'Disconnected in KiTS.' });
    await shoot(page, 'disconnected');
  });
});
