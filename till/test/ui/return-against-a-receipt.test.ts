import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

/** Goods back against a receipt of this till or another, or without one, from the keyboard and the touch screen. */
describe('a return against a receipt, as a cashier takes one', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let mug: string;

  const onHand = async () =>
    (
      await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>('GET', `/api/v1/core-inventory/variants/${mug}/stock`)
    ).body.items.find((i) => i.locationId === kit.tenant.locationId)?.onHand;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [firstPartyPlugin('core-inventory'), firstPartyPlugin('core-sales')] });
    const url = await kit.kernel.listen();
    ({ 'MUG-BLK': mug } = (await stockShelf(kit, [
      { name: 'Ceramic Mug', sku: 'MUG-BLK', barcode: '4006381333931', price: 1250, quantity: 10 },
      { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 10 },
    ])) as { 'MUG-BLK': string });
    till = await kit.signInTill({
      permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund', 'core-sales:refund.without-receipt'],
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await pairTestTill(page, kit, url, till);
    // Receipt 1: two mugs and a flat white, cash.
    for (const code of ['4006381333931', '4006381333931', '2000000000015']) {
      await page.keyboard.type(code, { delay: 5 });
      await page.keyboard.press('Enter');
    }
    await page.getByTestId('total').filter({ hasText: '€28.40' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 15_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('F10, the receipt number, one mug back with a reason: the till says what to give back; the server refunds and restocks it', async () => {
    expect(await onHand()).toBe(8);
    await page.keyboard.press('F10');
    await page.getByLabel('Receipt number').waitFor();
    await page.keyboard.type('99');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'No till of this store has a receipt 99' }).waitFor();
    await page.getByLabel('Receipt number').fill('1');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'One more Ceramic Mug back' }).click();
    await page.getByLabel('Why it comes back').fill('chipped handle');
    await page.screenshot({ path: `${SCREENSHOTS}return-1024x768.png` });
    await page.getByRole('button', { name: 'Take back and refund' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Return on receipt 1 recorded: give the customer back €12.50, the way they paid.' })
      .waitFor();
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 15_000 });
    await expect
      .poll(async () => (await kit.kernel.db.query<{ total: string }>('select total from sales.refunds')).map((r) => Number(r.total)))
      .toEqual([1250]);
    expect(await onHand()).toBe(9);
  });

  it('what came back already cannot come back again', async () => {
    await page.keyboard.press('F10');
    await page.getByLabel('Receipt number').fill('1');
    await page.keyboard.press('Enter');
    const mugLine = page.locator('[data-testid=return] tr').filter({ hasText: 'Ceramic Mug' });
    await mugLine.filter({ hasText: '2 sold, 1 back already' }).waitFor();
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'One more Ceramic Mug back' }).click();
    expect(await mugLine.locator('.qty span').textContent()).toBe('1');
    await page.keyboard.press('Escape');
    await page.getByTestId('return').waitFor({ state: 'detached' });
  });

  it('a receipt of another till of the store: the cashier picks it among the receipts with that number, and takes a mug back against it', async () => {
    const other = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    await kit.request('POST', '/api/v1/core-sales/shifts', { token: other.token, body: { openingFloat: 0 } });
    const sold = await kit.request<{ id: string; receiptNumber: number }>('POST', '/api/v1/core-sales/sales', {
      token: other.token,
      body: { lines: [{ variantId: mug, quantity: 3 }], tenders: [{ method: 'cash', amount: 3750 }] },
    });
    expect(sold.body.receiptNumber).toBe(1);
    await page.keyboard.press('F10');
    await page.getByLabel('Receipt number').fill('1');
    await page.keyboard.press('Enter');
    const choices = page.getByTestId('receipt-candidates');
    await choices.waitFor();
    expect(await choices.getByRole('button').allTextContents()).toEqual([
      expect.stringContaining('This till'),
      expect.stringContaining('Another till'),
    ]);
    await page.screenshot({ path: `${SCREENSHOTS}return-which-receipt-1024x768.png` });
    await page.keyboard.press('ArrowDown');
    await choices.getByRole('button', { name: /Another till/ }).click();
    await page.locator('[data-testid=return] tr').filter({ hasText: '3 sold' }).waitFor();
    await page.getByRole('button', { name: 'One more Ceramic Mug back' }).click();
    await page.getByLabel('Why it comes back').fill('a gift, not wanted');
    await page.getByRole('button', { name: 'Take back and refund' }).click();
    await page.getByRole('status').filter({ hasText: 'give the customer back €12.50' }).waitFor();
    await expect
      .poll(async () =>
        (
          await kit.kernel.db.query<{ device_id: string; total: string }>('select device_id, total from sales.refunds where sale_id = $1', [
            sold.body.id,
          ])
        ).map((r) => [r.device_id, Number(r.total)]),
      )
      .toEqual([[till.deviceId, 1250]]);
  });

  it('no receipt: a cashier allowed to scans what comes back and refunds it in cash at the shelf price', async () => {
    const before = await onHand();
    await page.keyboard.press('F10');
    await page.getByRole('button', { name: 'No receipt' }).click();
    await page.getByLabel('Scan what comes back').waitFor();
    await page.keyboard.type('4006381333931', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.keyboard.type('flat white');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'One more Ceramic Mug back' }).click();
    await expect.poll(() => page.getByTestId('refund-due').textContent()).toBe('Refund in cash: €28.40');
    await page.getByLabel('Why it comes back').fill('unopened, no receipt');
    await page.screenshot({ path: `${SCREENSHOTS}return-without-receipt-1024x768.png` });
    await page.getByRole('button', { name: 'Take back and refund in cash' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Return without a receipt recorded: give the customer back €28.40 in cash.' })
      .waitFor();
    await expect
      .poll(async () =>
        (await kit.kernel.db.query<{ total: string }>('select total from sales.refunds where sale_id is null')).map((r) => Number(r.total)),
      )
      .toEqual([2840]);
    expect(await onHand()).toBe(before! + 2);
  });
});
