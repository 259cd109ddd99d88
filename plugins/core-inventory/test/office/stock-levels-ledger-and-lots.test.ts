import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import { PLUGIN } from '../support.ts';

const API = '/api/v1/core-inventory';
const DAY = 86_400_000;
/** A calendar day `days` from today, as an expiry is written. */
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/** An instant as a datetime-local box takes it (this machine's clock, as the browser's). */
const localInput = (time: number) => {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/**
 * A merchant looks at their stock in the back office (Chromium, real kernel on PostgreSQL):
 * levels with low stock and value at cost per location and for all, the same stock as of
 * yesterday (rebuilt from the ledger), the ledger filtered by product, kind and period (a period
 * that ends before it starts is refused beside its field), lots soonest expiry first, a serial
 * number traced, and the dashboard's low-stock card leading to the low items.
 */
describe('stock levels, the ledger, lots and serials in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  let store: string;
  let warehouse: string;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [PLUGIN], db: 'postgres' });
    store = kit.tenant.locationId;
    warehouse = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Warehouse', kind: 'warehouse' } })
    ).body.id;
    const receive = async (locationId: string, line: Record<string, unknown>) => {
      const response = await kit.request('POST', `${API}/stock/receive`, { body: { locationId, lines: [line] } });
      if (response.status !== 201) throw new Error(JSON.stringify(response.body));
    };
    const beans = await shelveVariant(kit, { name: 'Espresso Beans 1kg', sku: 'BEANS-1KG', price: 1890 });
    await receive(store, { variantId: beans.variantId, quantity: 10, unitCost: { amount: 950, currency: 'EUR' } });
    // That delivery came two days ago: the ledger is what stock "as of yesterday" is rebuilt from.
    await kit.kernel.db.query(
      "update inventory.stock_movements set occurred_at = now() - interval '2 days' where variant_id = $1 and kind = 'receive'",
      [beans.variantId],
    );
    await kit.request('POST', `${API}/stock/adjust`, {
      body: { locationId: store, variantId: beans.variantId, quantity: -7, reason: 'Damaged in the storeroom' },
    });
    await kit.request('PUT', `${API}/stock/reorder`, {
      body: { locationId: store, variantId: beans.variantId, reorderPoint: 5, reorderMax: 20 },
    });
    const milk = await shelveVariant(kit, { name: 'Oat Milk 1L', sku: 'OAT-1L', price: 290 });
    await receive(warehouse, { variantId: milk.variantId, quantity: 12, unitCost: { amount: 120, currency: 'EUR' } });
    const yoghurt = await shelveVariant(kit, { name: 'Greek Yoghurt 500g', sku: 'YOG-500', price: 349, tracking: 'lot' });
    await receive(store, { variantId: yoghurt.variantId, quantity: 4, lot: { code: 'L-LATE', expiresOn: dayFromNow(60) } });
    await receive(warehouse, { variantId: yoghurt.variantId, quantity: 6, lot: { code: 'L-SOON', expiresOn: dayFromNow(5) } });
    await receive(store, { variantId: yoghurt.variantId, quantity: 2, lot: { code: 'L-OLD', expiresOn: dayFromNow(-3) } });
    const scanner = await shelveVariant(kit, { name: 'Handheld Scanner', sku: 'SCAN-1', price: 12900, tracking: 'serial' });
    await receive(store, { variantId: scanner.variantId, quantity: 2, serials: ['SN-1001', 'SN-1002'] });
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name, exact: true });
  /** The office's location switcher (the top bar comes before the page's own filters). */
  const switchTo = (locationId: string) => page.getByRole('combobox', { name: 'Location', exact: true }).first().selectOption(locationId);
  const rowOf = (grid: string, text: string) => page.getByRole('grid', { name: grid }).getByRole('row').filter({ hasText: text });

  it('shows stock at every location and at the chosen one, with low stock and value at cost', async () => {
    await nav('Stock levels').click();
    await page.getByRole('heading', { name: 'Stock levels' }).waitFor();
    await switchTo('');
    await rowOf('Stock levels', 'Oat Milk 1L').waitFor();
    expect(await rowOf('Stock levels', 'Oat Milk 1L').textContent()).toContain('Warehouse');
    // 3 beans at 9.50 and 12 oat milk at 1.20.
    await page.getByRole('group', { name: 'Value at cost' }).getByText('€42.90').waitFor();
    await shootOffice(page, 'core-inventory-stock-levels-all');

    await switchTo(store);
    await page.getByText('What is on hand at').waitFor();
    await rowOf('Stock levels', 'Oat Milk 1L').waitFor({ state: 'detached' });
    const beans = rowOf('Stock levels', 'Espresso Beans 1kg');
    expect(await beans.textContent()).toContain('Low');
    expect(await beans.textContent()).toContain('€28.50');
    await page.getByRole('group', { name: 'Low stock' }).getByText('1', { exact: true }).waitFor();
    await shootOffice(page, 'core-inventory-stock-levels-store');
  });

  it('rebuilds the stock as of yesterday from the ledger, and goes back to now', async () => {
    await page.getByLabel('Stock as of').fill(localInput(Date.now() - DAY));
    await page.getByText('as it was on').waitFor();
    const then = rowOf('Stock levels', 'Espresso Beans 1kg');
    await then.filter({ hasText: '10' }).waitFor();
    // Yesterday the yoghurt and scanners had not come in.
    await rowOf('Stock levels', 'Greek Yoghurt').waitFor({ state: 'detached' });
    await shootOffice(page, 'core-inventory-stock-levels-as-of-yesterday');
    await page.getByRole('button', { name: 'Back to now' }).click();
    await rowOf('Stock levels', 'Greek Yoghurt').waitFor();
    expect(await rowOf('Stock levels', 'Espresso Beans 1kg').textContent()).not.toContain('10');

    // A level opens its own movements: this product, at this location.
    await rowOf('Stock levels', 'Espresso Beans 1kg').click();
    await page.getByRole('heading', { name: 'Movement ledger' }).waitFor();
    await page.getByRole('group', { name: 'Product' }).getByText('Espresso Beans 1kg').waitFor();
    const own = page.getByRole('grid', { name: 'Stock movements' });
    await own.getByRole('row').filter({ hasText: 'Damaged in the storeroom' }).waitFor();
    expect((await own.getByRole('row').allTextContents()).slice(1).map((row) => row.match(/Received|Adjusted/)?.[0])).toEqual([
      'Adjusted',
      'Received',
    ]);
  });

  it('filters the ledger by kind, product and period; a period ending before it starts is refused beside its field', async () => {
    await switchTo('');
    await nav('Movements').click();
    await page.getByRole('heading', { name: 'Movement ledger' }).waitFor();
    const ledger = page.getByRole('grid', { name: 'Stock movements' });
    await ledger.getByRole('row').nth(5).waitFor();
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('adjustment');
    await ledger.getByRole('row').filter({ hasText: 'Oat Milk' }).waitFor({ state: 'detached' });
    expect((await ledger.getByRole('row').allTextContents()).slice(1)).toEqual([expect.stringContaining('Damaged in the storeroom')]);
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('');
    await page.getByRole('searchbox', { name: 'Product' }).fill('Espresso');
    await page.getByRole('button', { name: /Espresso Beans 1kg/ }).click();
    await ledger.getByRole('row').filter({ hasText: 'Oat Milk' }).waitFor({ state: 'detached' });
    expect((await ledger.getByRole('row').allTextContents()).slice(1).map((row) => row.match(/Received|Adjusted/)?.[0])).toEqual([
      'Adjusted',
      'Received',
    ]);
    await shootOffice(page, 'core-inventory-stock-ledger-filtered');

    await page.getByLabel('From').fill(localInput(Date.now()));
    await page.getByLabel('Until').fill(localInput(Date.now() - DAY));
    await page.getByRole('alert').filter({ hasText: 'must be after the start of the period' }).waitFor();
    await shootOffice(page, 'core-inventory-stock-ledger-bad-period');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await ledger.getByRole('row').nth(5).waitFor();
  });

  it('lists a product’s lots soonest expiry first and traces a serial number', async () => {
    await nav('Lots & serials').click();
    await page.getByRole('heading', { name: 'Lots & serials' }).waitFor();
    await page.getByRole('searchbox', { name: 'Product' }).fill('Yoghurt');
    await page.getByRole('button', { name: /Greek Yoghurt 500g/ }).click();
    const lots = page.getByRole('grid', { name: 'Lots' });
    await lots.getByText('L-SOON').waitFor();
    const order = await lots.getByRole('row').allTextContents();
    expect(order.slice(1).map((row) => row.match(/L-(OLD|SOON|LATE)/)![0])).toEqual(['L-OLD', 'L-SOON', 'L-LATE']);
    expect(order[1]).toContain('Expired');
    expect(order[2]).toContain('Warehouse');

    await page.getByLabel('Serial number').fill('SN-1002');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('list', { name: 'History of SN-1002' }).getByText('Received').waitFor();
    await shootOffice(page, 'core-inventory-stock-lots-and-serials');

    await page.getByLabel('Serial number').fill('SN-404');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('alert').filter({ hasText: 'SN-404' }).waitFor();
  });

  it("shows the chosen location's low stock on the dashboard, leading to the low items", async () => {
    await gotoOffice(page, url, '/');
    await switchTo(store);
    const card = page.getByRole('list', { name: 'Low stock' });
    await card.getByText('Espresso Beans 1kg').waitFor();
    await shootOffice(page, 'core-inventory-stock-dashboard-low-stock');
    await page.getByRole('link', { name: 'See all low stock' }).click();
    await page.getByRole('heading', { name: 'Stock levels' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Only low stock' }).isChecked()).toBe(true);
    await rowOf('Stock levels', 'Espresso Beans 1kg').waitFor();
    expect(await page.getByRole('grid', { name: 'Stock levels' }).getByRole('row').count()).toBe(2);
  });
});
