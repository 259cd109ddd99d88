import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant, stockAt } from '../../../../testing/shop-shelf.ts';
import { PLUGIN } from '../support.ts';

const API = '/api/v1/core-inventory';

/**
 * A merchant moves stock between two locations and counts a shelf in the back office (Chromium,
 * real kernel on PostgreSQL): drafts a transfer, ships it, receives it one short (the discrepancy
 * is shown; both locations' stock changes), then starts a blind count, enters counts in the page
 * and through the API, reviews the variances, approves, and finds the corrections in the ledger.
 */
describe('moving stock between locations and counting it in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  let store: string;
  let warehouse: string;
  let beans: { variantId: string; sku: string };
  let milk: { variantId: string; sku: string };

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [PLUGIN], db: 'postgres' });
    store = kit.tenant.locationId;
    // Locations first: the office lists the person's locations when they sign in.
    warehouse = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Warehouse', kind: 'warehouse' } })
    ).body.id;
    beans = await shelveVariant(kit, { name: 'Espresso Beans 1kg', sku: 'BEANS-1KG', price: 1890, stock: 20, locationId: warehouse });
    milk = await shelveVariant(kit, { name: 'Oat Milk 1L', sku: 'OAT-1L', price: 290, stock: 12, locationId: warehouse });
    await kit.request('POST', `${API}/stock/receive`, {
      body: { locationId: store, lines: [{ variantId: beans.variantId, quantity: 2 }] },
    });
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name, exact: true });
  const transfersInDb = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from inventory.transfers'))[0]!.n;

  it('refuses a transfer to the place it comes from, beside the form, and drafts nothing', async () => {
    await nav('Transfers').click();
    await page.getByRole('heading', { name: 'Transfers' }).waitFor();
    await page.getByText('No transfers here yet.').waitFor();
    await page.getByRole('button', { name: 'New transfer' }).click();
    const dialog = page.getByRole('dialog', { name: 'New transfer' });
    await dialog.getByRole('combobox', { name: /^From/ }).selectOption(warehouse);
    await dialog.getByRole('combobox', { name: /^To/ }).selectOption(warehouse);
    await dialog.getByRole('searchbox', { name: 'Add a product' }).fill('Espresso');
    await dialog.getByRole('button', { name: /Espresso Beans 1kg/ }).click();
    await dialog.getByRole('button', { name: 'Create draft' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'two different locations' }).waitFor();
    expect(await transfersInDb()).toBe(0);
    await shootOffice(page, 'core-inventory-stock-new-transfer-problem');
    await dialog.getByRole('combobox', { name: /^To/ }).selectOption(store);
  });

  it('ships a transfer and receives it one short: the discrepancy shows, and both locations change', async () => {
    const dialog = page.getByRole('dialog', { name: 'New transfer' });
    await dialog.getByLabel('Quantity of Espresso Beans 1kg').fill('8');
    await dialog.getByRole('searchbox', { name: 'Add a product' }).fill('Oat Milk');
    await dialog.getByRole('button', { name: /Oat Milk 1L/ }).click();
    await dialog.getByLabel('Quantity of Oat Milk 1L').fill('4');
    await shootOffice(page, 'core-inventory-stock-new-transfer');
    await dialog.getByRole('button', { name: 'Create draft' }).click();

    await page.getByRole('heading', { name: /^Transfer to / }).waitFor();
    await page.getByText('Draft', { exact: true }).waitFor();
    expect((await stockAt(kit, beans.variantId, warehouse)).onHand).toBe(20);
    await page.getByRole('button', { name: 'Ship transfer' }).click();
    await page.getByRole('dialog', { name: 'Ship this transfer?' }).getByRole('button', { name: 'Ship transfer' }).click();
    await page.getByRole('heading', { name: 'Receive' }).waitFor();
    expect(await page.getByText('In transit', { exact: true }).count()).toBeGreaterThan(1);
    expect((await stockAt(kit, beans.variantId, warehouse)).onHand).toBe(12);
    expect((await stockAt(kit, milk.variantId, warehouse)).onHand).toBe(8);
    await shootOffice(page, 'core-inventory-stock-transfer-shipped');

    await page.getByLabel('Espresso Beans 1kg received').fill('7');
    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    await page.getByText('1 unit(s) never arrived').waitFor();
    const lines = page.getByRole('grid', { name: 'Products on this transfer' });
    await lines.getByText('1 missing').waitFor();
    expect((await stockAt(kit, beans.variantId, store)).onHand).toBe(2 + 7);
    expect((await stockAt(kit, milk.variantId, store)).onHand).toBe(4);
    expect((await stockAt(kit, beans.variantId, warehouse)).onHand).toBe(12);
    const [short] = await kit.kernel.db.query<{ quantity_short: number }>(
      "select quantity_short::int as quantity_short from inventory.discrepancies where reference_kind = 'transfer' and variant_id = $1",
      [beans.variantId],
    );
    expect(short).toEqual({ quantity_short: 1 });
    await shootOffice(page, 'core-inventory-stock-transfer-received');

    await page.getByRole('link', { name: 'Transfers' }).first().click();
    const list = page.getByRole('grid', { name: 'Transfers' });
    await list.getByText('1 missing').waitFor();
    expect(await list.getByRole('row').count()).toBe(2);
    await shootOffice(page, 'core-inventory-stock-transfers');
  });

  it('runs a blind count: counts entered in the page and by scanner, variances reviewed, approved into the ledger', async () => {
    await nav('Counts').click();
    await page.getByRole('heading', { name: 'Stock counts' }).waitFor();
    await page.getByRole('button', { name: 'New count' }).click();
    const dialog = page.getByRole('dialog', { name: 'New stock count' });
    await dialog.getByLabel('Location to count').selectOption(store);
    await dialog.getByRole('button', { name: 'Start count' }).click();
    await page.getByRole('heading', { name: /^Count at / }).waitFor();
    const countId = page.url().split('/').at(-1)!;

    // Blind: entering a count says how many were counted, never how many are expected.
    await page.getByLabel('Barcode or SKU').fill('BEANS-1KG');
    await page.getByLabel('Quantity').fill('6');
    await page.getByRole('button', { name: 'Add to count' }).click();
    await page.getByRole('status').filter({ hasText: 'BEANS-1KG: 6 counted so far' }).waitFor();
    expect(await page.getByText('Expected').count()).toBe(0);
    // A second counter's scanner, through the API.
    const scanned = await kit.request('POST', `${API}/counts/${countId}/scans`, { body: { code: 'OAT-1L', quantity: 4 } });
    expect(scanned.status).toBe(200);
    await page.getByRole('group', { name: 'Count progress' }).getByText('2 of 2').waitFor({ timeout: 15_000 });
    const counted = page.getByRole('grid', { name: 'Counted so far' });
    await counted.getByText('Oat Milk 1L').waitFor();

    // An unknown code is refused beside the field and counts nothing.
    await page.getByLabel('Barcode or SKU').fill('NO-SUCH-THING');
    await page.getByRole('button', { name: 'Add to count' }).click();
    await page.getByRole('alert').filter({ hasText: 'NO-SUCH-THING' }).waitFor();
    expect(await page.getByLabel('Barcode or SKU').inputValue()).toBe('NO-SUCH-THING');
    await shootOffice(page, 'core-inventory-stock-count-entering');

    await page.getByRole('tab', { name: 'Review variances' }).click();
    const variances = page.getByRole('grid', { name: 'Variances' });
    const beansRow = variances.getByRole('row').filter({ hasText: 'BEANS-1KG' });
    await beansRow.waitFor();
    // 9 on hand (2 + 7 from the transfer), 6 counted.
    expect(await beansRow.textContent()).toMatch(/96−3/);
    expect(await variances.getByRole('row').filter({ hasText: 'OAT-1L' }).textContent()).toContain('Matches');
    await shootOffice(page, 'core-inventory-stock-count-review');
    expect((await stockAt(kit, beans.variantId, store)).onHand).toBe(9);

    await page.getByRole('button', { name: 'Approve count' }).click();
    await page.getByRole('dialog', { name: 'Approve this count?' }).getByRole('button', { name: 'Approve count' }).click();
    await page.getByText('Approved', { exact: true }).first().waitFor();
    expect((await stockAt(kit, beans.variantId, store)).onHand).toBe(6);
    expect((await stockAt(kit, milk.variantId, store)).onHand).toBe(4);
    await shootOffice(page, 'core-inventory-stock-count-approved');

    await page.getByRole('link', { name: 'movement ledger' }).click();
    await page.getByRole('heading', { name: 'Movement ledger' }).waitFor();
    const ledger = page.getByRole('grid', { name: 'Stock movements' });
    const correction = ledger.getByRole('row').filter({ hasText: 'Espresso Beans 1kg' });
    await correction.waitFor();
    expect(await correction.textContent()).toContain('Count correction');
    expect(await correction.textContent()).toContain('−3');
    expect(await ledger.getByRole('row').count()).toBe(2);
    await shootOffice(page, 'core-inventory-stock-ledger-count-corrections');

    await nav('Counts').click();
    await page.getByRole('tab', { name: 'Approved' }).click();
    await page.getByRole('grid', { name: 'Stock counts' }).getByText('Approved').waitFor();
    await shootOffice(page, 'core-inventory-stock-counts');
  });
});
