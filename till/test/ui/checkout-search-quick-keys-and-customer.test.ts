import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, scannerBurst, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

/** Finding what has no barcode at hand, and naming the customer: search by name, quick keys, a scanner anywhere, Alt+C. */
describe('the checkout beyond the scanner, as a cashier uses it', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let variants: Record<string, string>;
  let ada: string;

  const cart = () => page.locator('[data-testid=cart] tr').allTextContents();

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres' });
    const url = await kit.kernel.listen();
    variants = await stockShelf(kit, [
      { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 20 },
      { name: 'Flat Bread', sku: 'BAK-FLAT', barcode: '2000000000022', price: 290, quantity: 20 },
      { name: 'Ceramic Mug', sku: 'MUG-BLK', barcode: '4006381333931', price: 1250, quantity: 20 },
      { name: 'Espresso', sku: 'COF-ESP', barcode: '2000000000046', price: 250, quantity: 50 },
      { name: 'Butter Croissant', sku: 'BAK-CRO', barcode: '2000000000039', price: 220, quantity: 50 },
    ]);
    const quickKeys = [
      { variantId: variants['COF-ESP'], label: 'Espresso' },
      { variantId: variants['BAK-CRO'], label: 'Croissant' },
    ];
    expect((await kit.request('PUT', '/api/v1/plugins/core-sales/settings', { body: { quickKeys } })).status).toBe(200);
    ada = (
      await kit.request<{ id: string }>('POST', '/api/v1/core-sales/customers', {
        body: { name: 'Ada Lovelace', email: 'ada@example.org' },
      })
    ).body.id;
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:customers.write'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await pairTestTill(page, kit, url, till);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('a name typed by hand finds the product: one match goes in, several are listed to pick from', async () => {
    await page.getByLabel('Scan').waitFor();
    // The quick keys show once their items have arrived in the till's catalog (the rest with them).
    await page
      .getByRole('group', { name: 'Quick keys' })
      .getByRole('button', { name: /Croissant/ })
      .waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Scan');
    await page.keyboard.type('mug', { delay: 60 });
    await page.keyboard.press('Enter');
    await expect.poll(cart).toEqual([expect.stringContaining('Ceramic Mug')]);

    await page.keyboard.type('flat', { delay: 60 });
    await page.keyboard.press('Enter');
    const found = page.getByRole('list', { name: 'Products found' });
    await found.waitFor();
    expect(await found.getByRole('button').allTextContents()).toEqual([
      expect.stringContaining('Flat Bread'),
      expect.stringContaining('Flat White'),
    ]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(cart).toEqual([expect.stringContaining('Ceramic Mug'), expect.stringContaining('Flat White')]);
    await found.waitFor({ state: 'detached' });

    // Someone typing a name nobody sells is told so.
    await page.keyboard.type('tea pot', { delay: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'No product is called or coded “tea pot”.' }).waitFor();
  });

  it('quick keys by touch and Alt+number; a scanner’s burst is a scan even with the focus on a key', async () => {
    const keys = page.getByRole('group', { name: 'Quick keys' });
    await keys.getByRole('button', { name: /Espresso/ }).click();
    // With the focus on a quick key, the scanner's burst is still a scan.
    await keys.getByRole('button', { name: /Croissant/ }).focus();
    await scannerBurst(page, '2000000000022');
    await page.keyboard.press('Alt+2');
    await expect
      .poll(cart)
      .toEqual([
        expect.stringContaining('Ceramic Mug'),
        expect.stringContaining('Flat White'),
        expect.stringContaining('Espresso'),
        expect.stringContaining('Flat Bread'),
        expect.stringContaining('Butter Croissant'),
      ]);
    expect((await cart()).find((row) => row.includes('Espresso'))).toMatch(/Espresso.*COF-ESP.*1/);
  });

  it('Alt+C names the customer from the till’s own list; the sale reaches the server with them', async () => {
    await page.keyboard.press('Alt+c');
    await page.getByLabel('Find a customer').waitFor();
    await page.keyboard.type('love');
    await page
      .getByRole('list', { name: 'Customers found' })
      .getByRole('button', { name: /Ada Lovelace/ })
      .waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('sale-customer').textContent()).toBe('Customer: Ada Lovelace');
    await page.screenshot({ path: `${SCREENSHOTS}checkout-quick-keys-customer-1280x800.png` });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: `${SCREENSHOTS}checkout-quick-keys-customer-1024x768.png` });
    await page.setViewportSize({ width: 1280, height: 800 });

    // 12.50 + 3.40 + 2.50 + 2.90 + 2.20 = 23.50, exact cash.
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('23.50');
    await page.getByLabel('Scan').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await expect
      .poll(async () =>
        (
          await kit.kernel.db.query<{ customer_id: string; total: string }>(
            'select customer_id, total from sales.sales where device_id = $1',
            [till.deviceId],
          )
        ).map((s) => [s.customer_id, Number(s.total)]),
      )
      .toEqual([[ada, 2350]]);
    // The next sale names nobody.
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();
    expect(await page.getByTestId('sale-customer').count()).toBe(0);
  });
});
