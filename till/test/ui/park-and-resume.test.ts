import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

/** A sale parked on one till (its stock held) and resumed on another, as cashiers do it. */
describe('parking a sale and resuming it on another till', () => {
  let kit: TestKernel;
  let browser: Browser;
  let mug: string;
  const tills: Array<{ page: Page; till: TestTill }> = [];

  const available = async () =>
    (
      await kit.request<{ items: Array<{ locationId: string; available: number }> }>('GET', `/api/v1/core-inventory/variants/${mug}/stock`)
    ).body.items.find((i) => i.locationId === kit.tenant.locationId)?.available;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres' });
    const url = await kit.kernel.listen();
    ({ 'MUG-BLK': mug } = (await stockShelf(kit, [
      { name: 'Ceramic Mug', sku: 'MUG-BLK', barcode: '4006381333931', price: 1250, quantity: 10 },
      { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 10 },
    ])) as { 'MUG-BLK': string });
    browser = await launchChromium();
    for (let i = 0; i < 2; i++) {
      const till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:discount'] });
      const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
      await pairTestTill(page, kit, url, till);
      tills.push({ page, till });
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('F8 parks the cart (its stock held on the server); F8 on another till lists it and resumes it as it was; paying completes it there', async () => {
    const [first, second] = tills as [{ page: Page; till: TestTill }, { page: Page; till: TestTill }];
    for (const code of ['4006381333931', '4006381333931', '2000000000015']) {
      await first.page.keyboard.type(code, { delay: 5 });
      await first.page.keyboard.press('Enter');
    }
    await first.page.keyboard.press('F7');
    await first.page.keyboard.type('10%');
    await first.page.keyboard.press('Enter');
    // (2 × 12.50 + 3.40) − 10 % = 25.56
    await expect.poll(() => first.page.getByTestId('total').textContent(), { timeout: 20_000 }).toBe('€25.56');
    await first.page.keyboard.press('F8');
    await first.page.getByRole('status').filter({ hasText: 'Sale parked: resume it on any till with F8.' }).waitFor();
    expect(await first.page.locator('[data-testid=cart] tr').count()).toBe(0);
    expect(await available()).toBe(8);

    await second.page.keyboard.press('F8');
    const list = second.page.getByTestId('parked');
    await list.waitFor();
    expect(await list.locator('.parked-sale').allTextContents()).toEqual([expect.stringMatching(/2 lines€25\.56$/)]);
    await second.page.screenshot({ path: `${SCREENSHOTS}parked-sales-1024x768.png` });
    await second.page.keyboard.press('Enter');
    await expect.poll(() => second.page.locator('[data-testid=cart] tr').count()).toBe(2);
    await expect.poll(() => second.page.getByTestId('total').textContent()).toBe('€25.56');

    await second.page.keyboard.press('Enter');
    await second.page.getByTestId('tender').waitFor();
    await second.page.keyboard.press('Enter');
    await second.page.getByTestId('receipt').waitFor();
    await expect
      .poll(
        async () =>
          (await kit.kernel.db.query<{ status: string; total: string }>('select status, total from sales.sales order by status')).map(
            (s) => [s.status, Number(s.total)],
          ),
        { timeout: 15_000 },
      )
      .toEqual([
        ['completed', 2556],
        ['resumed', 2556],
      ]);
    // The hold is gone and the sale took the two mugs: 10 − 2.
    expect(await available()).toBe(8);
    const [held] = await kit.kernel.db.query<{ n: string }>('select count(*) as n from inventory.reservations where released_at is null');
    expect(Number(held?.n)).toBe(0);
  });

  it('an empty cart with nothing parked says so; parking needs the network', async () => {
    const [first] = tills as [{ page: Page; till: TestTill }];
    await first.page.keyboard.press('F8');
    await first.page.getByTestId('parked').filter({ hasText: 'No sale is parked at this store.' }).waitFor();
    await first.page.keyboard.press('Escape');
    await first.page.getByTestId('parked').waitFor({ state: 'detached' });
    await first.page.context().setOffline(true);
    await first.page.keyboard.type('2000000000015', { delay: 5 });
    await first.page.keyboard.press('Enter');
    await first.page.keyboard.press('F8');
    await first.page.getByRole('alert').filter({ hasText: 'Parking needs the network' }).waitFor();
    expect(await first.page.locator('[data-testid=cart] tr').count()).toBe(1);
    await first.page.context().setOffline(false);
  });
});
