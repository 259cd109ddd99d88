import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

/** A cashier's first sale in Chromium: sign in, scan three items, pay cash, see change and receipt; the server has it. */
describe('the till’s checkout, as a cashier uses it', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let url: string;
  const variants: Record<string, string> = {};

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres' });
    url = await kit.kernel.listen();
    const products = [
      ['Flat White', 'COF-FW', '2000000000015', 340, 'reduced'],
      ['Butter Croissant', 'BAK-CRO', '2000000000039', 220, 'reduced'],
      ['Ceramic Mug Black', 'MUG-BLK', '4006381333931', 1250, 'standard'],
    ] as const;
    for (const [name, sku, barcode, price, taxClass] of products) {
      const created = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
        body: {
          name,
          unit: 'piece',
          taxClass,
          variants: [{ sku, barcodes: [{ code: barcode }], prices: [{ currency: 'EUR', amount: price }] }],
        },
      });
      variants[sku] = created.body.variants[0]!.id;
      await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
        body: { locationId: kit.tenant.locationId, lines: [{ variantId: variants[sku], quantity: 20 }] },
      });
    }
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('signs in, scans three items, pays cash, shows change and the receipt, and the server records the sale', async () => {
    // Pairing: an admin creates a code for the device; the till is paired with it once.
    await pairTestTill(page, kit, url, till);
    const scan = page.getByLabel('Scan');
    await scan.waitFor();

    for (const code of ['2000000000015', '2000000000015', '2000000000039', '4006381333931']) {
      await page.keyboard.type(code, { delay: 5 });
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => page.locator('[data-testid=cart] tr').count()).toBe(3);
    // 2 × 3.40 + 2.20 + 12.50 = 21.50
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('21.50');
    await page.screenshot({ path: `${SCREENSHOTS}checkout-1280x800.png` });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: `${SCREENSHOTS}checkout-1024x768.png` });
    await page.setViewportSize({ width: 1280, height: 800 });

    // An unknown code says so, and adds nothing.
    await page.keyboard.type('999999', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'No product has the code' }).waitFor();

    // Enter on an empty line: to payment.
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}tender-1280x800.png` });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: `${SCREENSHOTS}tender-1024x768.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: /50\.00/ }).click();

    await page.getByTestId('change').waitFor();
    expect(await page.getByTestId('change').textContent()).toContain('28.50');
    const receipt = await page.getByTestId('receipt').textContent();
    expect(receipt).toContain('Receipt 1');
    expect(receipt).toContain('2 × Flat White');
    await page.screenshot({ path: `${SCREENSHOTS}receipt-1280x800.png` });

    // The push agent sends the shift and the sale: the server prices it the same and takes the stock.
    await expect
      .poll(
        async () =>
          (
            await kit.kernel.db.query<{ total: string; receipt_number: string }>(
              'select total, receipt_number from sales.sales where device_id = $1',
              [till.deviceId],
            )
          )[0],
        { timeout: 15_000 },
      )
      .toEqual({ total: '2150', receipt_number: '1' });
    const stock = await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>(
      'GET',
      `/api/v1/core-inventory/variants/${variants['COF-FW']}/stock`,
    );
    expect(stock.body.items.find((i) => i.locationId === kit.tenant.locationId)?.onHand).toBe(18);
    await page.getByTestId('waiting').waitFor({ state: 'detached' });

    // Enter: the next sale.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=cart] tr').count()).toBe(0);
  }, 90_000);
});
