import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackPrinter, type LoopbackPrinter } from '../hardware/support/loopback-printer.ts';
import { printedLines } from '../../../plugins/escpos-receipts/test/support/print-job.ts';
import { startAgentProcess, type AgentProcess } from './support/hardware-agent-process.ts';
import { firstPartyPlugin, SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, SCREENSHOTS, pairTestTill } from './support/till-browser.ts';

const INITIALIZE = Buffer.from([0x1b, 0x40]);
const PARTIAL_CUT = Buffer.from([0x1d, 0x56, 66, 0]);

/** Scans the codes, pays the exact amount in cash (Enter, Enter) and waits for the receipt. */
async function sellForCash(page: Page, codes: readonly string[]): Promise<void> {
  for (const code of codes) {
    await page.keyboard.type(code, { delay: 5 });
    await page.keyboard.press('Enter');
  }
  await expect.poll(() => page.locator('[data-testid=cart] tr').count()).toBe(new Set(codes).size);
  await page.keyboard.press('Enter');
  await page.getByTestId('tender').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('receipt').waitFor();
}

/** When the server says the device's sale with that receipt number happened (once the till has sent it). */
async function saleTime(kit: TestKernel, deviceId: string, receiptNumber: number): Promise<Date> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const [sale] = await kit.kernel.db.query<{ occurred_at: Date }>(
      'select occurred_at from sales.sales where device_id = $1 and receipt_number = $2',
      [deviceId, receiptNumber],
    );
    if (sale) return new Date(sale.occurred_at);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`receipt ${receiptNumber} of ${deviceId} never reached the server`);
}

/** Receipts printed through the ESC/POS plugin on a loopback network printer, by a till in Chromium through the hardware agent. */
describe('printing receipts, as a shop with a network receipt printer does', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let printer: LoopbackPrinter;
  let agent: AgentProcess;

  beforeAll(async () => {
    printer = await startLoopbackPrinter();
    kit = await createTestKernel({
      plugins: [...SHOP_PLUGINS, firstPartyPlugin('escpos-receipts')],
      db: 'postgres',
      settings: {
        'escpos-receipts': {
          connection: { type: 'tcp', host: printer.host, port: printer.port },
          paperWidth: 42,
          shopName: 'KiTS Corner Shop',
          footer: 'Thank you! Returns within 30 days.',
        },
      },
    });
    const url = await kit.kernel.listen();
    // The store's address, VAT number and time zone, as the back office keeps them: the receipt prints them.
    const store = await kit.request('PATCH', `/api/v1/tenants/current/locations/${kit.tenant.locationId}`, {
      body: { addressLines: ['Torstraße 12', '10119 Berlin'], taxId: 'DE123456789', timezone: 'Europe/Berlin' },
    });
    expect(store.status).toBe(200);
    agent = await startAgentProcess(url);
    await stockShelf(kit, [
      { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 20, taxClass: 'reduced' },
      { name: 'Butter Croissant', sku: 'BAK-CRO', barcode: '2000000000039', price: 220, quantity: 20, taxClass: 'reduced' },
      { name: 'Ceramic Mug Black', sku: 'MUG-BLK', barcode: '4006381333931', price: 1250, quantity: 20 },
    ]);
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await pairTestTill(page, kit, url, till);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    agent?.process.kill();
    await kit?.close();
    await printer?.close().catch(() => undefined);
  });

  it('the cashier points the till at the hardware agent and chooses the receipt printer in Settings', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    // Without an agent at the default address, the till says so.
    await page.getByTestId('hardware-status').filter({ hasText: 'No hardware agent answers at ws://127.0.0.1:9181' }).waitFor();

    const address = page.getByLabel('Hardware agent address');
    await address.click();
    await address.fill(agent.url);
    await page.keyboard.press('Enter');
    await page.getByTestId('hardware-status').filter({ hasText: 'The hardware agent answers' }).waitFor();

    const choice = page.getByLabel('Receipt printer');
    expect(await choice.locator('option').allTextContents()).toEqual([
      'No printer (receipts on screen only)',
      'Receipt printer — ESC/POS receipts',
    ]);
    await choice.focus();
    await choice.selectOption({ label: 'Receipt printer — ESC/POS receipts' });
    expect(await page.getByLabel('When to print').inputValue()).toBe('every');
    expect(
      await page.evaluate(() => [localStorage.getItem('kits.till.hardwareAgentUrl'), localStorage.getItem('kits.till.receiptPrinter')]),
    ).toEqual([agent.url, 'escpos-receipts/Receipt printer']);
    await page.screenshot({ path: `${SCREENSHOTS}settings-receipt-printer-1280x800.png` });
  });

  it('a cash sale of three items prints its receipt on the network printer: ESC @, the receipt number, every item, the total, the cut', async () => {
    await page.keyboard.press('F2');
    await page.getByLabel('Scan').waitFor();

    await sellForCash(page, ['2000000000015', '2000000000015', '2000000000039', '4006381333931']);

    const job = await printer.nextJob();
    await page.getByTestId('print-status').filter({ hasText: 'Printed on Receipt printer.' }).waitFor();
    expect(job.subarray(0, 2)).toEqual(INITIALIZE);
    expect(job.subarray(-4)).toEqual(PARTIAL_CUT);
    // The bytes the printer got, read back as it prints them: every field a fiscal receipt needs.
    const occurredAt = await saleTime(kit, till.deviceId, 1);
    // The sale's time in Berlin, the store's time zone (Swedish dates read 2026-11-26 15:03).
    const berlin = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }).format(
      occurredAt,
    );
    const servedBy = printedLines(job)[6]!;
    expect(servedBy).toMatch(/^Served by: \S/);
    expect(printedLines(job)).toEqual([
      'KiTS Corner Shop',
      'Torstraße 12',
      '10119 Berlin',
      'Tax ID: DE123456789',
      `Receipt 1${' '.repeat(42 - 9 - berlin.length)}${berlin}`,
      'Till: Till 1',
      servedBy,
      '-'.repeat(42),
      'Flat White',
      '  2 x 3.40                          6.80 A',
      'Butter Croissant',
      '  1 x 2.20                          2.20 A',
      'Ceramic Mug Black',
      '  1 x 12.50                        12.50 B',
      '-'.repeat(42),
      'Subtotal                           21.50',
      'TOTAL                             €21.50',
      'Prices include tax:',
      'Rate                       Net   Tax Gross',
      'A VAT 5%                  8.58  0.42  9.00',
      'B VAT 20%                10.42  2.08 12.50',
      '-'.repeat(42),
      'Cash                               21.50',
      'Change                              0.00',
      'Thank you! Returns within 30 days.',
    ]);
    // The screen shows the same receipt: the store, when, who, each line's unit price, tax by rate, the change.
    const onScreen = page.getByTestId('receipt');
    expect((await onScreen.getByTestId('receipt-shop').innerText()).split(/\n+/)).toEqual([
      'Main Street Store',
      'Torstraße 12',
      '10119 Berlin',
      'Tax ID: DE123456789',
    ]);
    expect(await onScreen.getByTestId('receipt-facts').innerText()).toContain(berlin);
    expect(await onScreen.getByTestId('receipt-facts').innerText()).toContain(servedBy);
    expect(await onScreen.getByTestId('receipt-facts').innerText()).toContain('Till: Till 1');
    expect(await onScreen.innerText()).toContain('€3.40 each · 5 %');
    expect((await onScreen.getByTestId('receipt-taxes').innerText()).replace(/\s+/g, ' ')).toContain('VAT 5 % €8.58 €0.42 €9.00');
    expect(await onScreen.getByTestId('receipt-change').innerText()).toBe('€0.00');
    // A cash sale's first receipt opens the drawer wired to the printer.
    expect(job.includes(Buffer.from([0x1b, 0x70, 0, 25, 250]))).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}receipt-printed-1280x800.png` });

    // P prints it again: a copy, which does not open the drawer.
    await page.keyboard.press('p');
    const copy = await printer.nextJob();
    expect(copy.includes(Buffer.from('COPY'))).toBe(true);
    expect(copy.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    await page.getByTestId('print-status').filter({ hasText: 'Printed on Receipt printer.' }).waitFor();
    // After its first receipt the printer was asked its model and firmware (GS I 67, GS I 65) once, on a
    // connection of its own; this one answers nothing (the question ends after the plugin's 1.5 s), and printing went on as before.
    await expect.poll(() => printer.questions.map((asked) => [...asked]), { timeout: 10_000 }).toEqual([[0x1d, 0x49, 67, 0x1d, 0x49, 65]]);
  });

  it('with the printer unreachable the sale still completes, the error is on screen, and the cashier goes on', async () => {
    await printer.close();
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();

    await sellForCash(page, ['4006381333931']);

    const failure = page.getByTestId('print-status').filter({ hasText: 'The receipt did not print.' });
    await failure.waitFor();
    expect(await failure.textContent()).toContain(`The printer at 127.0.0.1:${printer.port} refused the connection`);
    expect(await failure.textContent()).toContain('The sale is done: press P to try again, or Enter for the next sale.');
    expect(await page.getByTestId('receipt').textContent()).toContain('Receipt 2');
    await page.screenshot({ path: `${SCREENSHOTS}receipt-print-failed-1280x800.png` });

    // The sale reaches the server like any other.
    await expect
      .poll(
        async () =>
          (
            await kit.kernel.db.query<{ receipt_number: string; total: string }>(
              'select receipt_number, total from sales.sales where device_id = $1 order by receipt_number',
              [till.deviceId],
            )
          ).map((row) => [row.receipt_number, row.total]),
        { timeout: 15_000 },
      )
      .toEqual([
        ['1', '2150'],
        ['2', '1250'],
      ]);

    // Trying again says the same; Enter starts the next sale.
    await page.keyboard.press('p');
    await page.getByTestId('print-status').filter({ hasText: 'refused the connection' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();
    expect(await page.locator('[data-testid=cart] tr').count()).toBe(0);
  });
});
