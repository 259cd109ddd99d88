import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port.ts';
import { testProgram } from '../../testing/prerequisites/system-packages.ts';
import { galleryProducts } from './gallery/catalog.ts';

/**
 * The kit's gallery page, built with Vite and served over HTTP, used in Chromium as a person
 * would: a table of 100,000 products, a dialog, a form that the "kernel" refuses, the dark theme.
 */

const GALLERY = fileURLToPath(new URL('./gallery/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/ui-kit/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

let outDir: string;
let server: Server;
let url: string;
let browser: Browser;

async function buildGallery(into: string): Promise<void> {
  const { build, defaultClientConditions } = await import('vite');
  await build({
    configFile: false,
    root: GALLERY,
    base: './',
    logLevel: 'warn',
    publicDir: false,
    resolve: { conditions: ['@kits/source', ...defaultClientConditions] },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: { outDir: into, emptyOutDir: true, target: 'es2022', minify: false },
  });
}

/** A static file server for the built gallery. */
async function serve(root: string): Promise<{ server: Server; url: string }> {
  const port = await freePort();
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${port}/` };
}

async function openGallery(size: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport: size });
  page.on('pageerror', (error) => console.error(`[gallery page error] ${error.message}`));
  await page.goto(url);
  await page.getByRole('grid', { name: 'Products' }).waitFor();
  return page;
}

/** The text of each cell of the data rows drawn, top to bottom. */
async function drawnRows(page: Page): Promise<string[][]> {
  return page.$$eval('[role=grid][aria-label=Products] .k-table__body [role=row]', (rows) =>
    rows
      .map((row) => ({
        top: parseFloat((row as HTMLElement).style.top),
        cells: Array.from(row.querySelectorAll('[role=gridcell]')).map((cell) => cell.textContent ?? ''),
      }))
      .sort((a, b) => a.top - b.top)
      .map((row) => row.cells),
  );
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'kits-ui-kit-gallery-'));
  await buildGallery(outDir);
  ({ server, url } = await serve(outDir));
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: testProgram('chromium'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the UI kit gallery', () => {
  it('lists 100,000 products with fewer than 100 rows in the page, scrolls to row 50,000, sorts and opens a row by keyboard', async () => {
    const page = await openGallery({ width: 1440, height: 900 });
    const grid = page.getByRole('grid', { name: 'Products' });
    expect(await grid.getAttribute('aria-rowcount')).toBe('100001');
    expect(await grid.getByRole('row').count()).toBeLessThan(100);

    // Scroll as a person drags the scrollbar: to row 50,000 (index 49,999).
    await grid.evaluate((element) => (element.scrollTop = 49_999 * 40));
    await expect.poll(async () => (await drawnRows(page)).map((cells) => cells[0])).toContain('Product 50000');
    await page.getByRole('row', { name: /Product 50000 SKU-050000/ }).waitFor();
    expect(await grid.getByRole('row').count()).toBeLessThan(100);

    // Sort by stock: ascending, then descending; the header says which.
    const stock = page.getByRole('columnheader', { name: 'Stock' });
    expect(await stock.getAttribute('aria-sort')).toBe('none');
    await stock.getByRole('button').click();
    expect(await stock.getAttribute('aria-sort')).toBe('ascending');
    await grid.evaluate((element) => (element.scrollTop = 0));
    const products = galleryProducts();
    const lowest = Math.min(...products.map((product) => product.stock));
    await expect.poll(async () => (await drawnRows(page))[0]?.[3]).toBe(String(lowest));
    await stock.getByRole('button').click();
    expect(await stock.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await drawnRows(page))[0]?.[3]).toBe(String(Math.max(...products.map((product) => product.stock))));

    // The keyboard: Home, then ArrowDown to the second row, Enter opens it.
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const second = (await drawnRows(page))[1]![0]!;
    expect(await page.getByRole('status', { name: 'Opened product' }).textContent()).toBe(`Opened ${second}`);
    expect(await page.locator('.k-table__row--active').getAttribute('aria-rowindex')).toBe('3');

    // End goes to the last product, drawn at the bottom of a list of 100,000.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.k-table__row--active').getAttribute('aria-rowindex')).toBe('100001');
    expect(await grid.getByRole('row').count()).toBeLessThan(100);
    await page.close();
  });

  it('pages a list the server sends 50 rows at a time, and opens a link row with Enter', async () => {
    const page = await openGallery({ width: 1440, height: 900 });
    const grid = page.getByRole('grid', { name: 'Suppliers' });
    expect(await grid.getAttribute('aria-rowcount')).toBe('51');
    await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('101');

    // Each row is a link to its record; Enter on the active row follows it.
    await grid.evaluate((element) => (element.scrollTop = 0));
    await expect.poll(() => grid.getByRole('link', { name: 'Supplier 1', exact: true }).getAttribute('href')).toBe('#supplier-s1');
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#supplier-s2');
    await page.close();
  });

  it('searches once typing pauses, and says so when nothing matches', async () => {
    const page = await openGallery({ width: 1024, height: 768 });
    const grid = page.getByRole('grid', { name: 'Products' });
    await page.getByRole('searchbox', { name: 'Search products' }).fill('Product 4999');
    // "Product 4999" and "Product 49990" … "Product 49999": 11 rows and the header.
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('12');
    await page.getByRole('searchbox', { name: 'Search products' }).fill('no such thing');
    await grid.getByText('Nothing here yet').waitFor();
    expect(await grid.getAttribute('aria-rowcount')).toBe('1');
    await page.close();
  });

  it('keeps the focus inside a dialog until Esc closes it, then gives it back', async () => {
    const page = await openGallery({ width: 1440, height: 900 });
    const opener = page.getByRole('button', { name: 'Edit product' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Edit product' });
    await dialog.waitFor();
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    for (let tab = 0; tab < 8; tab++) {
      await page.keyboard.press(tab % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);

    // The confirm dialog names its action on its button and closes on Cancel.
    await page.getByRole('button', { name: 'Delete product' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete product?' });
    await confirm.getByRole('button', { name: 'Delete product' }).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.close();
  });

  it("shows the kernel's problem beside its field, keeps what was typed, and a money parse problem under its box", async () => {
    const page = await openGallery({ width: 1440, height: 900 });
    const form = page.getByRole('form', { name: 'Product' });
    const sku = form.getByLabel('SKU');
    await sku.fill('TS 01');
    await form.getByRole('button', { name: 'Save product' }).click();
    const problem = form.getByRole('alert').filter({ hasText: 'must not contain spaces' });
    await problem.waitFor();
    expect(await sku.inputValue()).toBe('TS 01');
    expect(await sku.getAttribute('aria-invalid')).toBe('true');
    expect(await sku.getAttribute('aria-describedby')).toContain(await problem.getAttribute('id'));

    const price = form.getByLabel('Price');
    await price.fill('12.345');
    await price.blur();
    await form.getByRole('alert').filter({ hasText: 'EUR has 2 decimals' }).waitFor();
    expect(await price.inputValue()).toBe('12.345');

    // Fixed, it saves: the problem goes, a toast says so in the live region.
    await sku.fill('TS-01');
    await form.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('status', { name: 'Notifications' }).getByText('Product saved').waitFor();
    expect(await form.getByRole('alert').filter({ hasText: 'must not contain spaces' }).count()).toBe(0);
    await page.close();
  });

  it('turns dark with data-theme="dark" and is photographed light and dark at 1440×900 and 1024×768', async () => {
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      const page = await openGallery(size);
      const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(await background()).toBe('rgb(245, 247, 250)');
      await page.screenshot({ path: join(SCREENSHOTS, `gallery-light-${size.width}x${size.height}.png`) });
      // The whole page too, so the forms below the fold can be looked at.
      await page.screenshot({ path: join(SCREENSHOTS, `gallery-full-page-light-${size.width}x${size.height}.png`), fullPage: true });
      await page.getByRole('button', { name: 'Dark theme' }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await background()).toBe('rgb(15, 19, 24)');
      await page.screenshot({ path: join(SCREENSHOTS, `gallery-dark-${size.width}x${size.height}.png`) });
      await page.close();
    }
  });
});
