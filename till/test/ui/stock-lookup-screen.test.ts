import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

/** The stock lookup screen in Chromium, against a real kernel on PostgreSQL serving the built till. */
describe('the till’s stock lookup screen, as a cashier uses it', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres' });
    url = await kit.kernel.listen();
    const warehouse = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
        body: { name: 'Central Warehouse', kind: 'warehouse' },
      })
    ).body.id;
    const products = [
      ['Flat White Beans 1kg', 'BEA-FW-1K', '8712345678906', 2495, 12, 40],
      ['Flat Bread', 'BAK-FLAT', '4006381333931', 320, 6, 0],
      ['Ceramic Mug', 'MUG-BLK', '036000291452', 1250, 3, 24],
    ] as const;
    for (const [name, sku, barcode, price, here, there] of products) {
      const created = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
        body: { name, unit: 'piece', variants: [{ sku, barcodes: [{ code: barcode }], prices: [{ currency: 'EUR', amount: price }] }] },
      });
      const variantId = created.body.variants[0]!.id;
      await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
        body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity: here }] },
      });
      if (there > 0)
        await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
          body: { locationId: warehouse, lines: [{ variantId, quantity: there }] },
        });
    }
    till = await kit.signInTill({ permissions: ['core-sales:checkout'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('signs in with a PIN, finds a product by name, and shows its stock here and at every location', async () => {
    // Pairing: an admin creates a code for the device; the till is paired with it once.
    await pairTestTill(page, kit, url, till);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
    await page.getByRole('button', { name: 'Stock' }).click();

    const search = page.getByLabel('Find a product');
    await search.fill('flat');
    await page.getByRole('option', { name: /Flat White Beans 1kg/ }).waitFor();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Flat BreadBAK-FLAT', 'Flat White Beans 1kgBEA-FW-1K']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('available-here').textContent()).toContain('12');
    // The price, formatted in the browser by the shared '@kits/plugin-sdk/money' module.
    expect(await page.getByTestId('variant').locator('.meta').textContent()).toBe('BEA-FW-1K · €24.95');
    await page.getByTestId('locations').waitFor();
    const rows = await page.locator('[data-testid=locations] tbody tr').allTextContents();
    expect(rows).toEqual(expect.arrayContaining(['Main Street Store1212', 'Central Warehouse4040']));
    await page.screenshot({ path: `${SCREENSHOTS}stock-lookup-1280x800.png` });
  }, 60_000);

  it('a scanned barcode (a fast burst of keys and Enter) opens its product; stock moves show up live', async () => {
    const search = page.getByLabel('Find a product');
    await search.click();
    await page.keyboard.type('036000291452', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ceramic Mug' }).waitFor();
    await expect.poll(() => page.getByTestId('available-here').textContent()).toContain('3');

    const mug = await kit.request<{ variantId: string }>('GET', '/api/v1/core-inventory/lookup?code=036000291452');
    await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId: mug.body.variantId, quantity: 5 }] },
    });
    // Live, but a transaction open anywhere on the server holds pulls back until it ends: allow for it.
    await expect.poll(() => page.getByTestId('available-here').textContent(), { timeout: 30_000 }).toContain('8');
    await expect
      .poll(() => page.locator('[data-testid=locations] tbody tr').allTextContents(), { timeout: 10_000 })
      .toContain('Main Street Store88');

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: `${SCREENSHOTS}stock-lookup-1024x768.png` });
  }, 60_000);
});
