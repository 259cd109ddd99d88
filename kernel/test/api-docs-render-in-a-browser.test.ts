import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin } from '../../testing/first-party-plugins.ts';
import { testProgram } from '../../testing/prerequisites/system-packages.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** The API documentation at /docs, as an integrator opens it: every plugin's routes, with the list routes' page parameters. */
describe('the API docs page', () => {
  let kit: TestKernel;
  let browser: Browser;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: ['core-inventory', 'core-sales', 'purchasing'].map(firstPartyPlugin), db: 'pglite' });
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: testProgram('chromium'),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('shows the kernel and plugin routes in a browser, the product list with limit and cursor', async () => {
    const url = await kit.kernel.listen();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    await page.goto(`${url}/docs`);

    // Past 150 tags and operations Swagger UI draws only those near the viewport (a virtual list):
    // the page is read as a person reads it, scrolling down until the product list shows.
    const productList = page
      .locator('.opblock-get')
      .filter({ has: page.locator('.opblock-summary-path[data-path="/api/v1/core-inventory/products"]') });
    await page.locator('.opblock-tag').first().waitFor();
    const nextScreen = async () => {
      const before = await page.evaluate(() => window.scrollY);
      await page.evaluate(() => window.scrollBy(0, 700));
      await page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))));
      return (await page.evaluate(() => window.scrollY)) !== before;
    };
    const sections = new Set<string>();
    do {
      for (const id of await page.locator('.opblock-tag').evaluateAll((tags) => tags.map((tag) => tag.id))) sections.add(id);
    } while (await nextScreen());
    expect([...sections]).toEqual(
      expect.arrayContaining(['Auth', 'Tenancy', 'Plugins', 'Inventory', 'Sales', 'Purchasing'].map((tag) => `operations-tag-${tag}`)),
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    while ((await productList.count()) === 0 && (await nextScreen()));
    await productList.scrollIntoViewIfNeeded();
    expect([...sections]).toEqual(expect.arrayContaining(['operations-tag-Auth', 'operations-tag-Tenancy', 'operations-tag-Inventory']));
    await page.screenshot({ path: `${SCREENSHOTS}api-docs-1280x800.png` });
    await productList.locator('.opblock-summary').click();
    await productList.locator('.parameter__name').first().waitFor();
    const parameters = await productList.locator('.parameter__name').allTextContents();
    expect(parameters.map((name) => name.replace(/\*.*$/s, '').trim())).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'barcode', 'sku', 'q']),
    );
  });
});
