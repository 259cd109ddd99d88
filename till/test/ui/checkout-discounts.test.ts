import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, tillReady, pairTestTill, signInOnTill } from './support/till-browser.ts';

/** Line and sale discounts at the till, from the keyboard, for the cashiers allowed to give them. */
describe('discounts at the checkout, as cashiers give them', () => {
  let kit: TestKernel;
  let manager: TestTill;
  let browser: Browser;
  let page: Page;

  const scan = async (code: string) => {
    await page.keyboard.type(code, { delay: 5 });
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [firstPartyPlugin('core-inventory'), firstPartyPlugin('core-sales')] });
    const url = await kit.kernel.listen();
    await stockShelf(kit, [
      { name: 'Ceramic Mug', sku: 'MUG-BLK', barcode: '4006381333931', price: 1250, quantity: 10 },
      { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 10 },
    ]);
    manager = await kit.signInTill({
      permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:discount', 'core-sales:price.override'],
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await pairTestTill(page, kit, url, manager);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('10 % off the selected line and 1.00 off the sale, typed after F7; the server prices the sale the same', async () => {
    await scan('4006381333931');
    await scan('2000000000015');
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€15.90');

    await page.locator('[data-testid=cart] tr').filter({ hasText: 'Ceramic Mug' }).locator('.name').click();
    await page.keyboard.press('F7');
    await page.getByLabel('Discount on Ceramic Mug').waitFor();
    await page.keyboard.type('10%');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=cart] tr').filter({ hasText: '−10 %' }).waitFor();
    // 12.50 − 1.25 + 3.40 = 14.65
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€14.65');

    await page.keyboard.press('F7');
    await page.getByLabel('Discount on the whole sale').waitFor();
    await page.keyboard.type('1.00');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€13.65');
    await page.screenshot({ path: `${SCREENSHOTS}checkout-discounts-1024x768.png` });

    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await expect
      .poll(async () => (await kit.kernel.db.query<{ total: string }>('select total from sales.sales')).map((s) => Number(s.total)), {
        timeout: 15_000,
      })
      .toEqual([1365]);
    await page.keyboard.press('Enter');
  });

  it('Alt+P gives the last line another price (a manager may); the server charges that price', async () => {
    await scan('4006381333931');
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€12.50');
    await page.keyboard.press('Alt+p');
    await page.getByLabel('Price of one Ceramic Mug').waitFor();
    await page.keyboard.type('9,50');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=cart] tr').filter({ hasText: 'Price changed to €9.50' }).waitFor();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€9.50');
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await expect
      .poll(
        async () =>
          (await kit.kernel.db.query<{ total: string }>('select total from sales.sales order by received_at')).map((s) => Number(s.total)),
        {
          timeout: 15_000,
        },
      )
      .toEqual([1365, 950]);
    await page.keyboard.press('Enter');
  });

  it('a cashier without the discount or price permission is asked for a manager’s approval; without one the sale is unchanged', async () => {
    const cashier = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Sign out (another cashier)' }).click();
    await signInOnTill(page, cashier);
    await tillReady(page);

    await scan('2000000000015');
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€3.40');
    await page.keyboard.press('F7');
    await page.keyboard.type('50%');
    await page.keyboard.press('Enter');
    const approval = page.getByRole('dialog', { name: 'Manager approval' });
    await approval.getByTestId('approval-what').filter({ hasText: '50 % off the whole sale' }).waitFor();
    await page.keyboard.press('Escape');
    await approval.waitFor({ state: 'detached' });
    expect(await page.getByTestId('total').textContent()).toBe('€3.40');
    await page.keyboard.press('Alt+p');
    await page.getByLabel('Price of one Flat White').waitFor();
    await page.keyboard.type('0.50');
    await page.keyboard.press('Enter');
    // Another price needs a manager too: cancelled, the price stays as it was.
    await approval.getByTestId('approval-what').filter({ hasText: 'Flat White at €0.50' }).waitFor();
    await page.keyboard.press('Escape');
    await approval.waitFor({ state: 'detached' });
    expect(await page.getByTestId('total').textContent()).toBe('€3.40');
  });
});
