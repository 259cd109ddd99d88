import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { launchChromium, officeAdmin, openOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQuickBooksDouble, type QuickBooksDouble } from '../../../quickbooks/test/quickbooks-double/index.ts';
import { ACCOUNTING, CASHIER, INVENTORY, SALES, SALES_SETTINGS, daysAgoAtNoon, exportsWhen, offlineDay, variant } from '../support.ts';
import { SIZES, shoot } from './office-journey-support.ts';

// The journey of issue 24 in Chromium against a real kernel on PostgreSQL and the QuickBooks
// double: the merchant connects QuickBooks on its page (OAuth through the double's authorize
// endpoint, which sends them back to the office page), maps accounts (the suggestions accepted,
// one changed), exports a day a till sold offline, and sees it listed as posted with the journal
// id QuickBooks gave it — checked in the page, the API and the double's books.

const QUICKBOOKS = fileURLToPath(new URL('../../../quickbooks', import.meta.url));
const CLIENT_ID = 'ABkitsJourneyClientId0123456789';
const CLIENT_SECRET = 'kitsJourneyClientSecret0123456789';

describe('a merchant connects QuickBooks, maps accounts and exports a day (postgres, Chromium, QuickBooks double)', () => {
  let qbo: QuickBooksDouble;
  let kit: TestKernel;
  let url: string;
  let browser: Browser;
  let page: Page;
  const yesterday = daysAgoAtNoon(1).slice(0, 10);

  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  const nav = (name: string) => page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name, exact: true });
  const toast = (text: string | RegExp) =>
    page.getByRole('status', { name: 'Notifications' }).getByText(text).first().waitFor({ timeout: 20_000 });

  beforeAll(async () => {
    qbo = await startQuickBooksDouble({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, companyName: 'Front Street Goods' });
    kit = await createTestKernel({
      plugins: [INVENTORY, SALES, ACCOUNTING, QUICKBOOKS],
      db: 'postgres',
      settings: {
        'core-sales': SALES_SETTINGS,
        quickbooks: {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          apiBase: qbo.apiBase,
          tokenUrl: qbo.tokenUrl,
          authorizeUrl: qbo.authorizeUrl,
        },
      },
    });
    url = await kit.kernel.listen();
    const mug = await variant(kit, 1250);
    const till = await kit.signInTill({ permissions: CASHIER });
    await offlineDay(
      kit,
      till,
      daysAgoAtNoon(1),
      [
        { lines: [{ variantId: mug, quantity: 2 }], tenders: [{ method: 'cash', amount: 2500 }] },
        { lines: [{ variantId: mug, quantity: 1 }], tenders: [{ method: 'cash', amount: 1250 }] },
      ],
      { keepOpen: true },
    );
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant), SIZES[0]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
    await qbo?.close();
  });

  it('connects QuickBooks from the exports page: the OAuth redirect lands back on the office page, connected', async () => {
    await nav('Exports').click();
    await heading('Accounting exports');
    await page.getByRole('link', { name: 'Connect QuickBooks Online' }).click();
    await page.getByRole('button', { name: 'Connect to QuickBooks' }).click();
    await page.waitForURL(/\/office\/quickbooks\/?\?code=/, { timeout: 20_000, waitUntil: 'commit' });
    await toast('Connected to Front Street Goods');
    // The code and state are used once: the address no longer carries them.
    await page.waitForURL((address) => address.search === '');
    const connection = await kit.request<{ status: string }>('GET', '/api/v1/quickbooks/connection');
    expect(connection.body.status).toBe('connected');
    const status = await kit.request<{ provider: { connection: { status: string; companyName: string } } }>(
      'GET',
      '/api/v1/accounting/status',
    );
    expect(status.body.provider.connection).toMatchObject({ status: 'connected', companyName: 'Front Street Goods' });
  });

  it('maps accounts: accepts the suggestions, chooses what has none, changes one', async () => {
    await nav('Account mapping').click();
    await heading('Account mapping');
    const accounts = page.getByRole('grid', { name: 'Accounts' });
    await accounts.getByRole('combobox').first().waitFor();
    // A line QuickBooks has no account by its name for is chosen by hand (the first account offered).
    for (const select of await accounts.getByRole('combobox').all())
      if ((await select.inputValue()) === '') await select.selectOption({ index: 1 });
    // Cash goes to Undeposited Funds instead of the suggested "Cash on hand".
    const cash = page.getByRole('combobox', { name: 'Account for Cash', exact: true });
    await cash.selectOption({ label: '1200 · Undeposited Funds (Other Current Asset)' });
    await shoot(page, 'journey-mapping');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await toast(/^Account mapping saved/);
    const mapping = await kit.request<{ needed: Array<{ role: string; key: string; accountId: string | null }> }>(
      'GET',
      '/api/v1/accounting/mapping',
    );
    expect(mapping.body.needed.find((row) => row.role === 'tender' && row.key === 'cash')?.accountId).toBe('3');
    expect(mapping.body.needed.every((row) => row.accountId !== null)).toBe(true);
  });

  it('exports yesterday and sees it posted with QuickBooks’ journal entry id', async () => {
    await page.goto(`${url}/office/accounting/days/${kit.tenant.locationId}/${yesterday}`);
    await page.getByRole('grid', { name: 'Journal lines' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('button', { name: 'Export now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Export now' }).click();
    await toast(/sent to be posted/);
    const [posted] = await exportsWhen(kit, (items) => items.some((item) => item.status === 'posted'), 'the day posted to QuickBooks');
    expect(qbo.company.journalEntries.map((entry) => entry.Id)).toEqual([posted!.providerJournalId]);
    expect(posted).toMatchObject({ day: yesterday, kind: 'day', debitTotal: 3750 });

    await page.getByRole('link', { name: '← Exports' }).click();
    await heading('Accounting exports');
    const row = page.getByRole('grid', { name: 'Exports' }).locator('[role="row"][data-row-key]').filter({ hasText: 'Posted' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain(posted!.providerJournalId!);
    await shoot(page, 'journey-exports');
  });
});
