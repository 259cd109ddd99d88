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

    const productList = page
      .locator('.opblock-get')
      .filter({ has: page.locator('.opblock-summary-path[data-path="/api/v1/core-inventory/products"]') });
    await productList.waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
    await page.screenshot({ path: `${SCREENSHOTS}api-docs-1280x800.png` });
    await productList.locator('.opblock-summary').click();
    const parameters = await productList.locator('.parameter__name').allTextContents();
    expect(parameters.map((name) => name.replace(/\*.*$/s, '').trim())).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'barcode', 'sku', 'q']),
    );
  });
});
