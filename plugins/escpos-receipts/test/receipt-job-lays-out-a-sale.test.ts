import { formatDecimal } from '@kits/plugin-sdk/money';
import type { TillReceipt } from '@kits/plugin-sdk/till';
import { describe, expect, it } from 'vitest';
import { drawerJob, receiptJob, type ReceiptLayout } from '../src/shared/receipt-layout.ts';
import { printedLines, readJob } from './support/print-job.ts';
import { cashSale } from './support/receipts.ts';

const layout = (overrides: Partial<ReceiptLayout> = {}): ReceiptLayout => ({
  paperWidth: 42,
  shopName: '',
  addressLines: ['12 Market Street', 'Springfield'],
  footer: 'Thank you!',
  openDrawer: false,
  ...overrides,
});

describe('a receipt as an ESC/POS print job', () => {
  it('on 42 columns: the shop with its tax ID, the sale’s number, time, till and cashier, every line, the totals, tax by rate, the tenders, the change and the footer — then feed and cut', () => {
    const job = receiptJob(cashSale, layout());

    // 14:03 UTC is 15:03 in Berlin, the store's time zone (not this machine's).
    expect(printedLines(job)).toEqual([
      'Corner Café',
      '12 Market Street',
      'Springfield',
      'Tax ID: DE123456789',
      'Receipt 12                2026-11-26 15:03',
      'Till: Front till',
      'Served by: Ana Müller',
      '-'.repeat(42),
      'Flat White',
      '  2 x 3.40                          6.80 A',
      'Butter Croissant',
      '  1 x 2.20                          2.20 A',
      'Ceramic Mug Black',
      '  1 x 12.50                        12.50 B',
      '  Discount                         -2.50',
      '-'.repeat(42),
      'Subtotal                           19.00',
      'TOTAL                             €19.00',
      'Prices include tax:',
      'Rate                       Net   Tax Gross',
      'A VAT 10%                 8.18  0.82  9.00',
      'B VAT 20%                 8.33  1.67 10.00',
      '-'.repeat(42),
      'Cash                               20.00',
      'Change                              1.00',
      'Thank you!',
    ]);
    for (const line of printedLines(job)) expect(line.length).toBeLessThanOrEqual(42);
  });

  it('without an address in the plugin’s settings, prints the store’s own; a store in New York tells New York’s time', () => {
    const lines = printedLines(receiptJob(cashSale, layout({ addressLines: [] })));
    expect(lines.slice(0, 5)).toEqual([
      'Corner Café',
      'Torstraße 12',
      '10119 Berlin',
      'Tax ID: DE123456789',
      'Receipt 12                2026-11-26 15:03',
    ]);
    const newYork = { ...cashSale, location: { id: 'loc-2', name: 'Corner Deli', timezone: 'America/New_York' } };
    const printed = printedLines(receiptJob(newYork, layout({ addressLines: [] })));
    expect(printed.slice(0, 2)).toEqual(['Corner Deli', 'Receipt 12                2026-11-26 09:03']);
    expect(printed.some((line) => line.startsWith('Tax ID'))).toBe(false);
  });

  it('starts with ESC @ and the code page, sets the shop name large and centred, the total bold, and ends with a feed and the partial cut', () => {
    const steps = readJob(receiptJob(cashSale, layout()));

    expect(steps.slice(0, 6)).toEqual([
      { command: 'initialize', args: [] },
      { command: 'code page', args: [19] },
      { command: 'align', args: [1] },
      { command: 'bold', args: [1] },
      { command: 'size', args: [0x11] },
      { text: 'Corner Café' },
    ]);
    const total = steps.findIndex((step) => 'text' in step && step.text.startsWith('TOTAL'));
    expect(steps.slice(total - 2, total + 3)).toEqual([
      { command: 'bold', args: [1] },
      { command: 'size', args: [0x01] },
      { text: 'TOTAL                             €19.00' },
      { command: 'size', args: [0x00] },
      { command: 'bold', args: [0] },
    ]);
    expect(steps.slice(-2)).toEqual([
      { command: 'feed', args: [4] },
      { command: 'cut', args: [66, 0] },
    ]);
    expect(steps.some((step) => 'command' in step && step.command === 'drawer kick')).toBe(false);
  });

  it.each([32, 42, 48])('fits %i columns on every line', (paperWidth) => {
    const long: TillReceipt = {
      ...cashSale,
      lines: [
        {
          name: 'Organic Ethiopian Yirgacheffe Single Origin Beans 1 kg',
          sku: 'BEANS',
          quantity: 3,
          unitPrice: 2890,
          discount: 0,
          total: 8670,
          taxRates: [{ name: 'VAT', basisPoints: 1000 }],
        },
      ],
    };
    const lines = printedLines(receiptJob(long, layout({ paperWidth, shopName: 'The Corner Café and Bakery of Springfield' })));
    const [shopName, ...rest] = lines;
    expect(shopName!.length).toBeLessThanOrEqual(paperWidth / 2);
    for (const line of rest) expect(line.length).toBeLessThanOrEqual(paperWidth);
    expect(lines).toContain(`${'  3 x 28.90'.padEnd(paperWidth - 7)}86.70 A`);
  });

  it('opens the drawer right after the job starts when asked', () => {
    const steps = readJob(receiptJob(cashSale, layout({ openDrawer: true })));

    expect(steps.slice(0, 3)).toEqual([
      { command: 'initialize', args: [] },
      { command: 'code page', args: [19] },
      { command: 'drawer kick', args: [0, 25, 250] },
    ]);
  });

  it('marks a copy and a return, and shows a sale discount, taxes added on top and cash rounding', () => {
    const receipt: TillReceipt = {
      ...cashSale,
      kind: 'return',
      returnOf: { receiptNumber: 9 },
      reprint: true,
      pricesIncludeTax: false,
      lines: [
        {
          name: 'Ceramic Mug Black',
          sku: 'MUG-BLK',
          quantity: 1,
          unitPrice: 1000,
          discount: 0,
          total: 1000,
          taxRates: [{ name: 'Sales tax', basisPoints: 825 }],
        },
      ],
      subtotal: 1000,
      cartDiscount: 100,
      taxes: [{ name: 'Sales tax', basisPoints: 825, net: 900, amount: 74, gross: 974 }],
      rounding: 1,
      total: 975,
      tenders: [{ method: 'card', amount: 975 }],
      change: 0,
    };

    const lines = printedLines(receiptJob(receipt, layout({ paperWidth: 32, footer: '' })));

    expect(lines.slice(4, 6)).toEqual(['RETURN', 'COPY']);
    expect(lines).toContain('Refund for receipt 9');
    // A US receipt: the sales tax is added before the total, and listed by rate with what it was charged on.
    expect(lines.slice(lines.indexOf('Ceramic Mug Black'))).toEqual([
      'Ceramic Mug Black',
      '  1 x 10.00              10.00 A',
      '-'.repeat(32),
      'Subtotal                 10.00',
      'Sale discount            -1.00',
      'Sales tax 8.25%           0.74',
      'Rounding                  0.01',
      'TOTAL                    €9.75',
      'Tax added:',
      'Rate             Net   Tax Gross',
      'A Sales tax 8.25%',
      '                9.00  0.74  9.74',
      '-'.repeat(32),
      'Card                      9.75',
      'Change                    0.00',
    ]);
  });

  it('prints the card under its tender — brand, last four digits, approval code — in bytes the printer has, on every paper width', () => {
    const card: TillReceipt = {
      ...cashSale,
      tenders: [
        { method: 'cash', amount: 500 },
        { method: 'card', amount: 1400, card: { brand: 'visa', last4: '4242', authorizationCode: '123456' } },
      ],
      change: 0,
    };
    const job = receiptJob(card, layout());
    const lines = printedLines(job);
    expect(lines.slice(lines.indexOf('-'.repeat(42), lines.indexOf('Prices include tax:')) + 1, -1)).toEqual([
      'Cash                                5.00',
      'Card                               14.00',
      '  Visa **** 4242  Auth 123456',
      'Change                              0.00',
    ]);
    // The bullets of “Visa •••• 4242” are PC858 stars (0x2A), never a “?” for a character the page lacks.
    const bytes = Buffer.from(job);
    expect(bytes.includes(Buffer.from('  Visa **** 4242  Auth 123456\n', 'latin1'))).toBe(true);

    // A long brand on 32 columns: the approval code goes on a line of its own; every line fits.
    const amex: TillReceipt = {
      ...card,
      tenders: [{ method: 'card', amount: 1900, card: { brand: 'amex', last4: '0005', authorizationCode: 'A1B2C3' } }],
    };
    for (const paperWidth of [32, 42, 48]) {
      const printed = printedLines(receiptJob(amex, layout({ paperWidth })));
      for (const line of printed) expect(line.length).toBeLessThanOrEqual(paperWidth);
      const at = printed.findIndex((line) => line.startsWith('Card'));
      const under = paperWidth === 32 ? ['  American Express **** 0005', '  Auth A1B2C3'] : ['  American Express **** 0005  Auth A1B2C3'];
      expect(printed.slice(at + 1, at + 1 + under.length)).toEqual(under);
      expect(printed[at + 1 + under.length]).toMatch(/^Change +0\.00$/);
    }

    // Without an approval code (some providers do not give one), the card alone; a cash tender prints no card line.
    const noCode = printedLines(
      receiptJob({ ...cashSale, tenders: [{ method: 'card', amount: 1900, card: { brand: 'mastercard', last4: '4444' } }] }, layout()),
    );
    expect(noCode).toContain('  Mastercard **** 4444');
    expect(printedLines(receiptJob(cashSale, layout())).some((line) => line.includes('****'))).toBe(false);
  });

  it('prints the currency’s sign when the printer has it, its code when not', () => {
    const pounds = printedLines(receiptJob({ ...cashSale, currency: 'GBP' }, layout()));
    const rupees = printedLines(receiptJob({ ...cashSale, currency: 'INR' }, layout()));
    const yen = printedLines(receiptJob({ ...cashSale, currency: 'JPY', total: 1900 }, layout()));

    expect(pounds.find((line) => line.startsWith('TOTAL'))).toMatch(/ £19\.00$/);
    expect(rupees.find((line) => line.startsWith('TOTAL'))).toMatch(/ INR 19\.00$/);
    expect(yen.find((line) => line.startsWith('TOTAL'))).toMatch(/ ¥1900$/);
  });

  it.each([
    [1250, 'EUR', '12.50'],
    [5, 'EUR', '0.05'],
    [-250, 'EUR', '-2.50'],
    [0, 'EUR', '0.00'],
    [1900, 'JPY', '1900'],
    [1234567, 'KWD', '1234.567'],
  ])('prints %i minor units of %s as %s (formatDecimal, with the currency’s ISO digits)', (amount, currency, text) => {
    expect(formatDecimal(amount, currency)).toBe(text);
  });

  it('a drawer job is initialize, then the kick', () => {
    expect([...drawerJob()]).toEqual([0x1b, 0x40, 0x1b, 0x70, 0, 25, 250]);
  });
});
