import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, signInOnTill } from './support/till-browser.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/plugins/${name}`, import.meta.url));

/**
 * Selling is core-sales' till bundle, not the till's: a third party's sale screen (the fixture
 * till-quick-sale) takes its place through the same extension points, and sells.
 */
describe('a plugin replaces core-sales’ sale screen', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let flatWhite: string;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS, fixture('till-quick-sale')] });
    const url = await kit.kernel.listen();
    ({ 'COF-FW': flatWhite } = (await stockShelf(kit, [
      { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 20 },
    ])) as { 'COF-FW': string });
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    // Paired and signed in as any till is; what opens is the plugin's screen, not core-sales' Scan field.
    const pairing = await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/devices/${till.deviceId}/pairing-code`);
    await page.goto(`${url}/till/`);
    await page.fill('input[name=code]', pairing.body.code);
    await page.keyboard.press('Enter');
    await signInOnTill(page, till);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('the till opens on the plugin’s sale screen; core-sales’ screens are still in the menu', async () => {
    await page.getByRole('heading', { name: 'Quick sale' }).waitFor();
    expect(await page.getByLabel('Scan').count()).toBe(0);
    expect(await page.locator('.till-bar nav button').allTextContents()).toEqual([
      'Checkout',
      'To resolve',
      'Shift',
      'Today',
      'Stock',
      'Settings',
      'Plugins',
    ]);
  });

  it('sells with it: the sale goes through the till’s event log and core-sales’ server records it', async () => {
    await page.getByLabel('Quick code').fill('2000000000015');
    await page.getByRole('button', { name: 'Sell for cash' }).click();
    await page.getByRole('status').filter({ hasText: 'Quick sale 1: Flat White, €3.40' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}quick-sale-replaces-the-sale-screen-1024x768.png` });
    const sales = await kit.request<{ items: Array<{ receiptNumber: number; total: number; deviceId: string }> }>(
      'GET',
      '/api/v1/core-sales/sales?receiptNumber=1',
    );
    expect(sales.body.items).toEqual([expect.objectContaining({ receiptNumber: 1, total: 340, deviceId: till.deviceId })]);
    const stock = await kit.request<{ items: Array<{ onHand: number }> }>('GET', `/api/v1/core-inventory/variants/${flatWhite}/stock`);
    expect(stock.body.items[0]!.onHand).toBe(19);
  });
});
