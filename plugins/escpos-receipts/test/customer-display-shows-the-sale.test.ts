import type { TillSaleScreenView } from '@kits/plugin-sdk/till';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  centeredLine,
  displayJob,
  displayLine,
  moveCursor,
  saleScreenOnDisplay,
  thankYouScreen,
  welcomeScreen,
} from '../src/shared/customer-display.ts';

const words = { shopName: 'Corner Café' };
const flatWhite = { name: 'Flat White', quantity: 1, total: 340 };

describe('a line of the customer display', () => {
  it.each([
    ['Flat White', '3.40', 'Flat White      3.40'],
    ['TOTAL', '1234.50', 'TOTAL        1234.50'],
    ['Organic Oat Milk Latte Large', '5.90', 'Organic Oat Mil 5.90'],
    ['2 x Crème brûlée', '9.00', '2 x Crème brûlé 9.00'],
    ['Tea … or coffee', '1.00', 'Tea … or coff 1.00'],
    ['Refund', '-12345678901234567890', '-1234567890123456789'],
    ['3 items', '', '3 items             '],
  ])('%j beside %j is %j: 20 columns as printed, the amount ending at the last', (left, right, shown) => {
    const line = displayLine(left, right);

    expect(line).toBe(shown);
    // PC858 has no “…”: the display prints it as three dots.
    expect(iconv.encode(line.replace('…', '...'), 'cp858').byteLength).toBe(20);
  });

  it.each([
    ['Welcome', '      Welcome       '],
    ['Thank you!', '     Thank you!     '],
    ['', '                    '],
    ['The Very Long Shop Name Ltd', 'The Very Long Shop N'],
  ])('centres %j as %j', (text, shown) => {
    expect(centeredLine(text)).toBe(shown);
  });

  it('refuses a cursor position off the display', () => {
    expect(moveCursor(20, 2)).toEqual([0x1f, 0x24, 20, 2]);
    expect(() => moveCursor(21, 1)).toThrow(RangeError);
    expect(() => moveCursor(1, 3)).toThrow('a customer display has columns 1 to 20 and rows 1 and 2, got column 1, row 3');
  });
});

describe('what the display shows of the sale screen', () => {
  const cases: Array<[string, TillSaleScreenView, { upper: string; lower: string }]> = [
    [
      'the item just scanned over the total',
      { step: 'cart', currency: 'EUR', lines: [flatWhite], lastLine: flatWhite, total: 340 },
      { upper: 'Flat White      3.40', lower: 'TOTAL           3.40' },
    ],
    [
      'a second of the same item with its quantity and the line’s amount',
      {
        step: 'cart',
        currency: 'EUR',
        lines: [{ ...flatWhite, quantity: 2, total: 680 }],
        lastLine: { ...flatWhite, quantity: 2, total: 680 },
        total: 680,
      },
      { upper: '2 x Flat White  6.80', lower: 'TOTAL           6.80' },
    ],
    [
      'how many items once a line is taken off',
      { step: 'cart', currency: 'EUR', lines: [flatWhite, { name: 'Croissant', quantity: 1, total: 220 }], total: 560 },
      { upper: '2 items             ', lower: 'TOTAL           5.60' },
    ],
    [
      'amounts in a currency without cents',
      {
        step: 'cart',
        currency: 'JPY',
        lines: [{ name: 'Matcha', quantity: 1, total: 480 }],
        lastLine: { name: 'Matcha', quantity: 1, total: 480 },
        total: 1250,
      },
      { upper: 'Matcha           480', lower: 'TOTAL           1250' },
    ],
    [
      'the welcome on an empty cart',
      { step: 'cart', currency: 'EUR', lines: [], total: 0 },
      { upper: '      Welcome       ', lower: '    Corner Café     ' },
    ],
    [
      'the total and what is still due while paying',
      { step: 'tender', currency: 'EUR', total: 1900, paid: 1000 },
      { upper: 'TOTAL          19.00', lower: 'DUE             9.00' },
    ],
    [
      'nothing due once the tenders cover it',
      { step: 'tender', currency: 'EUR', total: 1900, paid: 2000 },
      { upper: 'TOTAL          19.00', lower: 'DUE             0.00' },
    ],
    [
      'the change after a cash sale',
      { step: 'completed', currency: 'EUR', saleId: 's1', total: 1900, paid: 2000, change: 100, cash: true },
      { upper: 'TOTAL          19.00', lower: 'CHANGE          1.00' },
    ],
    [
      'the thank-you at once after a card sale',
      { step: 'completed', currency: 'EUR', saleId: 's2', total: 1900, paid: 1900, change: 0, cash: false },
      { upper: '     Thank you!     ', lower: '    Corner Café     ' },
    ],
  ];

  it.each(cases)('%s', (_what, view, screen) => {
    expect(saleScreenOnDisplay(view, words)).toEqual(screen);
  });

  it('says “Please come again” under the thank-you when the shop has no name', () => {
    expect(thankYouScreen({ shopName: '' })).toEqual({ upper: '     Thank you!     ', lower: ' Please come again  ' });
    expect(welcomeScreen({ shopName: '' }).lower).toBe(' '.repeat(20));
  });
});

describe('the bytes that put a screen on the display', () => {
  it('initialises, selects PC858, clears, and writes each line at its row’s first column', () => {
    const job = displayJob({ upper: 'Crème brûlée    4.20', lower: 'TOTAL       €   4.20' });

    expect([...job]).toEqual([
      ...[0x1b, 0x40],
      ...[0x1b, 0x74, 19],
      0x0c,
      ...[0x1f, 0x24, 1, 1],
      ...iconv.encode('Crème brûlée    4.20', 'cp858'),
      ...[0x1f, 0x24, 1, 2],
      ...iconv.encode('TOTAL       €   4.20', 'cp858'),
    ]);
  });

  it('never lets a product name carry a command to the display', () => {
    const job = displayJob({ upper: displayLine('Evil\x0c\x1f$ name', '1.00'), lower: displayLine('TOTAL', '1.00') });

    expect(job.filter((byte) => byte === 0x0c)).toHaveLength(1);
    expect(job.filter((byte) => byte === 0x1f)).toHaveLength(2);
  });
});
