import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { APIResponse, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, pairTestTill } from './support/till-browser.ts';

/**
 * A sale the server has taken but whose answer has not reached the till yet (a slow network, or a
 * kernel killed between its commit and its answer) is still "to send" on the till: only the
 * answer tells the till it was accepted. Until it arrives the cashier must not see "all sent".
 */
describe('a sale waits to send until the server answers it', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres' });
    const url = await kit.kernel.listen();
    await stockShelf(kit, [{ name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 20, taxClass: 'reduced' }]);
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await pairTestTill(page, kit, url, till);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('shows the sale as waiting while its answer is on the way, and not once it has arrived', async () => {
    // The first push reaches the kernel and is answered there; the answer is held on its way back.
    let answered!: (response: APIResponse) => void;
    const answeredByServer = new Promise<APIResponse>((resolve) => (answered = resolve));
    let deliver!: () => void;
    const delivered = new Promise<void>((resolve) => (deliver = resolve));
    await page.route(
      '**/api/v1/sync/push',
      async (route) => {
        const response = await route.fetch();
        answered(response);
        await delivered;
        await route.fulfill({ response });
      },
      { times: 1 },
    );

    await page.keyboard.type('2000000000015', { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=cart] tr').count(), { timeout: 20_000 }).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();

    expect((await answeredByServer).status()).toBe(200);
    // The shift this first sale opened, and the sale: both sent, neither answered yet.
    await expect.poll(() => page.getByTestId('waiting').textContent(), { timeout: 10_000 }).toBe('2 to send');
    deliver();
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('button', { name: 'Today' }).click();
    await page.locator('[data-testid=today] tr').filter({ hasText: 'sent' }).waitFor();
    expect(await page.locator('[data-testid=today] tr').filter({ hasText: 'waiting to send' }).count()).toBe(0);
  }, 60_000);
});
