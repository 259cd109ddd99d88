import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, tillReady, pairTestTill, signInOnTill } from './support/till-browser.ts';

/** A cashier's PIN on a till without network, and the till locking itself when left alone. */
describe('signing in offline and the inactivity lock, as cashiers meet them', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;

  const signIn = (pin: string) => signInOnTill(page, { ...till, pin });

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [firstPartyPlugin('core-inventory'), firstPartyPlugin('core-sales')] });
    url = await kit.kernel.listen();
    await stockShelf(kit, [{ name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 20 }]);
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
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

  it('with the network gone, the PIN of a cashier who signed in here before opens the till, and they sell', async () => {
    // Sign out through the lock; then the network goes.
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Sign out (another cashier)' }).click();
    await page.getByRole('group', { name: 'Who is signing in?' }).waitFor();
    await context.setOffline(true);

    await signIn('9999');
    await page.getByRole('alert').filter({ hasText: 'The PIN is wrong (4 tries left before it locks on this till)' }).waitFor();
    await signIn(till.pin);
    await tillReady(page);
    expect(await page.getByTestId('connection').textContent()).toBe('Offline');

    await page.keyboard.type('2000000000015', { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('3.40');
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await expect.poll(() => page.getByTestId('waiting').textContent()).toMatch(/[1-9]\d* to send/);
  });

  it('left alone, the till locks; only the cashier’s PIN opens it, checked on the till, and the screen is as it was', async () => {
    await page.evaluate(() => localStorage.setItem('kits.till.lockAfterSeconds', '1'));
    await page.mouse.move(10, 10);
    await page.mouse.down();
    await page.mouse.up();
    const lock = page.getByRole('dialog', { name: 'Till locked' });
    await lock.waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}lock-screen-1024x768.png` });
    // Keys do not reach the till beneath while it is locked.
    expect(await page.locator('.till').getAttribute('inert')).not.toBeNull();

    await page.keyboard.type('1357');
    await page.keyboard.press('Enter');
    await lock.getByRole('alert').filter({ hasText: 'The PIN is wrong' }).waitFor();
    await page.keyboard.type(till.pin);
    await page.keyboard.press('Enter');
    await lock.waitFor({ state: 'detached' });
    await page.getByTestId('receipt').waitFor();
    await page.evaluate(() => localStorage.removeItem('kits.till.lockAfterSeconds'));
  });

  it('when the network returns, the till gets a token with the session’s PIN and sends what waited', async () => {
    await context.setOffline(false);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 30_000 });
    const sales = await kit.kernel.db.query<{ total: string }>('select total from sales.sales where device_id = $1', [till.deviceId]);
    expect(sales.map((sale) => Number(sale.total))).toEqual([340]);
  });
});
