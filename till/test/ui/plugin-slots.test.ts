import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/plugins/${name}`, import.meta.url));

/** Plugins' till bundles in Chromium: loaded from the kernel, mounted in the menu, their failures boxed in. */
describe('plugins on the till, as a cashier meets them', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [...SHOP_PLUGINS, fixture('till-faulty'), fixture('till-unloadable'), fixture('till-extras')],
    });
    url = await kit.kernel.listen();
    await stockShelf(kit, [{ name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 20 }]);
    till = await kit.signInTill({ permissions: ['core-sales:checkout'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await pairTestTill(page, kit, url, till);
    await page.getByLabel('Scan').waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('the menu holds the screens plugins contribute, in their order, each opened by click or its key', async () => {
    expect(await page.locator('.till-bar nav button').allTextContents()).toEqual([
      'Checkout',
      'Shift',
      'Today',
      'To resolve',
      'Stock',
      'Faulty',
      'Settings',
      'Plugins',
    ]);
    await page.keyboard.press('F6');
    await page.getByLabel('Find a product').waitFor();
    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Faulty panel' }).waitFor();
    await page.keyboard.press('F2');
    await page.getByLabel('Scan').waitFor();
  });

  it('a plugin that cannot load is named with its reason; the till works without it', async () => {
    const notice = page.getByRole('alert').filter({ hasText: 'Unloadable panel is not available on this till' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('/till/plugins/till-unloadable/1.0.0/index.js');
  });

  it('a plugin that throws while rendering shows an error box in its place, not a white screen', async () => {
    await page.getByRole('button', { name: 'Faulty' }).click();
    await page.getByRole('button', { name: 'Break it' }).click();
    const box = page.getByTestId('slot-error');
    await box.waitFor();
    expect(await box.textContent()).toContain('Faulty panel stopped working here.');
    expect(await box.textContent()).toContain('the faulty panel cannot draw itself');
    await page.screenshot({ path: `${SCREENSHOTS}plugin-error-box-1024x768.png` });
    // The rest of the till is untouched: the menu and the other screens work.
    await page.getByRole('button', { name: 'Stock' }).click();
    await page.getByLabel('Find a product').waitFor();
    await page.getByRole('button', { name: 'Checkout' }).click();
    await page.getByLabel('Scan').waitFor();
    // Back on the faulty screen, it is drawn afresh.
    await page.getByRole('button', { name: 'Faulty' }).click();
    await page.getByRole('button', { name: 'Break it' }).waitFor();
  });

  it('the Plugins screen names what runs on this till and what did not load, and leads to the back office marketplace', async () => {
    await page.getByRole('button', { name: 'Plugins' }).click();
    const list = page.getByTestId('plugins');
    await list.waitFor();
    const items = await list.locator('li').allTextContents();
    expect(items).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Inventorycore-inventory \d+\.\d+\.\d+$/),
        'Faulty paneltill-faulty 1.0.0',
        expect.stringMatching(/^Unloadable panelnot loaded: Failed to fetch/),
      ]),
    );
    // Installing and configuring plugins moved to the back office: the till links there.
    const link = page.getByRole('link', { name: 'Marketplace opens in the back office' });
    expect(await link.getAttribute('href')).toBe('/office/marketplace');
    expect(await page.getByRole('button', { name: 'Install…' }).count()).toBe(0);
    await page.keyboard.press('F2');
    await page.getByLabel('Scan').waitFor();
  });

  it('plugins’ checkout slots: a note under each cart line, an action, a way to pay that covers part of the sale, a receipt footer', async () => {
    await page.keyboard.press('F2');
    await page.getByLabel('Scan').waitFor();
    await page.keyboard.type('2000000000015', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=cart] .extras-note').filter({ hasText: '1 × COF-FW checked by Extras' }).waitFor();
    expect(await page.locator('.extras-action').textContent()).toBe('Extras sees 1 lines');

    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.getByRole('button', { name: 'Voucher (2.00)' }).click();
    await page.getByTestId('tendered').filter({ hasText: 'voucher €2.00' }).waitFor();
    expect(await page.locator('.tender .due').textContent()).toContain('€1.40');
    await page.screenshot({ path: `${SCREENSHOTS}plugin-tender-1024x768.png` });
    await page.keyboard.press('Enter');
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain('voucher€2.00');
    expect(await receipt.locator('.extras-footer').textContent()).toBe('Thank you from Extras, receipt 1');
  });

  it('the settings screen: how soon the till locks, the hardware it sees, and the plugins’ settings panels', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Lock after no touch for').selectOption('2');
    expect(await page.evaluate(() => localStorage.getItem('kits.till.lockAfterSeconds'))).toBe('120');
    expect(await page.locator('.settings-screen').textContent()).toContain(
      'In a browser the till reaches printers and serial devices through the hardware agent',
    );
    expect(await page.locator('.extras-settings').textContent()).toContain('Extras has nothing to set.');
    await page.screenshot({ path: `${SCREENSHOTS}settings-1024x768.png` });
    await page.evaluate(() => localStorage.removeItem('kits.till.lockAfterSeconds'));
  });
});
