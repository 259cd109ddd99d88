import { formatDecimal } from '@kits/plugin-sdk/money';
import type { TillSaleScreenView } from '@kits/plugin-sdk/till';
import { encodeText, printedLength } from './code-page.ts';
import { initialize, selectCodePage } from './escpos.ts';

/**
 * What a pole display (an ESC/POS customer display: Epson DM-D and the many compatible 2 × 20
 * vacuum-fluorescent and LCD displays) shows of the sale, and the bytes that make it show it.
 * Pure: no I/O, table-tested.
 */

export const DISPLAY_COLUMNS = 20;

/** `CLR`: clears the display and puts the cursor at the upper left. */
export const CLEAR_DISPLAY = 0x0c;
/** `US`: starts the display's cursor commands. */
export const US = 0x1f;

/** `US $ x y`: the cursor to column x (1–20), row y (1–2). */
export function moveCursor(column: number, row: number): number[] {
  if (!Number.isInteger(column) || column < 1 || column > DISPLAY_COLUMNS || (row !== 1 && row !== 2)) {
    throw new RangeError(`a customer display has columns 1 to ${DISPLAY_COLUMNS} and rows 1 and 2, got column ${column}, row ${row}`);
  }
  return [US, 0x24, column, row];
}

/** The two lines a display shows, each exactly 20 columns as the display prints them. */
export interface DisplayScreen {
  readonly upper: string;
  readonly lower: string;
}

/** The first characters of `text` that take at most `room` columns once in the display's code page. */
function cut(text: string, room: number): string {
  let kept = '';
  for (const character of text) {
    if (printedLength(kept + character) > room) break;
    kept += character;
  }
  return kept;
}

/**
 * `left` and `right` on one line of 20 columns, `right` (an amount) ending at the last column and
 * kept whole; `left` is cut to the room left beside it, one space between them.
 */
export function displayLine(left: string, right = ''): string {
  const amount = cut(right, DISPLAY_COLUMNS);
  const room = DISPLAY_COLUMNS - printedLength(amount) - (amount ? 1 : 0);
  const label = cut(left, Math.max(0, room));
  return label + ' '.repeat(DISPLAY_COLUMNS - printedLength(label) - printedLength(amount)) + amount;
}

/** `text` in the middle of a 20-column line (cut when longer). */
export function centeredLine(text: string): string {
  const kept = cut(text.trim(), DISPLAY_COLUMNS);
  const before = Math.floor((DISPLAY_COLUMNS - printedLength(kept)) / 2);
  return ' '.repeat(before) + kept + ' '.repeat(DISPLAY_COLUMNS - before - printedLength(kept));
}

/** What the display says between sales and after one: the shop's name under the greeting when it has one. */
export interface DisplayWords {
  readonly shopName: string;
}

export const welcomeScreen = (words: DisplayWords): DisplayScreen => ({
  upper: centeredLine('Welcome'),
  lower: centeredLine(words.shopName),
});

export const thankYouScreen = (words: DisplayWords): DisplayScreen => ({
  upper: centeredLine('Thank you!'),
  lower: centeredLine(words.shopName || 'Please come again'),
});

/**
 * What the display shows for what the sale screen shows: the line just scanned (“2 x Flat White”
 * and its amount) over the total while scanning; the total and what is still due while paying; the
 * total and the change once a cash sale is done. A completed sale without cash has no change to
 * show: the thank-you (`thankYouScreen`) comes at once. An empty cart shows the welcome.
 */
export function saleScreenOnDisplay(view: TillSaleScreenView, words: DisplayWords): DisplayScreen {
  const money = (amount: number) => formatDecimal(amount, view.currency);
  switch (view.step) {
    case 'cart': {
      if (view.lines.length === 0) return welcomeScreen(words);
      const line = view.lastLine;
      const upper = line
        ? displayLine(line.quantity === 1 ? line.name : `${line.quantity} x ${line.name}`, money(line.total))
        : displayLine(view.lines.length === 1 ? '1 item' : `${view.lines.length} items`);
      return { upper, lower: displayLine('TOTAL', money(view.total)) };
    }
    case 'tender':
      return { upper: displayLine('TOTAL', money(view.total)), lower: displayLine('DUE', money(Math.max(0, view.total - view.paid))) };
    case 'completed':
      return view.cash
        ? { upper: displayLine('TOTAL', money(view.total)), lower: displayLine('CHANGE', money(view.change)) }
        : thankYouScreen(words);
  }
}

/**
 * The bytes that put `screen` on the display: `ESC @` (initialise), `ESC t 19` (code page PC858, as
 * receipts), `CLR`, then each line at its row's first column (`US $ 1 1`, `US $ 1 2`).
 */
export function displayJob(screen: DisplayScreen): Uint8Array {
  return Uint8Array.from([
    ...initialize(),
    ...selectCodePage(),
    CLEAR_DISPLAY,
    ...moveCursor(1, 1),
    ...encodeText(screen.upper),
    ...moveCursor(1, 2),
    ...encodeText(screen.lower),
  ]);
}
