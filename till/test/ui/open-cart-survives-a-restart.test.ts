import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, pairTestTill, SCREENSHOTS, signInOnTill, tillReady } from './support/till-browser.ts';

/** The browser (or Electron) closes in the middle of a sale: the till opens again on the same cart. */
describe('an open cart survives the till restarting, as a cashier meets it', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;

  const lines = (on: Page) => on.locator('[data-testid=cart] tr').allTextContents();
  const scan = async (code: string) => {
    await page.keyboard.type(code, { delay: 5 });
    await page.keyboard.press('Enter');
  };
  /** The cart on screen is kept on the device (the till writes it as it changes). */
  const kept = (on: Page) => on.locator('[data-testid=cart][data-kept=yes]').waitFor({ state: 'attached' });
  /** The till starts again on the same device (the page reloaded, or a new window), and the cashier signs in. */
  const restart = async (on: Page) => {
    await signInOnTill(on, till);
    await tillReady(on);
  };

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS] });
    url = await kit.kernel.listen();
    await stockShelf(kit, [
      { name: 'Ceramic Mug', sku: 'MUG-BLK', barcode: '4006381333931', price: 1250, quantity: 20 },
      { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 20 },
    ]);
    await kit.request('POST', '/api/v1/core-sales/customers', { body: { name: 'Ada Lovelace', email: 'ada@example.org' } });
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:discount'] });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    page = await context.newPage();
    await pairTestTill(page, kit, url, till);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('lines, a discount and the customer are there again after a reload and in a new window; paying clears them', async () => {
    await scan('4006381333931');
    await scan('4006381333931');
    await scan('2000000000015');
    await page.locator('[data-testid=cart] tr').filter({ hasText: 'Ceramic Mug' }).locator('.name').click();
    await page.keyboard.press('F7');
    await page.getByLabel('Discount on Ceramic Mug').waitFor();
    await page.keyboard.type('10%');
    await page.keyboard.press('Enter');
    await page.keyboard.press('F7');
    await page.getByLabel('Discount on the whole sale').waitFor();
    await page.keyboard.type('1.00');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Alt+c');
    await page.getByLabel('Find a customer').waitFor();
    await page.keyboard.type('love');
    await page
      .getByRole('list', { name: 'Customers found' })
      .getByRole('button', { name: /Ada Lovelace/ })
      .waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // (2 × 12.50 − 10 % + 3.40) − 1.00 = 24.90
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€24.90');
    await expect.poll(() => page.getByTestId('sale-customer').textContent()).toBe('Customer: Ada Lovelace');
    const before = await lines(page);
    await kept(page);

    await page.reload();
    await restart(page);
    expect(await lines(page)).toEqual(before);
    expect(await page.getByTestId('total').textContent()).toBe('€24.90');
    expect(await page.getByTestId('sale-customer').textContent()).toBe('Customer: Ada Lovelace');
    expect(await page.locator('.cart-discount').textContent()).toBe('Sale discount −€1.00');
    expect(before.find((line) => line.includes('Ceramic Mug'))).toContain('−10 %');
    await page.screenshot({ path: `${SCREENSHOTS}open-cart-after-reload-1024x768.png` });

    // The window closes; a new one opens on the same profile (an Electron restart does the same).
    await page.close();
    page = await context.newPage();
    await page.goto(`${url}/till/`);
    await restart(page);
    expect(await lines(page)).toEqual(before);
    expect(await page.getByTestId('total').textContent()).toBe('€24.90');
    expect(await page.getByTestId('sale-customer').textContent()).toBe('Customer: Ada Lovelace');

    // Paid: the sale reaches the server as it was rung up, and the next start opens on an empty cart.
    await page.getByLabel('Scan').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await expect
      .poll(async () => (await kit.kernel.db.query<{ total: string }>('select total from sales.sales')).map((s) => Number(s.total)), {
        timeout: 15_000,
      })
      .toEqual([2490]);
    await page.keyboard.press('Enter');
    await kept(page);
    await page.reload();
    await restart(page);
    expect(await lines(page)).toEqual([]);
    expect(await page.getByTestId('sale-customer').count()).toBe(0);
  });

  it('a parked sale is not kept on the till as well: after a restart the cart is empty, and the sale waits in the parked list', async () => {
    await scan('2000000000015');
    await expect.poll(() => lines(page)).toHaveLength(1);
    await kept(page);
    await page.keyboard.press('F8');
    await page.getByRole('status').filter({ hasText: 'Sale parked' }).waitFor();
    await kept(page);
    await page.reload();
    await restart(page);
    expect(await lines(page)).toEqual([]);
    await page.keyboard.press('F8');
    await expect.poll(() => page.getByTestId('parked').locator('.parked-sale').count()).toBe(1);
  });
});
