import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin, SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

type Order = { id: string; number: string; status: string; lines: Array<{ variantId: string; receivedQuantity: number }> };

/** Purchasing's Receive screen in Chromium, against a real kernel on PostgreSQL with the purchasing plugin. */
describe('the till’s Receive screen, as a stock clerk uses it', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let url: string;
  let order: Order;
  let variants: Record<string, string>;

  const onHand = async (variantId: string) =>
    (
      await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>(
        'GET',
        `/api/v1/core-inventory/variants/${variantId}/stock`,
      )
    ).body.items.find((i) => i.locationId === kit.tenant.locationId)?.onHand ?? 0;
  /** A keyboard-wedge scanner: a fast burst of keys, then Enter. */
  const scan = async (code: string) => {
    await page.getByLabel('Scan an order or item').click();
    await page.keyboard.type(code, { delay: 5 });
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS, firstPartyPlugin('purchasing')], db: 'postgres' });
    url = await kit.kernel.listen();
    variants = await stockShelf(kit, [
      { name: 'Barista Oat Milk 1L', sku: 'OAT-1L', barcode: '8712345678906', price: 299, quantity: 2 },
      { name: 'Honey Granola Bar', sku: 'GRAN-HNY', barcode: '4006381333931', price: 149, quantity: 0 },
      { name: 'Sea Salt Crisps', sku: 'CRISP-SS', barcode: '036000291452', price: 199, quantity: 5 },
    ]);
    const supplier = await kit.request<{ id: string }>('POST', '/api/v1/purchasing/suppliers', {
      body: {
        name: 'Green Valley Foods',
        currency: 'EUR',
        leadTimeDays: 5,
        contacts: [{ name: 'Mia Hart', email: 'mia@greenvalley.example' }],
      },
    });
    for (const [sku, packSize, cost] of [
      ['OAT-1L', 6, 145],
      ['GRAN-HNY', 12, 62],
    ] as const)
      await kit.request('PUT', `/api/v1/purchasing/suppliers/${supplier.body.id}/items/${variants[sku]}`, {
        body: { supplierSku: `GV-${sku}`, packSize, unitCost: { amount: cost, currency: 'EUR' } },
      });
    const created = await kit.request<Order>('POST', '/api/v1/purchasing/purchase-orders', {
      body: {
        supplierId: supplier.body.id,
        locationId: kit.tenant.locationId,
        expectedOn: '2026-11-28',
        lines: [
          { variantId: variants['OAT-1L'], packs: 1 },
          { variantId: variants['GRAN-HNY'], packs: 1 },
        ],
      },
    });
    order = (await kit.request<Order>('POST', `/api/v1/purchasing/purchase-orders/${created.body.id}/send`)).body;
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'purchasing:receive'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('opens the order from its barcode, counts scanned items against its lines, refuses one not ordered, and posts', async () => {
    await pairTestTill(page, kit, url, till);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
    await page.keyboard.press('F1');
    await page.getByLabel('Scan an order or item').waitFor();

    await scan(order.number);
    await expect.poll(() => page.getByTestId('order-number').textContent()).toBe(order.number);
    expect(await page.getByTestId('receive-line').allTextContents()).toHaveLength(2);

    for (const code of ['8712345678906', '8712345678906', '8712345678906', '8712345678906', '4006381333931', '4006381333931'])
      await scan(code);
    await expect.poll(() => page.getByTestId('counted').allTextContents()).toEqual(['4', '2']);
    // Crisps are not on the order and this clerk may not receive items that were not ordered.
    await scan('036000291452');
    await expect.poll(() => page.getByTestId('receive-message').textContent()).toContain('Sea Salt Crisps is not on ' + order.number);
    await expect.poll(() => page.getByTestId('counted').allTextContents()).toEqual(['4', '2']);
    // One of the bars came crushed: counted as damaged, not into stock.
    await page.getByRole('button', { name: 'Damaged', exact: true }).click();
    await scan('4006381333931');
    await page.getByRole('button', { name: 'Good', exact: true }).click();
    await expect.poll(() => page.getByTestId('counted-total').textContent()).toBe('6');
    await page.screenshot({ path: `${SCREENSHOTS}receive-1280x800.png` });

    await page.getByRole('button', { name: 'Post receipt' }).click();
    await expect
      .poll(() => page.getByTestId('receive-message').textContent(), { timeout: 15_000 })
      .toContain('Posted: 6 into stock, 1 damaged');
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('Partially received');

    // On the server: stock in, the damaged bar not, the order partially received.
    expect(await onHand(variants['OAT-1L']!)).toBe(2 + 4);
    expect(await onHand(variants['GRAN-HNY']!)).toBe(2);
    expect(await onHand(variants['CRISP-SS']!)).toBe(5);
    const after = (
      await kit.request<Order & { lines: Array<{ damagedQuantity: number }> }>('GET', `/api/v1/purchasing/purchase-orders/${order.id}`)
    ).body;
    expect(after.status).toBe('partially_received');
    expect(after.lines.map((l) => [l.receivedQuantity, l.damagedQuantity])).toEqual([
      [4, 0],
      [2, 1],
    ]);
    const receipts = await kit.kernel.db.query<{ device_id: string }>('select device_id from purchasing.receipts where po_id = $1', [
      order.id,
    ]);
    expect(receipts).toEqual([{ device_id: till.deviceId }]);
    await page.screenshot({ path: `${SCREENSHOTS}receive-posted-1280x800.png` });
  }, 90_000);

  it('offline, scanning an order says clearly that receiving needs the network', async () => {
    await page.context().setOffline(true);
    try {
      await scan(order.number);
      await expect
        .poll(() => page.getByTestId('receive-message').textContent(), { timeout: 15_000 })
        .toContain('Receiving needs the network');
    } finally {
      await page.context().setOffline(false);
    }
  }, 60_000);
});
