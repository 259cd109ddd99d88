import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { formatMoney } from '@kits/plugin-sdk/money';
import { launchChromium, officeAdmin, openOffice, type OfficePerson } from '@kits/office/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../src/office/calendar.ts';
import { readSalesFilters, salesReportQuery } from '../../src/office/sales/sales-filters.ts';
import type { DashboardReport, InventoryHealthReport } from '../../src/shared/report-types.ts';
import { salesReportOf, type SalesAnswer } from '../../src/shared/sales-answer.ts';
import {
  INVENTORY,
  REPORTS,
  SALES,
  daysAgoAt,
  openTill,
  pushOfflineSales,
  sellNow,
  stockItem,
  until,
  type OfflineSale,
  type ShopItem,
} from './shop-with-history.ts';

// A merchant reads the reports in the back office, in Chromium against a real kernel on
// PostgreSQL, with sales made through core-sales (online now, and offline over six weeks, pushed
// late through the sync gateway): the live dashboard, the sales report with its filters in the
// link, inventory health, a forecast — each with its CSV — and a cashier who may not see reports.

const API = '/api/v1/reports';
const SHOTS = fileURLToPath(new URL('../../../../test-results/screenshots/reports/', import.meta.url));
/** A desk screen and a phone: every report page is looked at on both. */
const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

/** Screenshots of the page at each size (`reports-<name>-<w>x<h>.png`), full page, the viewport put back after. */
async function shoot(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // The chart redraws at the new width on the next frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(undefined)))));
    await page.screenshot({ path: `${SHOTS}reports-${name}-${size.width}x${size.height}.png`, fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** The text of the problem shown beside a field (its role="alert"). */
async function problemBeside(field: Locator): Promise<string> {
  const alert = field.locator('xpath=ancestor::div[contains(@class, "k-field")][1]').getByRole('alert');
  await alert.waitFor();
  return (await alert.textContent()) ?? '';
}

const euros = (amount: number) => formatMoney(amount, 'EUR', 'en-GB');

describe('a merchant reads reports in the back office (postgres, Chromium)', () => {
  let kit: TestKernel;
  let url: string;
  let browser: Browser;
  let page: Page;
  let store: string;
  let kiosk: string;
  let espresso: ShopItem;
  let oatMilk: ShopItem;
  let teapot: ShopItem;
  let giftWrap: ShopItem;
  let storeTill: TestTill;
  let kioskTill: TestTill;
  let salesToday = 0;
  let lateToday = 0;

  const api = async <Body>(path: string): Promise<Body> => {
    const answer = await kit.request<Body>('GET', `${API}${path}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  const nav = (path: string) => page.getByRole('navigation', { name: 'Back office' }).locator(`a[href="/office/reports/${path}"]`);
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  const stat = (name: string) => page.getByRole('group', { name, exact: true }).locator('.k-stat__value');
  const gridRows = (name: string) => page.getByRole('grid', { name }).locator('[role="row"][data-row-key]');
  const query = () => new URL(page.url()).searchParams;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [INVENTORY, SALES, REPORTS], db: 'postgres' });
    url = await kit.kernel.listen();
    store = kit.tenant.locationId;
    const made = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
      body: { name: 'Harbour Kiosk', kind: 'store' },
    });
    expect(made.status).toBe(201);
    kiosk = made.body.id;

    espresso = await stockItem(kit, { name: 'Espresso Beans 1kg', price: 1800, cost: 900, stock: 400 });
    await stockItem(kit, { name: 'Espresso Beans 1kg (kiosk stock)', price: 1800, cost: 900, stock: 1, locationId: kiosk });
    oatMilk = await stockItem(kit, { name: 'Oat Milk 1L', price: 250, cost: 120, stock: 300 });
    teapot = await stockItem(kit, { name: 'Cast-iron Teapot', price: 3500, cost: 1500, stock: 4 });
    giftWrap = await stockItem(kit, { name: 'Gift Wrap Roll', price: 400, cost: 150, stock: 20 });
    const kioskStock = await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kiosk, lines: [{ variantId: espresso.variantId, quantity: 50, unitCost: { amount: 900, currency: 'EUR' } }] },
    });
    expect(kioskStock.status).toBe(201);
    // Oat milk is kept at most 100 at the store: 300 on hand is overstock.
    const reorder = await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: store, variantId: oatMilk.variantId, reorderPoint: 20, reorderMax: 100 },
    });
    expect(reorder.status).toBe(200);

    // Six weeks of history at the store, made offline and pushed today: espresso every day (more
    // at weekends, one more every fifth day), oat milk every other day.
    const history: OfflineSale[] = [];
    for (let days = 42; days >= 1; days--) {
      const at = daysAgoAt(days, 10);
      const weekend = at.getUTCDay() === 0 || at.getUTCDay() === 6;
      const beans = (weekend ? 3 : 1) + (days % 5 === 0 ? 1 : 0);
      const milk = days % 2 === 0 ? 2 : 0;
      const lines = [
        { variantId: espresso.variantId, quantity: beans },
        ...(milk ? [{ variantId: oatMilk.variantId, quantity: milk }] : []),
      ];
      history.push({ occurredAt: at, lines, paid: beans * 1800 + milk * 250 });
    }
    // Gift wrap sold once, 40 days ago, and never since: dead stock after 30 days without a sale.
    history.push({ occurredAt: daysAgoAt(40, 15), lines: [{ variantId: giftWrap.variantId, quantity: 1 }], paid: 400 });
    // One sale made today on a till that was offline for over an hour: it arrived late.
    const anHourAgo = new Date(Date.now() - 65 * 60_000);
    if (anHourAgo.getUTCDate() === new Date().getUTCDate()) {
      history.push({ occurredAt: anHourAgo, lines: [{ variantId: espresso.variantId, quantity: 1 }], paid: 1800 });
      lateToday = 1;
    }
    await pushOfflineSales(kit, history);

    storeTill = await openTill(kit);
    kioskTill = await openTill(kit, kiosk);
    await sellNow(kit, storeTill, [{ variantId: espresso.variantId, quantity: 2 }]);
    await sellNow(kit, storeTill, [
      { variantId: espresso.variantId, quantity: 1 },
      { variantId: oatMilk.variantId, quantity: 4 },
    ]);
    await sellNow(kit, kioskTill, [{ variantId: espresso.variantId, quantity: 1 }]);
    salesToday = 3 + lateToday;
    await until(
      async () => (await api<DashboardReport>('/dashboard')).today.sales === salesToday,
      `${salesToday} sales today in the reports`,
    );

    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  });
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it("the dashboard shows today's figures against last week, by hour, top products, tenders and late sales", async () => {
    await nav('dashboard').click();
    await heading('Dashboard');
    const answer = await api<DashboardReport>('/dashboard');
    await stat('Sales').getByText(String(salesToday)).waitFor();
    expect(await stat('Net sales').textContent()).toContain(euros(answer.today.net!));
    expect(await page.getByRole('group', { name: 'Net sales', exact: true }).textContent()).toContain(
      `Last ${new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' }).format(daysAgoAt(7, 12))}`,
    );
    // The six weeks pushed today arrived late too: the dashboard says how many, as the API does.
    expect(answer.lateArrivals).toBeGreaterThanOrEqual(42);
    await page.getByText(`${answer.lateArrivals} sales arrived late today`).waitFor();
    await page.getByRole('figure', { name: 'Net sales by hour today' }).locator('canvas').first().waitFor();
    expect(await gridRows('Top products').first().textContent()).toContain('Espresso Beans 1kg');
    expect(await gridRows('Tenders').first().textContent()).toContain('Cash');
    await page.getByText(/Updated \d/).waitFor();
    await shoot(page, 'dashboard');
  });

  it('the dashboard updates by itself after a new sale, without a reload', async () => {
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const netBefore = (await api<DashboardReport>('/dashboard')).today.net!;
    const total = await sellNow(kit, storeTill, [{ variantId: oatMilk.variantId, quantity: 2 }]);
    salesToday += 1;
    await stat('Sales').getByText(String(salesToday)).waitFor({ timeout: 20_000 });
    const answer = await api<DashboardReport>('/dashboard');
    expect(answer.today.net! - netBefore).toBeGreaterThan(0);
    expect(answer.today.net! - netBefore).toBeLessThan(total); // the sale's net: its total less VAT
    await stat('Net sales').getByText(euros(answer.today.net!)).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  it('the dashboard stops asking while the tab is hidden and asks at once when it is shown again', async () => {
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes(`${API}/dashboard`)) asked.push(request.url());
    });
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await page.getByText('paused while the tab is hidden').waitFor();
    const whenHidden = asked.length;
    // Longer than two polling rounds of 5 s.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(asked.length).toBeLessThanOrEqual(whenHidden + 1); // at most the request already under way
    const settled = asked.length;
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(asked.length).toBe(settled);
    await setVisibility('visible');
    await until(async () => asked.length > settled, 'a dashboard request once the tab is visible', 25);
    await page.getByText(/Updated \d.* · live/).waitFor();
  });

  it('the sales report: filters change the link, a reload shows the same report, and it downloads as CSV', async () => {
    await nav('sales').click();
    await heading('Sales report');
    const rows = gridRows('Sales report rows');
    await rows.first().waitFor();
    expect(await page.getByRole('combobox', { name: 'Dates' }).inputValue()).toBe('last-7-days');
    await shoot(page, 'sales');

    await page.getByRole('combobox', { name: 'Group by' }).selectOption('location');
    await until(async () => query().get('group') === 'location', 'group=location in the link');
    await page.getByRole('checkbox', { name: 'Compare with the previous period' }).check();
    await until(async () => query().get('compare') === 'previous', 'compare=previous in the link');
    await page
      .getByRole('figure', { name: 'Net sales by location' })
      .getByText(/^Previous period/)
      .waitFor();
    await rows.filter({ hasText: 'Harbour Kiosk' }).first().waitFor();
    const link = page.url();
    expect(Object.fromEntries(query())).toMatchObject({
      range: 'last-7-days',
      by: 'day',
      group: 'location',
      compare: 'previous',
      basis: 'happened',
    });

    const asked = salesReportQuery(readSalesFilters(query(), todayIn('UTC')));
    const answer = salesReportOf(await api<SalesAnswer>(`/sales?${new URLSearchParams(asked)}`));
    const shown = await rows.allTextContents();
    expect(shown).toHaveLength(answer.rows.length);
    await stat('Net sales').getByText(euros(answer.totals.net!)).waitFor();
    await shoot(page, 'sales-by-location-compared');
    // The chart is drawn on a canvas in the theme's colours: it draws again in the dark theme.
    await page.getByRole('combobox', { name: 'Appearance' }).selectOption('dark');
    await shoot(page, 'sales-by-location-compared-dark');
    await page.getByRole('combobox', { name: 'Appearance' }).selectOption('light');

    await page.reload();
    await heading('Sales report');
    await rows.first().waitFor();
    expect(page.url()).toBe(link);
    expect(await page.getByRole('combobox', { name: 'Group by' }).inputValue()).toBe('location');
    expect(await page.getByRole('checkbox', { name: 'Compare with the previous period' }).isChecked()).toBe(true);
    expect(await rows.allTextContents()).toEqual(shown);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`sales-by-day-per-location-${answer.meta.from}-to-${answer.meta.to}.csv`);
    const csv = await readFile((await file.path())!, 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/bucket/);
    expect(lines.some((line) => line.includes('Harbour Kiosk'))).toBe(true);
  });

  it('the sales report shows a refused filter beside its field: dates the wrong way round, too many days by the hour', async () => {
    await page.getByRole('combobox', { name: 'Dates' }).selectOption('custom');
    await until(async () => query().get('range') === 'custom', 'range=custom in the link');
    await page.getByRole('textbox', { name: 'From', exact: true }).fill('2026-03-20');
    await page.getByRole('textbox', { name: 'To', exact: true }).fill('2026-03-10');
    expect(await problemBeside(page.getByRole('textbox', { name: 'From', exact: true }))).toContain('after it ends');
    expect(Object.fromEntries(query())).toMatchObject({ from: '2026-03-20', to: '2026-03-10' });
    await shoot(page, 'sales-problem');

    await page.getByRole('combobox', { name: 'Dates' }).selectOption('last-90-days');
    await page.getByRole('combobox', { name: 'By', exact: true }).selectOption('hour');
    expect(await problemBeside(page.getByRole('combobox', { name: 'By', exact: true }))).toContain('at most 31');
    await page.getByRole('combobox', { name: 'By', exact: true }).selectOption('week');
    await gridRows('Sales report rows').first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('inventory health: stock value by location, dead stock and overstock filters in the link, sorting, CSV', async () => {
    await nav('inventory-health').click();
    await heading('Inventory health');
    const answer = await api<InventoryHealthReport>('/inventory-health');
    await stat('Stock value at cost').getByText(euros(answer.totals.stockValue)).waitFor();
    await page.getByRole('figure', { name: 'Stock value at cost by location' }).locator('canvas').first().waitFor();
    const rows = gridRows('Inventory items');
    await rows.first().waitFor();
    await shoot(page, 'inventory-health');

    // Nothing has gone 90 days without a sale. The page lists as dead exactly what the report says
    // is dead after 30 days — gift wrap among it: its only sale happened 40 days ago (it reached the
    // server today, but a sale counts when it was made).
    await page.getByRole('combobox', { name: 'Show' }).selectOption('dead');
    await until(async () => query().get('show') === 'dead', 'show=dead in the link');
    await page.getByText('No dead stock').waitFor();
    const deadAfter = page.getByRole('spinbutton', { name: 'Dead after (days without a sale)' });
    await deadAfter.fill('30');
    await deadAfter.press('Enter');
    await until(async () => query().get('deadStockDays') === '30', 'deadStockDays=30 in the link');
    const dead = (await api<InventoryHealthReport>('/inventory-health?deadStockDays=30&limit=200')).items.filter((item) => item.dead);
    expect(dead.map((item) => item.variantId)).toContain(giftWrap.variantId);
    if (dead.length === 0) await page.getByText('No dead stock').waitFor();
    else await until(async () => (await rows.count()) === dead.length, `${dead.length} dead items listed`);
    const listed = await rows.allTextContents();
    expect(dead.every((item) => listed.some((text) => text.includes(item.name)))).toBe(true);
    expect(listed.some((text) => text.includes(espresso.name))).toBe(false);
    await shoot(page, 'inventory-health-dead-stock');

    await page.getByRole('combobox', { name: 'Show' }).selectOption('overstock');
    await rows.filter({ hasText: oatMilk.name }).waitFor();
    expect(await rows.count()).toBe(answer.items.filter((item) => item.overstockUnits > 0).length);

    await page.getByRole('combobox', { name: 'Show' }).selectOption('all');
    await page.getByRole('columnheader', { name: 'Stock value' }).click();
    await until(async () => query().get('sort') === 'stockValue', 'sort=stockValue in the link');
    // The server sorts: the table shows its order once the sorted page has come.
    const dir = query().get('dir');
    const inOrder = (await api<InventoryHealthReport>(`/inventory-health?sort=stockValue&dir=${dir}&limit=200`)).items;
    const values = inOrder.map((item) => item.stockValue);
    expect(values).toEqual([...values].sort((a, b) => (dir === 'asc' ? a - b : b - a)));
    await until(async () => {
      const texts = await rows.allTextContents();
      return (
        texts.length === inOrder.length &&
        inOrder.every((item, i) => texts[i]!.includes(item.sku) && texts[i]!.includes(euros(item.stockValue)))
      );
    }, `items by stock value, ${dir}`);
    const link = page.url();
    const sorted = await rows.allTextContents();
    await page.reload();
    await heading('Inventory health');
    await rows.first().waitFor();
    expect(page.url()).toBe(link);
    expect(await rows.allTextContents()).toEqual(sorted);
    expect(await page.getByRole('columnheader', { name: 'Stock value' }).getAttribute('aria-sort')).toMatch(/ascending|descending/);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/sku/);
    expect(csv).toContain(teapot.sku);
  });

  it("forecast: an item's history and forecast with its likely range, the method and its error in words", async () => {
    // From the inventory health row of the beans at the store.
    await page.goto(`${url}/office/reports/inventory-health?locationId=${store}&show=all`);
    await heading('Inventory health');
    await gridRows('Inventory items').filter({ hasText: espresso.name }).first().getByRole('link').click();
    await heading('Forecast');
    expect(Object.fromEntries(query())).toMatchObject({ variantId: espresso.variantId, locationId: store, days: '28' });
    const chart = page.getByRole('figure', { name: 'Units sold per day and forecast' });
    await chart.getByText('Likely range').waitFor();
    await chart.locator('canvas').first().waitFor();
    await page.getByText(/^(Weekly pattern and trend \(Holt-Winters\)|Occasional sales \(Croston\))$/).waitFor();
    await page.getByText(/Tested on the last \d+ days of sales/).waitFor();
    await shoot(page, 'forecast');

    const link = page.url();
    await page.reload();
    await heading('Forecast');
    await chart.getByText('Likely range').waitFor();
    expect(page.url()).toBe(link);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('day,kind,quantity,low,high,method');

    // Another item, picked through the product search, at a location where it never sold.
    await page.getByRole('button', { name: 'Clear item' }).click();
    await page.getByRole('searchbox', { name: 'Item' }).fill('Oat');
    await page.getByRole('button', { name: `Forecast ${oatMilk.name} (${oatMilk.sku})` }).click();
    await until(async () => query().get('variantId') === oatMilk.variantId, 'the oat milk in the link');
    await page.getByRole('toolbar', { name: 'Forecast filters' }).getByRole('combobox', { name: 'Location' }).selectOption(kiosk);
    await until(async () => query().get('locationId') === kiosk, 'the kiosk in the link');
    // Reports never saw oat milk at the kiosk: the problem is shown beside the item it names.
    const beside = page.getByRole('toolbar', { name: 'Forecast filters' }).getByRole('alert');
    await beside.waitFor();
    expect(await beside.textContent()).toContain('at Harbour Kiosk');
    await shoot(page, 'forecast-problem');
  });

  it('a person without reports:view sees no Reports section and is refused the pages', async () => {
    const role = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
      body: { name: 'Counter staff', permissions: ['core-sales:checkout'] },
    });
    expect(role.status).toBe(201);
    const person: OfficePerson = { tenant: kit.tenant.slug, email: `counter@${kit.tenant.slug}.test`, password: 'counter-password-1' };
    const user = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
      body: { email: person.email, displayName: 'Counter Staff', password: person.password },
    });
    expect(user.status).toBe(201);
    const granted = await kit.request('POST', `/api/v1/tenants/current/users/${user.body.id}/grants`, {
      body: { roleId: role.body.id, locationId: store },
    });
    expect(granted.status).toBe(201);

    const counter = await openOffice(browser, url, person);
    try {
      expect(await counter.getByRole('navigation', { name: 'Back office' }).getByText('Reports', { exact: true }).count()).toBe(0);
      await counter.goto(`${url}/office/reports/sales?range=today`);
      await counter.getByText('You do not have access to this page').waitFor();
    } finally {
      await counter.context().close();
    }
  });
});
