import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin, SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, signInOnTill, tillReady } from './support/till-browser.ts';

/** The screens tills are bought with: a 1024×768 touch screen, laptops, a 1366×768 all-in-one, full HD. */
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/**
 * What is cut off on the screen shown: the menu's entries outside the menu or the window (or a menu
 * that has to scroll), anything of the top bar outside the window, a page wider than the window,
 * and each primary action not wholly inside the window as it opens (scrolled to the top).
 */
async function cutOff(page: Page, primary: readonly Locator[]): Promise<string[]> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const width = window.innerWidth;
    const inside = (rect: DOMRect, left: number, right: number) => rect.left >= left - 0.5 && rect.right <= right + 0.5;
    const nav = document.querySelector<HTMLElement>('.till-bar nav');
    if (nav) {
      if (nav.scrollWidth > nav.clientWidth + 1) found.push(`the menu scrolls: ${nav.scrollWidth} px of entries in ${nav.clientWidth} px`);
      const box = nav.getBoundingClientRect();
      for (const entry of Array.from(nav.querySelectorAll('button'))) {
        const rect = entry.getBoundingClientRect();
        if (!inside(rect, Math.max(0, box.left), Math.min(width, box.right)))
          found.push(`menu entry "${entry.textContent}" is cut (${Math.round(rect.left)}–${Math.round(rect.right)} px)`);
      }
    }
    for (const item of Array.from(document.querySelectorAll<HTMLElement>('.till-bar > *'))) {
      const rect = item.getBoundingClientRect();
      if (!inside(rect, 0, width))
        found.push(`"${item.textContent}" in the top bar is cut (${Math.round(rect.left)}–${Math.round(rect.right)} px)`);
      if (item.matches('.waiting, .status, .lock') && item.scrollWidth > item.clientWidth + 1)
        found.push(`"${item.textContent}" does not fit its badge`);
    }
    const bar = document.querySelector<HTMLElement>('.till-bar');
    if (bar && bar.scrollWidth > bar.clientWidth + 1) found.push(`the top bar is ${bar.scrollWidth} px wide in ${bar.clientWidth} px`);
    if (document.documentElement.scrollWidth > width + 1)
      found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px`);
    return found;
  });
  const viewport = page.viewportSize()!;
  for (const action of primary) {
    const box = await action.boundingBox();
    const name = (await action.textContent())?.trim() || (await action.getAttribute('aria-label')) || 'a primary action';
    if (!box) problems.push(`"${name}" is not shown`);
    else if (box.x < -0.5 || box.y < -0.5 || box.x + box.width > viewport.width + 0.5 || box.y + box.height > viewport.height + 0.5)
      problems.push(
        `"${name}" is outside the window without scrolling (${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)})`,
      );
  }
  return problems;
}

/**
 * Every till screen at the common till sizes, with badges showing: a screenshot of each in
 * test-results/screenshots/, and nothing cut off — the whole menu, the bar's badges and the screen's
 * primary actions are inside the window.
 */
describe('every till screen fits the common till screens', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const problems: string[] = [];

  /** Shows the screen at each size, saves its screenshot, and notes what is cut off. */
  const atEverySize = async (screen: string, primary: (page: Page) => readonly Locator[] = () => []) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      // Two frames: the layout has settled for the new size.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await page.screenshot({ path: `${SCREENSHOTS}fits-${screen}-${size.width}x${size.height}.png` });
      for (const problem of await cutOff(page, primary(page))) problems.push(`${screen} at ${size.width}×${size.height}: ${problem}`);
    }
  };
  const scan = async (code: string) => {
    await page.keyboard.type(code, { delay: 5 });
    await page.keyboard.press('Enter');
  };
  const sellForCash = async (codes: readonly string[]) => {
    await page.keyboard.press('F2');
    await page.getByLabel('Scan').waitFor();
    for (const code of codes) await scan(code);
    await expect.poll(() => page.locator('[data-testid=cart] tr').count()).toBe(new Set(codes).size);
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();
  };

  beforeAll(async () => {
    // An offline sale that oversold is denied, so the resolution queue has a sale and the menu its badge.
    kit = await createTestKernel({
      plugins: [...SHOP_PLUGINS, firstPartyPlugin('purchasing'), firstPartyPlugin('escpos-receipts')],
      db: 'pglite',
      settings: { 'core-sales': { offlineOversell: 'deny' } },
    });
    url = await kit.kernel.listen();
    await kit.request('PATCH', `/api/v1/tenants/current/locations/${kit.tenant.locationId}`, {
      body: { addressLines: ['Torstraße 12', '10119 Berlin'], taxId: 'DE123456789', timezone: 'Europe/Berlin' },
    });
    await stockShelf(kit, [
      { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 50, taxClass: 'reduced' },
      { name: 'Butter Croissant', sku: 'BAK-CRO', barcode: '2000000000039', price: 220, quantity: 50, taxClass: 'reduced' },
      { name: 'Ceramic Mug Black, Large (450 ml)', sku: 'MUG-BLK-L', barcode: '4006381333931', price: 1250, quantity: 50 },
      { name: 'Walnut Serving Board', sku: 'BRD-WAL', barcode: '036000291452', price: 1800, quantity: 1 },
    ]);
    till = await kit.signInTill({
      permissions: [
        'core-sales:checkout',
        'core-sales:shift',
        'core-sales:refund',
        'core-sales:refund.without-receipt',
        'core-sales:discount',
        'purchasing:receive',
        'kernel:plugins.manage',
      ],
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: SIZES[0] });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[till page error] ${error.message}`));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('pairing and signing in', async () => {
    const pairing = await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/devices/${till.deviceId}/pairing-code`);
    await page.goto(`${url}/till/`);
    await page.locator('input[name=code]').waitFor();
    await atEverySize('pairing', (p) => [p.locator('.sign-in button[type=submit]')]);
    await page.fill('input[name=code]', pairing.body.code);
    await page.keyboard.press('Enter');
    await page.locator('.staff-picker, input[name=email]').first().waitFor();
    await atEverySize('sign-in', (p) => [p.locator('.sign-in').first()]);
    await signInOnTill(page, { email: till.email, pin: till.pin });
    await tillReady(page);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
    expect(problems.splice(0)).toEqual([]);
  });

  it('with a sale to resolve: two boards sold offline where there was one, denied when the till is back', async () => {
    await context.setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await sellForCash(['036000291452', '036000291452']);
    await context.setOffline(false);
    await page.getByTestId('to-resolve').filter({ hasText: '1' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('the checkout with lines, paying, and the receipt', async () => {
    await page.keyboard.press('F2');
    for (const code of ['2000000000015', '2000000000015', '2000000000039', '4006381333931']) await scan(code);
    await expect.poll(() => page.locator('[data-testid=cart] tr').count()).toBe(3);
    await atEverySize('checkout', (p) => [p.getByRole('button', { name: 'Pay (F9)' }), p.getByLabel('Scan')]);
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await atEverySize('tender', (p) => [p.locator('.tender .notes button').first(), p.getByLabel('Cash handed over')]);
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await atEverySize('receipt', (p) => [p.getByRole('button', { name: 'New sale (Enter)' }), p.getByTestId('change')]);
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();
    await page.keyboard.press('F10');
    await page.getByLabel('Receipt number').waitFor();
    await atEverySize('returns', (p) => [p.getByLabel('Receipt number')]);
    await page.keyboard.press('Escape');
    expect(problems.splice(0)).toEqual([]);
  });

  it('offline, with sales waiting to be sent: the badges and the whole menu still fit', async () => {
    await context.setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await sellForCash(['2000000000039']);
    await page.getByTestId('waiting').filter({ hasText: '1 to send' }).waitFor();
    await atEverySize('offline-waiting', (p) => [p.getByTestId('waiting'), p.getByTestId('connection'), p.getByTestId('to-resolve')]);
    await page.getByRole('button', { name: 'Shift', exact: true }).click();
    await page.getByRole('button', { name: 'Close shift' }).waitFor();
    await atEverySize('shift-offline', (p) => [p.getByRole('button', { name: 'Close shift' })]);
    await context.setOffline(false);
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 30_000 });
    expect(problems.splice(0)).toEqual([]);
  });

  it('the shift, today’s sales, the resolution queue, the marketplace, settings, stock and receiving', async () => {
    await page.getByRole('button', { name: 'Shift', exact: true }).click();
    await page.getByTestId('shift-report').waitFor();
    await atEverySize('shift', (p) => [p.getByRole('button', { name: 'Close shift' })]);
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await page.getByTestId('today-total').waitFor();
    await atEverySize('today');
    await page.getByRole('button', { name: /To resolve/ }).click();
    await page.getByRole('button', { name: 'Void' }).waitFor();
    await atEverySize('resolve', (p) => [p.getByRole('button', { name: 'Void' })]);
    await page.getByRole('button', { name: 'Plugins', exact: true }).click();
    await page.getByRole('link', { name: 'Marketplace opens in the back office' }).waitFor();
    await atEverySize('marketplace', (p) => [p.getByRole('link', { name: 'Marketplace opens in the back office' })]);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Receipt printer').waitFor();
    await atEverySize('settings', (p) => [p.getByLabel('Receipt printer')]);
    await page.getByRole('button', { name: 'Stock', exact: true }).click();
    await page.getByLabel('Find a product').fill('mug');
    await page.getByRole('option', { name: /Ceramic Mug Black/ }).click();
    await atEverySize('stock', (p) => [p.getByLabel('Find a product')]);
    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    await page.getByLabel('Scan an order or item').waitFor();
    await atEverySize('receive', (p) => [p.getByLabel('Scan an order or item')]);

    expect(problems.splice(0)).toEqual([]);
  });
});
