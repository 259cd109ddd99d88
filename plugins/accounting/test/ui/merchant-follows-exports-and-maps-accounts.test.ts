import type { TestKernel } from '@kits/kernel/test-kit';
import { launchChromium, officeAdmin, openOffice } from '@kits/office/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASHIER,
  accountingKit,
  daysAgoAtNoon,
  exportsOf,
  exportsWhen,
  ledgerOf,
  makeRetriesDue,
  offlineDay,
  variant,
  type TestBooks,
} from '../support.ts';
import { SIZES, shoot } from './office-journey-support.ts';

// A merchant runs the accounting export from the back office, in Chromium against a real kernel
// on PostgreSQL with the test ledger (an accounting@1 provider the test controls): the pages say
// to connect while the ledger is not connected, the mapping starts on suggestions (one changed),
// a day is opened and exported by hand and listed as posted with the ledger's journal id, and a
// refused export shows the ledger's own message with a Retry that posts it. Every step is checked
// in the page and in what the API and the ledger hold.

type Mapping = {
  needed: Array<{ role: string; key: string; accountId: string | null; suggestedAccountId: string | null }>;
  taxCodes: Array<{ taxCode: string; taxRateId: string | null }>;
};

describe('a merchant follows exports and maps accounts in the office (postgres, Chromium, test ledger)', () => {
  let kit: TestKernel;
  let url: string;
  let browser: Browser;
  let page: Page;
  let books: TestBooks;
  const yesterday = daysAgoAtNoon(1).slice(0, 10);
  const twoDaysAgo = daysAgoAtNoon(2).slice(0, 10);

  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  const nav = (name: string) => page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name, exact: true });
  const toast = (text: string | RegExp) =>
    page.getByRole('status', { name: 'Notifications' }).getByText(text).first().waitFor({ timeout: 15_000 });
  const rowOf = (grid: Locator, text: string) => grid.locator('[role="row"][data-row-key]').filter({ hasText: text });
  /** The row of `grid` holding `inside` (a locator from the page: it is looked for within each row). */
  const rowWith = (grid: Locator, inside: Locator) => grid.locator('[role="row"][data-row-key]').filter({ has: inside });
  const api = async <Body>(path: string): Promise<Body> => {
    const answer = await kit.request<Body>('GET', `/api/v1/accounting${path}`);
    expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    kit = await accountingKit('postgres');
    url = await kit.kernel.listen();
    books = ledgerOf(kit.tenant.id);
    books.connection = { status: 'disconnected', companyName: null, currency: null, reason: 'No company connected yet.' };
    // Two days a till sold offline, its shift still open: each has ended, neither is closed, so they wait for the merchant.
    const mug = await variant(kit, 1250);
    const tea = await variant(kit, 900);
    const till = await kit.signInTill({ permissions: CASHIER });
    const first = await offlineDay(
      kit,
      till,
      daysAgoAtNoon(2),
      [{ lines: [{ variantId: mug, quantity: 1 }], tenders: [{ method: 'cash', amount: 1250 }] }],
      { keepOpen: true },
    );
    await offlineDay(
      kit,
      till,
      daysAgoAtNoon(1),
      [
        { lines: [{ variantId: mug, quantity: 2 }], tenders: [{ method: 'cash', amount: 2500 }] },
        { lines: [{ variantId: tea, quantity: 1 }], tenders: [{ method: 'cash', amount: 900 }] },
      ],
      { keepOpen: true, shiftId: first.shiftId },
    );
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant), SIZES[0]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('says to connect the accounting system while it is not connected, on both pages', async () => {
    await nav('Exports').click();
    await heading('Accounting exports');
    await page.getByText('Test Ledger is enabled but not connected to a company').waitFor();
    expect(await page.getByRole('link', { name: 'Connect Test Ledger' }).getAttribute('href')).toBe('/office/test-ledger');
    await shoot(page, 'exports-not-connected');

    await nav('Account mapping').click();
    await heading('Account mapping');
    await page.getByRole('link', { name: 'Connect Test Ledger' }).waitFor();
    expect(await page.getByRole('grid', { name: 'Accounts' }).count()).toBe(0);
  });

  it('maps accounts: the suggestions preselected and marked, one changed, all saved', async () => {
    books.reconnect();
    await page.reload();
    await heading('Account mapping');
    const accounts = page.getByRole('grid', { name: 'Accounts' });
    const cash = page.getByRole('combobox', { name: 'Account for Cash', exact: true });
    await cash.waitFor();
    // Cash is suggested "Cash on hand" and marked so; every needed line has a suggestion here.
    expect(await cash.inputValue()).toBe('acc-cash');
    expect(await cash.locator('option:checked').textContent()).toBe('090 · Cash on hand (Bank) — suggested');
    expect(await rowWith(accounts, cash).getByText('Suggested', { exact: true }).count()).toBe(1);
    const before = await api<Mapping>('/mapping');
    expect(before.needed.every((row) => row.accountId === null)).toBe(true);
    await shoot(page, 'mapping-suggested');

    // Rounding goes to the over/short account instead of its own.
    const rounding = page.getByRole('combobox', { name: 'Account for Cash rounding', exact: true });
    await rounding.selectOption('acc-over-short');
    await rowWith(accounts, rounding).getByText('Changed', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await toast('Account mapping saved: every line has an account');

    const after = await api<Mapping>('/mapping');
    const saved = Object.fromEntries(after.needed.map((row) => [`${row.role}|${row.key}`, row.accountId]));
    expect(saved['rounding|']).toBe('acc-over-short');
    expect(saved['tender|cash']).toBe('acc-cash');
    expect(after.needed.every((row) => row.accountId === (row.role === 'rounding' ? 'acc-over-short' : row.suggestedAccountId))).toBe(true);
    expect((await api<{ mappingComplete: boolean }>('/status')).mappingComplete).toBe(true);
    // Saved: nothing is "suggested" any more, and Save has nothing to send.
    await expect.poll(() => accounts.getByText('Suggested', { exact: true }).count()).toBe(0);
    // The page learns the mapping is complete from /status, refreshed after the save.
    await expect.poll(() => page.getByRole('button', { name: 'Save mapping' }).isDisabled()).toBe(true);
    await shoot(page, 'mapping');
  });

  it('opens yesterday’s journal, exports it now, and lists it as posted with the ledger’s journal id', async () => {
    await nav('Exports').click();
    await heading('Accounting exports');
    await page.getByRole('group', { name: 'Accounting status' }).getByText('Test Books Ltd').waitFor();
    const picker = page.getByRole('form', { name: 'Open a day' });
    await picker.getByLabel('Day').fill(yesterday);
    await picker.getByRole('button', { name: 'Open the day’s journal' }).click();
    await page.waitForURL(new RegExp(`/office/accounting/days/${kit.tenant.locationId}/${yesterday}$`));
    const lines = page.getByRole('grid', { name: 'Journal lines' });
    const cashLine = rowWith(lines, page.getByText('Cash', { exact: true }));
    await cashLine.waitFor();
    // Two sales, 34.00 in cash: debits and credits both 34.00 on the page and in the API.
    const journal = await api<{ debitTotal: number; creditTotal: number; closed: boolean; exported: string[] }>(
      `/days/${kit.tenant.locationId}/${yesterday}/journal`,
    );
    expect(journal).toMatchObject({ debitTotal: 3400, creditTotal: 3400, closed: false, exported: [] });
    expect(await page.getByRole('group', { name: 'Journal totals' }).textContent()).toContain('34.00');
    expect(await cashLine.textContent()).toContain('34.00');
    await page.getByText('Ended, a shift still open').waitFor();
    await shoot(page, 'day-journal');

    await page.getByRole('button', { name: 'Export now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Export now' }).click();
    await toast(/sent to be posted/);
    const [posted] = await exportsWhen(
      kit,
      (items) => items.some((item) => item.day === yesterday && item.status === 'posted'),
      'yesterday posted',
    );
    expect(posted).toMatchObject({ day: yesterday, kind: 'day', debitTotal: 3400, providerJournalId: 'J1' });
    expect(books.stored().map((journal) => journal.providerId)).toEqual(['J1']);

    await page.getByRole('link', { name: '← Exports' }).click();
    await heading('Accounting exports');
    const grid = page.getByRole('grid', { name: 'Exports' });
    const row = rowOf(grid, 'Posted');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByRole('link', { name: /^Journal J1 of / }).getAttribute('href')).toBe('https://ledger.test/journals/J1');
    expect(await row.textContent()).toContain('34.00');
    await shoot(page, 'exports');
  });

  it('shows a refused export with the ledger’s message, and its Retry posts it', async () => {
    // The ledger refuses the day's journal at every attempt the job makes (the first and five retries): it is then failed.
    for (let attempt = 0; attempt < 6; attempt++) books.failNextWith('validation');
    const exported = await kit.request('POST', `/api/v1/accounting/days/${kit.tenant.locationId}/${twoDaysAgo}/export`, {});
    expect(exported.status, JSON.stringify(exported.body)).toBe(202);
    // Each retry is made due at once instead of waiting out the backoff.
    const refusedDay = () => exportsOf(kit).then((items) => items.find((item) => item.day === twoDaysAgo));
    const deadline = Date.now() + 60_000;
    while ((await refusedDay())?.status !== 'failed' && Date.now() < deadline) {
      await makeRetriesDue(kit);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await refusedDay()).toMatchObject({
      status: 'failed',
      attempts: 6,
      lastError: 'The transaction date is in a closed accounting period.',
    });

    await page.getByRole('group', { name: 'Accounting status' }).getByRole('link', { name: 'Failed: 1' }).click({ timeout: 20_000 });
    await page.waitForURL(/\?status=failed$/);
    const grid = page.getByRole('grid', { name: 'Exports' });
    const failed = rowOf(grid, 'Failed');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('The transaction date is in a closed accounting period.');
    // The filter is the address's: only the failed one is listed.
    expect(await grid.locator('[role="row"][data-row-key]').count()).toBe(1);
    await shoot(page, 'exports-failed');
    // The row opens the export in full: the ledger's whole message, and a way to its day.
    await failed.click();
    const details = page.getByRole('dialog');
    expect(await details.textContent()).toContain('The transaction date is in a closed accounting period.');
    expect(await details.getByRole('link', { name: 'Open the day’s journal' }).getAttribute('href')).toBe(
      `/office/accounting/days/${kit.tenant.locationId}/${twoDaysAgo}`,
    );
    await shoot(page, 'export-details');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    await failed.getByRole('button', { name: /^Retry / }).click();
    await toast(/^Sending .* again$/);
    await makeRetriesDue(kit);
    await exportsWhen(kit, (items) => items.filter((item) => item.status === 'posted').length === 2, 'the retry posted');
    expect(
      books
        .stored()
        .map((journal) => journal.providerId)
        .sort(),
    ).toEqual(['J1', 'J2']);
    expect((await exportsOf(kit, '?status=failed')).length).toBe(0);
  });
});
