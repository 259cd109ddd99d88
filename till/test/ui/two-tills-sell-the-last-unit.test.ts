import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

interface Till {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly deviceId: string;
}

/** Two tills, both offline, each sell the one unit left; the tenant's policy decides what the second gets. */
describe('two tills sell the last unit while offline, as their cashiers see it', () => {
  let kit: TestKernel;
  let browser: Browser;
  let url: string;
  const tills: Till[] = [];

  const product = async (name: string, sku: string, barcode: string, { amount = 1800, quantity = 1 } = {}) => {
    const created = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
      body: { name, unit: 'piece', variants: [{ sku, barcodes: [{ code: barcode }], prices: [{ currency: 'EUR', amount }] }] },
    });
    const variantId = created.body.variants[0]!.id;
    await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity }] },
    });
    return variantId;
  };

  /** Sells one item while the till is offline: scan, Enter to pay, Enter for exact cash. */
  const sellOffline = async (till: Till, barcode: string) => {
    await till.page.keyboard.press('F2');
    await till.page.getByLabel('Scan').waitFor();
    await till.page.keyboard.type(barcode, { delay: 5 });
    await till.page.keyboard.press('Enter');
    await expect.poll(() => till.page.getByTestId('total').textContent()).toContain('18.00');
    await till.page.keyboard.press('Enter');
    await till.page.getByTestId('tender').waitFor();
    await till.page.keyboard.press('Enter');
    await till.page.getByTestId('receipt').waitFor();
    await till.page.keyboard.press('Enter');
  };

  const backOnline = async (till: Till) => {
    await till.context.setOffline(false);
    await till.page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor({ timeout: 30_000 });
    await till.page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 30_000 });
  };

  const onHand = async (variantId: string) =>
    (
      await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>(
        'GET',
        `/api/v1/core-inventory/variants/${variantId}/stock`,
      )
    ).body.items.find((i) => i.locationId === kit.tenant.locationId)?.onHand;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres' });
    url = await kit.kernel.listen();
    await product('Walnut Board', 'BRD-WAL', '4006381333931');
    await product('Oak Board', 'BRD-OAK', '036000291452');
    await product('Cherry Board', 'BRD-CHE', '5901234123457');
    await product('Maple Board', 'BRD-MAP', '9781234567897', { amount: 2000, quantity: 3 });
    browser = await launchChromium();
    for (let i = 0; i < 2; i++) {
      const cashier = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      await pairTestTill(page, kit, url, cashier);
      await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
      tills.push({ context, page, deviceId: cashier.deviceId });
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('policy “deny”: the second till’s sale lands in its resolution queue; the cashier voids it, keeping the receipt number', async () => {
    expect((await kit.request('PUT', '/api/v1/plugins/core-sales/settings', { body: { offlineOversell: 'deny' } })).status).toBe(200);
    const [first, second] = tills as [Till, Till];
    for (const till of tills) await till.context.setOffline(true);
    await sellOffline(first, '4006381333931');
    await sellOffline(second, '4006381333931');

    await backOnline(first);
    await backOnline(second);
    await second.page.getByTestId('to-resolve').filter({ hasText: '1' }).waitFor();
    expect(await first.page.getByTestId('to-resolve').count()).toBe(0);

    await second.page.keyboard.press('F4');
    const denied = second.page.getByTestId('denied-sale');
    await denied.waitFor();
    // The names come from the till's catalog, a moment after the queue.
    await expect.poll(() => denied.textContent()).toContain('Not enough stock when it reached the server: Walnut Board 1 sold, 0 there.');
    expect(await denied.textContent()).toContain('1 × Walnut Board');
    await second.page.screenshot({ path: `${SCREENSHOTS}resolution-queue-1024x768.png` });
    // Nothing of it was there: selling in part is not offered; voiding is the way.
    expect(await second.page.getByRole('button', { name: 'Sell what was there' }).count()).toBe(0);
    await second.page.getByRole('button', { name: 'Void' }).click();
    await second.page.getByRole('status').filter({ hasText: 'Receipt 1 voided: give the customer back €18.00.' }).waitFor();
    await second.page.getByTestId('to-resolve').waitFor({ state: 'detached' });

    await expect
      .poll(async () =>
        (
          await kit.kernel.db.query<{ device_id: string; status: string; receipt_number: string }>(
            'select device_id, status, receipt_number from sales.sales order by status',
          )
        ).map((s) => [s.device_id, s.status, Number(s.receipt_number)]),
      )
      .toEqual([
        [first.deviceId, 'completed', 1],
        [second.deviceId, 'voided', 1],
      ]);
    expect(
      await onHand((await kit.request<{ variantId: string }>('GET', '/api/v1/core-inventory/lookup?code=4006381333931')).body.variantId),
    ).toBe(0);
  });

  it('policy “accept” (the default): both sales stand, stock goes to −1 and a discrepancy is raised for a count', async () => {
    expect((await kit.request('PUT', '/api/v1/plugins/core-sales/settings', { body: { offlineOversell: 'accept' } })).status).toBe(200);
    for (const till of tills) await till.context.setOffline(true);
    for (const till of tills) await sellOffline(till, '036000291452');
    for (const till of tills) await backOnline(till);
    for (const till of tills) expect(await till.page.getByTestId('to-resolve').count()).toBe(0);

    const oak = (await kit.request<{ variantId: string }>('GET', '/api/v1/core-inventory/lookup?code=036000291452')).body.variantId;
    expect(await onHand(oak)).toBe(-1);
    const discrepancies = await kit.kernel.db.query<{ variant_id: string }>(
      'select variant_id from inventory.discrepancies where variant_id = $1',
      [oak],
    );
    expect(discrepancies).toHaveLength(1);
  });

  it('policy “deny”: the cashier swaps the board that was not there for another the customer takes, and collects the difference', async () => {
    expect((await kit.request('PUT', '/api/v1/plugins/core-sales/settings', { body: { offlineOversell: 'deny' } })).status).toBe(200);
    const [first, second] = tills as [Till, Till];
    for (const till of tills) await till.context.setOffline(true);
    await sellOffline(first, '5901234123457');
    await sellOffline(second, '5901234123457');
    await backOnline(first);
    await backOnline(second);
    await second.page.getByTestId('to-resolve').filter({ hasText: '1' }).waitFor();

    await second.page.keyboard.press('F4');
    await second.page.getByRole('button', { name: 'Swap Cherry Board' }).click();
    // Without the mouse from here: type a name, Tab to the match, Enter.
    await second.page.getByLabel('1 × what instead of Cherry Board?').waitFor();
    await second.page.keyboard.type('maple');
    await second.page
      .getByRole('list', { name: 'Products to swap in' })
      .getByRole('button', { name: /Maple Board/ })
      .waitFor();
    await second.page.keyboard.press('Tab');
    await second.page.keyboard.press('Enter');
    await expect.poll(() => second.page.getByTestId('swap-chosen').textContent()).toContain('1 × Maple Board instead of Cherry Board');
    await second.page.screenshot({ path: `${SCREENSHOTS}resolution-swap-1024x768.png` });
    await second.page.getByRole('button', { name: 'Sell with the swap' }).click();
    await second.page
      .getByRole('status')
      .filter({ hasText: /sold with the swap: €20\.00\. Collect €2\.00 from the customer\./ })
      .waitFor();
    await second.page.getByTestId('to-resolve').waitFor({ state: 'detached' });

    const lookup = async (code: string) =>
      (await kit.request<{ variantId: string }>('GET', `/api/v1/core-inventory/lookup?code=${code}`)).body.variantId;
    const [cherry, maple] = [await lookup('5901234123457'), await lookup('9781234567897')];
    await expect.poll(async () => [await onHand(cherry), await onHand(maple)], { timeout: 15_000 }).toEqual([0, 2]);
    const [sale] = await kit.kernel.db.query<{ total: string; status: string }>(
      `select s.total, s.status from sales.sales s where s.device_id = $1 order by s.receipt_number desc limit 1`,
      [second.deviceId],
    );
    expect([sale?.status, Number(sale?.total)]).toEqual(['completed', 2000]);
  });
});
