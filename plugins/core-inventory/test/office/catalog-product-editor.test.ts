import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN } from '../support.ts';

/** A third-party plugin that adds "Print shelf label" to the product page (the office's own fixture). */
const LABELS = fileURLToPath(new URL('../../../../office/test/fixtures/plugins/office-extras', import.meta.url));

interface Product {
  id: string;
  name: string;
  status: string;
  optionAxes: string[];
  variants: Array<{
    sku: string;
    options: Record<string, string>;
    status: string;
    barcodes: Array<{ code: string }>;
    prices: Array<{ currency: string; amount: number; locationId: string | null }>;
  }>;
}

/**
 * A merchant creates a product in the back office (Chromium, real kernel on PostgreSQL): two option
 * axes make four variants, a barcode's wrong check digit is pointed out as it is typed, prices are
 * set per currency and per location; a SKU another product has is refused beside its field with
 * everything typed kept and nothing written; then the product is archived and restored.
 */
describe('creating and editing a product in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  let harbour: string;

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [PLUGIN, LABELS],
      db: 'postgres',
      settings: { 'core-inventory': { otherCurrencies: ['CHF'] } },
    });
    url = await kit.kernel.listen();
    harbour = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Harbour Store', kind: 'store' } })
    ).body.id;
    const taken = await kit.request('POST', '/api/v1/core-inventory/products', {
      body: { name: 'Rain Poncho', unit: 'piece', variants: [{ sku: 'JKT-M-BLUE', prices: [{ currency: 'EUR', amount: 3500 }] }] },
    });
    expect(taken.status).toBe(201);
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  /** Screenshots from the top of the page (the frame stays put; a scrolled page would be drawn under it). */
  const shoot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await shootOffice(page, name);
  };
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  const products = async () =>
    (await kit.request<{ items: Product[] }>('GET', '/api/v1/core-inventory/products?archived=true&limit=100')).body.items;
  const variant = (title: string): Locator => page.getByRole('group', { name: `Variant ${title}` });

  it('builds a product with two options, barcodes checked as typed and prices per currency and location', async () => {
    await gotoOffice(page, url, '/core-inventory/products');
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByRole('heading', { name: 'New product' }).waitFor();
    await page.getByLabel('Name (required)', { exact: true }).fill('Trail Jacket');
    // The first variant's price is copied to the variants the options make.
    await variant('Variant 1').getByRole('group', { name: 'Price 1' }).getByLabel('Price', { exact: true }).fill('129.00');
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByRole('group', { name: 'Option 1' }).getByLabel('Option', { exact: true }).fill('Size');
    await page.getByRole('group', { name: 'Option 1' }).getByLabel('Values', { exact: true }).fill('S, M');
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByRole('group', { name: 'Option 2' }).getByLabel('Option', { exact: true }).fill('Colour');
    await page.getByRole('group', { name: 'Option 2' }).getByLabel('Values', { exact: true }).fill('Red, Blue');
    await page.getByRole('button', { name: 'Create variants (4)' }).click();
    for (const title of ['S / Red', 'S / Blue', 'M / Red', 'M / Blue']) await variant(title).waitFor();
    expect(await variant('M / Blue').getByLabel('SKU (required)', { exact: true }).inputValue()).toBe('TRAILJACKET-M-BLUE');

    const small = variant('S / Red');
    await small.getByLabel('SKU (required)', { exact: true }).fill('JKT-S-RED');
    await small.getByRole('button', { name: 'Add barcode' }).click();
    await small.getByLabel('Barcode 1', { exact: true }).fill('4006381333936');
    const wrong = small.getByRole('alert').filter({ hasText: 'check digit' });
    await wrong.waitFor();
    expect(await wrong.textContent()).toBe('EAN-13: the check digit should be 1, not 6');
    await shoot('core-inventory-product-check-digit');
    await small.getByLabel('Barcode 1', { exact: true }).fill('4006381333931');
    await small.getByText('EAN-13, check digit correct').waitFor();
    await small.getByRole('button', { name: 'Add barcode' }).click();
    await small.getByLabel('Barcode 2', { exact: true }).fill('SHELF-JKT-S');
    await small.getByRole('button', { name: 'Add price' }).click();
    await small.getByRole('group', { name: 'Price 2' }).getByLabel('Currency', { exact: true }).selectOption('CHF');
    await small.getByRole('group', { name: 'Price 2' }).getByLabel('Price', { exact: true }).fill('139.00');
    await small.getByRole('button', { name: 'Add price' }).click();
    await small.getByRole('group', { name: 'Price 3' }).getByLabel('Where', { exact: true }).selectOption({ label: 'Harbour Store' });
    await small.getByRole('group', { name: 'Price 3' }).getByLabel('Price', { exact: true }).fill('119.00');
    await variant('M / Blue').getByLabel('SKU (required)', { exact: true }).fill('JKT-M-BLUE');
    await shoot('core-inventory-product-new');
  });

  it('refuses a SKU another product has beside its field, keeps everything typed, and writes nothing', async () => {
    const before = await products();
    await page.getByRole('button', { name: 'Create product' }).first().click();
    const problem = variant('M / Blue').getByRole('alert');
    await problem.waitFor();
    expect(await problem.textContent()).toBe('is used by another product already');
    expect(await variant('M / Blue').getByLabel('SKU (required)', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').filter({ hasText: 'Creating the product failed' }).textContent()).toContain('JKT-M-BLUE');
    expect(await page.getByLabel('Name (required)', { exact: true }).inputValue()).toBe('Trail Jacket');
    expect(await variant('S / Red').getByLabel('Barcode 1', { exact: true }).inputValue()).toBe('4006381333931');
    expect(await variant('S / Red').getByRole('group', { name: 'Price 2' }).getByLabel('Price', { exact: true }).inputValue()).toBe(
      '139.00',
    );
    expect(await products()).toEqual(before);
    await shoot('core-inventory-product-refused');

    await variant('M / Blue').getByLabel('SKU (required)', { exact: true }).fill('JKT-M-BLU');
    await page.getByRole('button', { name: 'Create product' }).first().click();
    await page.getByRole('heading', { name: 'Trail Jacket' }).waitFor();
    const jacket = (await products()).find((p) => p.name === 'Trail Jacket')!;
    expect(jacket.optionAxes).toEqual(['Size', 'Colour']);
    expect(jacket.variants.map((v) => [v.sku, v.options])).toEqual([
      ['JKT-S-RED', { Size: 'S', Colour: 'Red' }],
      ['TRAILJACKET-S-BLUE', { Size: 'S', Colour: 'Blue' }],
      ['TRAILJACKET-M-RED', { Size: 'M', Colour: 'Red' }],
      ['JKT-M-BLU', { Size: 'M', Colour: 'Blue' }],
    ]);
    const red = jacket.variants[0]!;
    expect(red.barcodes.map((b) => b.code)).toEqual(['4006381333931', 'SHELF-JKT-S']);
    expect(red.prices).toEqual(
      expect.arrayContaining([
        { currency: 'EUR', amount: 12900, locationId: null },
        { currency: 'CHF', amount: 13900, locationId: null },
        { currency: 'EUR', amount: 11900, locationId: harbour },
      ]),
    );
    expect(jacket.variants[3]!.prices).toEqual([{ currency: 'EUR', amount: 12900, locationId: null }]);
    expect(page.url()).toBe(`${url}/office/core-inventory/products/${jacket.id}`);
  });

  it('shows other plugins’ actions on the product page, saves an edit, archives and restores the product', async () => {
    await page.getByRole('button', { name: 'Print shelf label' }).click();
    await page.getByRole('button', { name: 'Label sent for Trail Jacket' }).waitFor();
    await variant('M / Red').getByRole('group', { name: 'Price 1' }).getByLabel('Price', { exact: true }).fill('99.00');
    await page.getByRole('button', { name: 'Stop selling M / Red' }).click();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('revision 2').waitFor();
    let jacket = (await products()).find((p) => p.name === 'Trail Jacket')!;
    expect(jacket.variants[2]).toMatchObject({
      sku: 'TRAILJACKET-M-RED',
      status: 'archived',
      prices: [{ currency: 'EUR', amount: 9900, locationId: null }],
    });
    await shoot('core-inventory-product');

    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    jacket = (await products()).find((p) => p.name === 'Trail Jacket')!;
    expect(jacket.status).toBe('archived');
    await shoot('core-inventory-product-archived');
    await gotoOffice(page, url, '/core-inventory/products');
    await page.getByLabel('Show', { exact: true }).selectOption('archived');
    await page
      .getByRole('grid', { name: 'Products' })
      .getByRole('row', { name: /Trail Jacket.*Archived/ })
      .click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Archive' }).waitFor();
    jacket = (await products()).find((p) => p.name === 'Trail Jacket')!;
    expect(jacket.status).toBe('active');
  });
});
