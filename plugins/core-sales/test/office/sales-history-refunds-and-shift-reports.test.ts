import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import { type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, salesKit, stockedVariant, tillWithShift } from '../support/kits.ts';

type Sale = {
  id: string;
  receiptNumber: number;
  total: number;
  lines: Array<{ lineNo: number; quantity: number; refundedQuantity: number }>;
};
type Refund = { id: string; total: number; reason: string; lines: Array<{ lineNo: number; quantity: number }> };

const API = '/api/v1/core-sales';

/** The day it is at `timeZone` (YYYY-MM-DD), `days` from today. */
const dayAt = (timeZone: string, days = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

/**
 * A merchant's sales in the back office, in Chromium against a real kernel on PostgreSQL: the
 * history with its filters, a sale's page with its receipt, a refund given from the office (and
 * one beyond what was sold refused beside its field, nothing written), today's sales on the
 * dashboard, and a shift's Z report.
 */
describe('sales, refunds and shift reports in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  let tillA: TestTill & { shiftId: string };
  let tillB: TestTill & { shiftId: string };
  let timeZone: string;
  const sales: Sale[] = [];

  const sell = async (till: TestTill, lines: Array<{ variantId: string; quantity: number }>, cash: number) => {
    const sale = await kit.request<Sale>('POST', `${API}/sales`, {
      token: till.token,
      body: { lines, tenders: [{ method: 'cash', amount: cash }] },
    });
    expect(sale.status).toBe(201);
    sales.push(sale.body);
    return sale.body;
  };
  const saleRows = (p: Page) => p.getByRole('grid', { name: 'Sales' }).locator('[role="row"][data-row-key]');

  beforeAll(async () => {
    kit = await salesKit('postgres');
    const socks = await stockedVariant(kit, 450, 50, { name: 'Wool socks' });
    const mug = await stockedVariant(kit, 1200, 50, { name: 'Stoneware mug' });
    tillA = await tillWithShift(kit);
    tillB = await tillWithShift(kit);
    await sell(
      tillA,
      [
        { variantId: socks, quantity: 2 },
        { variantId: mug, quantity: 1 },
      ],
      2500,
    );
    await sell(tillA, [{ variantId: mug, quantity: 1 }], 1200);
    await sell(tillB, [{ variantId: socks, quantity: 1 }], 500);
    timeZone = (
      await kit.request<{ items: Array<{ id: string; timezone: string }> }>('GET', '/api/v1/tenants/current/locations')
    ).body.items.find((l) => l.id === tillA.locationId)!.timezone;
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('shows today’s sales on the dashboard', async () => {
    const card = page.locator('.k-card', { hasText: 'Today’s sales' });
    await card.getByText('Taken today').waitFor();
    // 2 × 4.50 + 12.00, then 12.00, then 4.50: 37.50 in all.
    await expect.poll(async () => card.locator('.k-stat').textContent()).toMatch(/37[.,]50.*3 sales at Main Street Store/);
    await shootOffice(page, 'core-sales-dashboard');
  });

  it('lists the sales made through the API, newest first, and filters them by cashier and by day', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Sales', exact: true }).click();
    await page.getByRole('heading', { name: 'Sales', exact: true }).waitFor();
    await expect.poll(() => saleRows(page).count()).toBe(3);
    expect(await saleRows(page).first().textContent()).toContain(`#${sales[2]!.receiptNumber}`);
    await shootOffice(page, 'core-sales-sales');

    await page.getByLabel('Cashier').selectOption({ label: tillB.name });
    await expect.poll(() => saleRows(page).count()).toBe(1);
    expect(await saleRows(page).first().getAttribute('data-row-key')).toBe(sales[2]!.id);
    await page.getByLabel('Cashier').selectOption({ label: tillA.name });
    await expect.poll(() => saleRows(page).count()).toBe(2);
    await shootOffice(page, 'core-sales-sales-by-cashier');
    await page.getByLabel('Cashier').selectOption({ label: 'Anyone' });

    await page.getByLabel('From', { exact: true }).fill(dayAt(timeZone, 1));
    await expect.poll(() => saleRows(page).count()).toBe(0);
    await page.getByText('No sales match these filters').waitFor();
    await page.getByLabel('From', { exact: true }).fill(dayAt(timeZone));
    await page.getByLabel('To', { exact: true }).fill(dayAt(timeZone));
    await expect.poll(() => saleRows(page).count()).toBe(3);
  });

  it('opens a sale with its lines, payments and receipt, and refunds one item from the office', async () => {
    const sale = sales[0]!;
    await saleRows(page)
      .and(page.locator(`[data-row-key="${sale.id}"]`))
      .click();
    await page.getByRole('heading', { name: `Receipt ${sale.receiptNumber}` }).waitFor();
    const receipt = page.getByRole('document', { name: `Receipt ${sale.receiptNumber}` });
    expect(await receipt.textContent()).toContain('2 × Wool socks');
    expect(await receipt.textContent()).toContain(`Served by: ${tillA.name}`);
    expect(await page.getByRole('grid', { name: 'Items sold' }).textContent()).toContain('Stoneware mug');
    await shootOffice(page, 'core-sales-sale');

    await page.getByRole('button', { name: 'Refund items…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Wool socks — quantity to refund').fill('1');
    await dialog.getByLabel('Reason').fill('Came back unworn');
    await shootOffice(page, 'core-sales-refund');
    await dialog.getByRole('button', { name: /^Refund/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('“Came back unworn”', { exact: false }).waitFor();

    const refunds = await kit.request<{ items: Refund[] }>('GET', `${API}/refunds?saleId=${sale.id}`);
    expect(refunds.body.items).toEqual([
      expect.objectContaining({ total: 450, reason: 'Came back unworn', lines: [expect.objectContaining({ lineNo: 1, quantity: 1 })] }),
    ]);
    expect((await kit.request<Sale>('GET', `${API}/sales/${sale.id}`)).body.lines[0]!.refundedQuantity).toBe(1);
  });

  it('refuses a refund beyond what was sold with the problem beside the line, and writes nothing', async () => {
    const sale = sales[0]!;
    const refundsBefore = await countRows(kit, 'sales.refunds');
    await page.getByRole('button', { name: 'Refund items…' }).click();
    const dialog = page.getByRole('dialog');
    const socks = dialog.getByLabel('Wool socks — quantity to refund');
    await socks.fill('2');
    await dialog.getByLabel('Reason').fill('Both pairs back');
    await dialog.getByRole('button', { name: /^Refund/ }).click();
    const problem = dialog.locator('[data-field="line-1"]').getByRole('alert');
    await problem.waitFor();
    expect(await problem.textContent()).toBe('only 1 left to refund');
    expect(await socks.getAttribute('aria-invalid')).toBe('true');
    expect(await socks.inputValue()).toBe('2');
    await shootOffice(page, 'core-sales-refund-refused');
    expect(await countRows(kit, 'sales.refunds')).toBe(refundsBefore);
    expect((await kit.request<Sale>('GET', `${API}/sales/${sale.id}`)).body.lines[0]!.refundedQuantity).toBe(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('finds a sale by its receipt number in the office’s search box', async () => {
    const sale = sales[1]!;
    const search = page.getByRole('combobox', { name: /^Search/ });
    await search.fill(String(sale.receiptNumber));
    const hits = page.getByRole('group', { name: 'Sales' }).getByRole('option');
    // Each till numbers its own receipts: number 2 is till A's second sale only.
    await expect.poll(() => hits.count()).toBe(1);
    expect(await hits.first().textContent()).toMatch(/^Receipt 2.*12[.,]00/);
    await hits.first().click();
    await page.getByRole('heading', { name: `Receipt ${sale.receiptNumber}` }).waitFor();
    expect(page.url()).toBe(`${url}/office/core-sales/sales/${sale.id}`);
  });

  it('lists the shifts and opens a closed shift’s Z report', async () => {
    const closed = await kit.request<{ cash: { expected: number } }>('POST', `${API}/shifts/${tillB.shiftId}/close`, {
      token: tillB.token,
      body: {
        counted: [
          { denomination: 5000, count: 2 },
          { denomination: 200, count: 2 },
        ],
      },
    });
    expect(closed.status).toBe(200);
    await gotoOffice(page, url, '/core-sales/shifts');
    const rows = page.getByRole('grid', { name: 'Shifts' }).locator('[role="row"][data-row-key]');
    await expect.poll(() => rows.count()).toBe(2);
    await shootOffice(page, 'core-sales-shifts');
    await rows.filter({ hasText: 'Closed' }).click();
    await page.getByRole('heading', { name: 'Z report' }).waitFor();
    // The float of 100.00 and the 4.50 sale: 104.50 expected in the drawer; 104.00 was counted, 0.50 short.
    expect(closed.body.cash.expected).toBe(10_450);
    const overShort = page.locator('.k-stat').filter({ hasText: 'Cash over / short' });
    expect(await overShort.textContent()).toMatch(/0[.,]50/);
    expect(await page.getByRole('grid', { name: 'Takings by tender' }).textContent()).toContain('Cash');
    await shootOffice(page, 'core-sales-z-report');
  });
});
