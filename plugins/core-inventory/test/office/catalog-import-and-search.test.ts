import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '../../src/shared/barcode.ts';
import { PLUGIN } from '../support.ts';

const HEADER = 'product,sku,unit,tax_class,options,barcodes,currency,price,cost';
const COLOURS = ['Sand', 'Moss', 'Slate', 'Rust', 'Ink'];
const ean13 = (n: number) => {
  const body = `40${String(n).padStart(10, '0')}`;
  return body + gtinCheckDigit(body);
};

/** 500 lines: 250 mugs in two sizes each; `bad` lines are spoilt (101: its barcode's check digit, 302: its price). */
function catalogCsv(bad: readonly number[]): string {
  const lines = [HEADER];
  for (let n = 0; n < 250; n++) {
    const name = `${COLOURS[n % COLOURS.length]} Stoneware Mug ${n + 1}`;
    for (const size of ['S', 'L']) {
      const line = lines.length + 1;
      const barcode =
        bad.includes(101) && line === 101 ? `${ean13(line).slice(0, 12)}${(Number(ean13(line).at(-1)) + 1) % 10}` : ean13(line);
      const price = bad.includes(302) && line === 302 ? '12.5x' : size === 'S' ? '12.50' : '14.90';
      lines.push(`${name},MUG-${n + 1}-${size},piece,standard,size=${size},${barcode},EUR,${price},4.10`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A merchant brings their catalog in from a spreadsheet in the back office (Chromium, real
 * kernel on PostgreSQL): a 500-line file with two bad lines is checked, its problems shown by line
 * and column, nothing written; the fixed file imports; the products are in the list and found by
 * the list's search and the office's search box; the catalog downloads as CSV.
 */
describe('importing a catalog and finding its products in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [PLUGIN], db: 'postgres' });
    url = await kit.kernel.listen();
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

  const summary = async () =>
    (await kit.request<{ products: number; variants: number }>('GET', '/api/v1/core-inventory/catalog/summary')).body;

  it('shows the empty list, then the problems of a 500-line file by line and column without writing anything', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Products' }).click();
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    await page.getByText('No products yet').waitFor();
    await shoot('core-inventory-products-empty');

    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Import & export' }).click();
    await page.getByRole('heading', { name: 'Import & export' }).waitFor();
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'mugs.csv', mimeType: 'text/csv', buffer: Buffer.from(catalogCsv([101, 302])) });
    const problems = page.getByRole('grid', { name: 'Problems' });
    await problems.waitFor();
    await page.getByRole('heading', { name: '2 problems to fix' }).waitFor();
    const rows = problems.getByRole('row');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toMatch(/^101barcodes.*check digit of \d{13} should be \d/);
    expect(await rows.nth(2).textContent()).toMatch(/^302price"12.5x" is not an amount in EUR/);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    expect(await summary()).toMatchObject({ products: 0, variants: 0 });
    await shoot('core-inventory-import-problems');
  });

  it('checks a line fixed in place, then imports the fixed file and lists its 250 products', { timeout: 180_000 }, async () => {
    await page.getByLabel('Contents', { exact: true }).fill(catalogCsv([302]));
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByRole('heading', { name: '1 problem to fix' }).waitFor();
    expect(await page.getByRole('grid', { name: 'Problems' }).getByRole('row').nth(1).textContent()).toMatch(/^302price/);
    expect(await summary()).toMatchObject({ products: 0, variants: 0 });
    await page.getByLabel('CSV file').setInputFiles({ name: 'mugs-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(catalogCsv([])) });
    await page.getByRole('heading', { name: 'Ready to import' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'No problems' }).textContent()).toContain(
      '250 products with 500 variants will be created',
    );
    await shoot('core-inventory-import-ready');
    await page.getByRole('button', { name: 'Import 250 products' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Imported 250 products with 500 variants' })
      // 250 products, each with its variants, barcodes, prices and search words: give a loaded machine time.
      .waitFor({ timeout: 120_000 });
    expect(await summary()).toMatchObject({ products: 250, variants: 500 });

    await page.getByRole('link', { name: 'See them in Products' }).click();
    const list = page.getByRole('grid', { name: 'Products' });
    await list.getByRole('row', { name: /Sand Stoneware Mug 1\b/ }).waitFor();
    expect(await list.getAttribute('aria-rowcount')).toBe('101'); // the first page of 100, and the header
    // Scrolling to the end loads the next page with the cursor.
    await list.focus();
    await page.keyboard.press('End');
    await page.waitForFunction(
      () => Number(document.querySelector('[role=grid][aria-label=Products]')?.getAttribute('aria-rowcount')) > 101,
    );
    await shoot('core-inventory-products');
  });

  it('searches as the merchant types (typos forgiven), and by barcode; a hit opens the product', async () => {
    await gotoOffice(page, url, '/core-inventory/products');
    const list = page.getByRole('grid', { name: 'Products' });
    await list.getByRole('row').nth(1).waitFor();
    await page.getByRole('searchbox', { name: 'Search products' }).fill('slate stonewre mug 13');
    // Ranked search lists variants, with their options where the list had variant counts.
    await list.getByRole('columnheader', { name: 'Options' }).waitFor();
    await list.getByRole('row', { name: /Slate Stoneware Mug 13\b.*MUG-13-S/ }).waitFor();
    expect(await list.getByRole('row').nth(1).textContent()).toContain('Slate Stoneware Mug 13');
    await shoot('core-inventory-products-search');

    await page.getByRole('searchbox', { name: 'Search products' }).fill(ean13(5));
    await list.getByRole('row', { name: /Moss Stoneware Mug 2\b.*MUG-2-L/ }).waitFor();
    await list.getByRole('row', { name: /MUG-2-L/ }).click();
    await page.getByRole('heading', { name: 'Moss Stoneware Mug 2' }).waitFor();
    expect(page.url()).toMatch(/\/office\/core-inventory\/products\/[0-9a-f-]{36}$/);
  });

  it('finds products from the office search box, and shows the catalog card on the dashboard', async () => {
    await gotoOffice(page, url, '/');
    const card = page.getByRole('group', { name: 'Products on sale' });
    await card.waitFor();
    expect(await card.textContent()).toContain('250');
    await shoot('core-inventory-dashboard');
    await page.getByRole('combobox', { name: /Search/ }).fill('Moss Stoneware Mug 77');
    const hit = page.getByRole('group', { name: 'Products' }).getByRole('option', { name: /Moss Stoneware Mug 77\b.*MUG-77-/ });
    await hit.first().waitFor();
    await shoot('core-inventory-office-search');
    await hit.first().click();
    await page.getByRole('heading', { name: 'Moss Stoneware Mug 77' }).waitFor();
  });

  it('downloads the catalog as CSV', async () => {
    await gotoOffice(page, url, '/core-inventory/catalog/import');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download catalog.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('catalog.csv');
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.split('\n')[0]).toBe(HEADER);
    expect(text.trim().split('\n')).toHaveLength(501);
    expect(text).toContain(`Sand Stoneware Mug 1,MUG-1-S,piece,standard,size=S,${ean13(2)},EUR,12.50,4.10`);
    await shoot('core-inventory-import-export');
  });
});
