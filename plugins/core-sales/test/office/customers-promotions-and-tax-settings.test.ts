import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import { type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, salesKit, stockedVariant } from '../support/kits.ts';

type Customer = { id: string; name: string; email: string | null; phone: string | null };
type Promotion = { id: string; name: string; kind: string; variantIds: string[]; buy: number; get: number; active: boolean };
type Install = { install: { settings: { taxRates: Record<string, Array<{ name: string; basisPoints: number }>>; cashRounding: number } } };

const API = '/api/v1/core-sales';

/**
 * A merchant keeps customers, promotions and tax settings in the back office, in Chromium against a
 * real kernel on PostgreSQL: each form shows the kernel's problem beside its field and writes
 * nothing until it is right; what is saved is what the API then answers.
 */
describe('customers, promotions and tax settings in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  let socks: string;

  beforeAll(async () => {
    kit = await salesKit('postgres');
    socks = await stockedVariant(kit, 450, 50, { name: 'Wool socks' });
    await stockedVariant(kit, 1200, 50, { name: 'Stoneware mug' });
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('adds a customer: a bad e-mail shows beside its field and nothing is written; the fixed one is saved', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('heading', { name: 'Customers', exact: true }).waitFor();
    await page.getByText('No customers yet').waitFor();
    await shootOffice(page, 'core-sales-customers-empty');

    await page.getByRole('button', { name: 'Add customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a customer' });
    await dialog.getByLabel('Name').fill('Ada Lovelace');
    await dialog.getByLabel('E-mail').fill('ada@analytical');
    await dialog.getByLabel('Phone').fill('+44 20 7946 0018');
    await dialog.getByRole('button', { name: 'Add customer' }).click();
    const problem = dialog.locator('[data-field="email"]').getByRole('alert');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/email/i);
    expect(await dialog.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Ada Lovelace');
    await shootOffice(page, 'core-sales-customer-refused');
    expect(await countRows(kit, 'sales.customers')).toBe(0);

    await dialog.getByLabel('E-mail').fill('ada@analytical.example');
    await dialog.getByRole('button', { name: 'Add customer' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    const listed = await kit.request<{ items: Customer[] }>('GET', `${API}/customers`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ name: 'Ada Lovelace', email: 'ada@analytical.example', phone: '+44 20 7946 0018' }),
    ]);
    expect(page.url()).toBe(`${url}/office/core-sales/customers/${listed.body.items[0]!.id}`);
    await shootOffice(page, 'core-sales-customer');
  });

  it('edits the customer and finds them by search', async () => {
    await page.getByLabel('Note').fill('Prefers receipts by e-mail');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Customer saved').waitFor();
    const [customer] = (await kit.request<{ items: Array<Customer & { note: string }> }>('GET', `${API}/customers`)).body.items;
    expect(customer!.note).toBe('Prefers receipts by e-mail');

    await gotoOffice(page, url, '/core-sales/customers');
    await page.getByLabel('Search customers').fill('lovel');
    await expect.poll(() => page.getByRole('grid', { name: 'Customers' }).locator('[data-row-key]').count()).toBe(1);
    await page.getByLabel('Search customers').fill('nobody-like-this');
    await page.getByText('No customer matches').waitFor();
    await page.getByLabel('Search customers').fill('');
    await expect.poll(() => page.getByRole('grid', { name: 'Customers' }).locator('[data-row-key]').count()).toBe(1);
    await shootOffice(page, 'core-sales-customers');

    const search = page.getByRole('combobox', { name: /^Search/ });
    await search.fill('ada');
    const hit = page.getByRole('group', { name: 'Customers' }).getByRole('option', { name: /Ada Lovelace/ });
    await hit.waitFor();
    expect(await hit.textContent()).toContain('ada@analytical.example');
    await hit.click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
  });

  it('starts a promotion on an item found in the catalog, and ends it', async () => {
    await gotoOffice(page, url, '/core-sales/promotions');
    await page.getByText('No promotions running').waitFor();
    await page.getByRole('button', { name: 'New promotion' }).click();
    const dialog = page.getByRole('dialog', { name: 'New promotion' });
    await dialog.getByLabel(/^Name/).fill('Socks 3 for 2');
    await dialog.getByLabel('Customer buys').fill('2');
    await dialog.getByLabel('and gets free').fill('1');
    // No item chosen: the kernel's problem shows beside the items, and nothing is written.
    await dialog.getByRole('button', { name: 'Start promotion' }).click();
    await dialog.locator('[data-field="items"]').getByRole('alert').waitFor();
    expect(await countRows(kit, 'sales.promotions')).toBe(0);
    await dialog.getByLabel('Find items').fill('wool');
    await dialog.getByLabel(/Wool socks/).check();
    await shootOffice(page, 'core-sales-promotion-new');
    await dialog.getByRole('button', { name: 'Start promotion' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const rows = page.getByRole('grid', { name: 'Promotions' }).locator('[data-row-key]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Buy 2, get 1 free');
    const running = await kit.request<{ items: Promotion[] }>('GET', `${API}/promotions?active=true`);
    expect(running.body.items).toEqual([
      expect.objectContaining({ name: 'Socks 3 for 2', kind: 'buy_x_get_y', variantIds: [socks], buy: 2, get: 1 }),
    ]);
    await shootOffice(page, 'core-sales-promotions');

    await page.getByRole('button', { name: 'End Socks 3 for 2' }).click();
    await page.getByRole('dialog', { name: 'End Socks 3 for 2?' }).getByRole('button', { name: 'End promotion' }).click();
    await page.getByText('No promotions running').waitFor();
    const ended = await kit.request<{ items: Promotion[] }>('GET', `${API}/promotions?active=false`);
    expect(ended.body.items.map((p) => p.id)).toEqual([running.body.items[0]!.id]);
    await page.getByRole('tab', { name: 'Ended' }).click();
    await expect.poll(() => rows.count()).toBe(1);
  });

  it('changes a tax rate in the settings; a rate that is not a percent is refused beside it and nothing saved', async () => {
    await gotoOffice(page, url, '/settings');
    const panel = page.getByRole('form', { name: 'Sales and tax settings' });
    const standard = panel.getByLabel('Standard: rate 1 (%)');
    await standard.waitFor();
    expect(await standard.inputValue()).toBe('20');
    await standard.fill('twenty');
    await panel.getByRole('button', { name: 'Save sales and tax settings' }).click();
    const problem = panel.locator('[data-field="taxRates.standard.0.basisPoints"]').getByRole('alert');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('percent');
    const before = await kit.request<Install>('GET', '/api/v1/plugins/core-sales');
    expect(before.body.install.settings.taxRates['standard']).toEqual([{ name: 'VAT', basisPoints: 2000 }]);
    await shootOffice(page, 'core-sales-tax-settings-refused');

    // The kernel checks what the form cannot: cash rounding past its maximum is named beside its field.
    await standard.fill('21');
    await panel.getByLabel('Round cash payments to').fill('500');
    await panel.getByRole('button', { name: 'Save sales and tax settings' }).click();
    await panel.locator('[data-field="cashRounding"]').getByRole('alert').waitFor();
    expect(
      (await kit.request<Install>('GET', '/api/v1/plugins/core-sales')).body.install.settings.taxRates['standard']![0]!.basisPoints,
    ).toBe(2000);

    await panel.getByLabel('Round cash payments to').fill('5');
    await panel.getByRole('button', { name: 'Save sales and tax settings' }).click();
    await page.getByText('Sales and tax settings saved').waitFor();
    const after = await kit.request<Install>('GET', '/api/v1/plugins/core-sales');
    expect(after.body.install.settings.taxRates['standard']).toEqual([{ name: 'VAT', basisPoints: 2100 }]);
    expect(after.body.install.settings.cashRounding).toBe(5);
    const till = await kit.request<{ taxRates: Install['install']['settings']['taxRates'] }>('GET', `${API}/till-settings`);
    expect(till.body.taxRates['standard']).toEqual([{ name: 'VAT', basisPoints: 2100 }]);
    await shootOffice(page, 'core-sales-tax-settings');
  });
});
