import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

/** A cashier's shift in Chromium: open with a float, sell, take cash out, see the X report, count and close, see the Z report. */
describe('a shift on the till, as a cashier runs it', () => {
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
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  /** On the shift screen (F3): opens a shift with this float, in euros. */
  const openShift = async (float: string) => {
    await page.getByLabel('Float (cash in the drawer)').fill(float);
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Shift open with €${float}.00 in the drawer.` })
      .waitFor();
  };
  /** From the keyboard: scan a flat white, pay the exact cash, go on to the next sale. */
  const sellFlatWhite = async () => {
    await page.keyboard.press('F2');
    await page.getByLabel('Scan').waitFor();
    await page.keyboard.type('2000000000015', { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('total').textContent(), { timeout: 20_000 }).toContain('3.40');
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await page.keyboard.press('Enter');
  };

  it('opens with a float, sells, takes cash out, and the X report adds it up', async () => {
    await page.keyboard.press('F3');
    await page.getByRole('heading', { name: 'No shift open' }).waitFor();
    await openShift('100');
    await sellFlatWhite();

    await page.keyboard.press('F3');
    await page.getByRole('button', { name: 'Take out' }).click();
    await page.getByLabel('Amount').fill('20');
    await page.getByLabel('Reason').fill('window cleaner');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('status').filter({ hasText: '€20.00 taken out: window cleaner.' }).waitFor();
    // Float 100.00 + cash sales 3.40 − 20.00 out = 83.40.
    await expect.poll(() => page.getByTestId('cash-expected').textContent(), { timeout: 15_000 }).toBe('€83.40');
    expect(await page.getByTestId('shift-report').textContent()).toContain('X report');
    expect(await page.getByTestId('shift-report').textContent()).toContain('Sales (1)');
  });

  it('closes with the drawer counted per note and coin; the Z report says what was over', async () => {
    // 50 + 20 + 10 + 2 + 1 + 0.50 = 83.50: ten cents over.
    for (const [label, count] of [
      ['€50.00', '1'],
      ['€20.00', '1'],
      ['€10.00', '1'],
      ['€2.00', '1'],
      ['€1.00', '1'],
      ['€0.50', '1'],
    ] as const) {
      await page.getByLabel(`How many of ${label}`).fill(count);
    }
    expect(await page.getByTestId('counted').textContent()).toBe('Counted €83.50');
    await page.screenshot({ path: `${SCREENSHOTS}shift-close-1280x800.png` });
    await page.getByRole('button', { name: 'Close shift' }).click();
    await page.getByRole('heading', { name: 'Z report' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('over-short').textContent()).toBe('€0.10');
    expect(await page.getByTestId('shift-report').textContent()).toContain('Over');
    await page.getByRole('heading', { name: 'No shift open' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}shift-z-report-1280x800.png` });

    const [shift] = await kit.kernel.db.query<{ status: string; counted_cash: string | null }>(
      'select status, counted_cash from sales.shifts where device_id = $1',
      [till.deviceId],
    );
    expect([shift?.status, Number(shift?.counted_cash)]).toEqual(['closed', 8350]);
  });

  it('offline, the X report is reckoned by the till from its own records, and says so', async () => {
    await page.context().setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor({ timeout: 15_000 });
    await openShift('50');
    await sellFlatWhite();

    await page.keyboard.press('F3');
    await page.getByRole('heading', { name: 'X report' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('report-source').textContent()).toContain('Offline: reckoned by this till from its own records');
    expect(await page.getByTestId('cash-expected').textContent()).toBe('€53.40');
    expect(await page.getByTestId('shift-report').textContent()).toContain('Sales (1)');
    await page.screenshot({ path: `${SCREENSHOTS}shift-x-report-offline-1280x800.png` });
    await page.context().setOffline(false);
  });
});
