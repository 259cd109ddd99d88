import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelKit, orderOf, recordSale } from '../support/channel.ts';
import { stockedVariant } from '../support/kits.ts';

/**
 * A Shopify order recorded through sales@1, in the back office (Chromium, PostgreSQL): the sale
 * list and the sale's page call it by the channel's name (`Shopify #1001`) where a till's sale shows
 * its receipt number, say where it was sold, print the shipping on the receipt and offer no refund
 * (it is refunded on Shopify).
 */
describe('a channel’s sale in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  let saleId: string;
  let name: string;

  beforeAll(async () => {
    kit = await channelKit('postgres');
    const lamp = await stockedVariant(kit, 6000, 5, { name: 'Brass lamp' });
    const order = orderOf(kit.tenant.locationId, [{ variantId: lamp, quantity: 1, unitPrice: 5000, tax: 1000 }], {
      charges: [{ kind: 'shipping', title: 'Express shipping', amount: 800, tax: 160 }],
    });
    name = order.source.name!;
    const recorded = await recordSale(kit, { ...order, tenders: [{ method: 'shopify_payments', amount: 6960 }] });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    saleId = recorded.body.sale.id;
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('lists it under the channel’s name and opens its page with the channel, the shipping and no refund', async () => {
    await gotoOffice(page, url, '/core-sales/sales');
    const row = page.getByRole('grid', { name: 'Sales' }).locator(`[role="row"][data-row-key="${saleId}"]`);
    await expect.poll(async () => row.textContent()).toContain(`Shopify ${name}`);
    await row.click();

    await page.getByRole('heading', { name: `Shopify ${name}` }).waitFor();
    const receipt = page.getByRole('document', { name: `Shopify ${name}` });
    const printed = (await receipt.textContent()) ?? '';
    expect(printed).toContain('Sold on: Shopify');
    expect(printed).toContain('Express shipping');
    expect(printed).not.toContain('Served by');
    expect(await page.locator('.k-card', { hasText: 'Sold on' }).first().textContent()).toContain('Shopify');
    expect(await page.getByRole('button', { name: 'Refund items…' }).count()).toBe(0);
    await shootOffice(page, 'core-sales-channel-sale');
  });
});
