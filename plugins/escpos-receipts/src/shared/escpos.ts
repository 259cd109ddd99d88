import { encodeText, PC858_CODE_TABLE } from './code-page.ts';

/**
 * ESC/POS commands (Epson's printer language, which nearly every receipt printer speaks) as
 * bytes. Pure: no I/O, so the till, a test or another plugin can build a print job anywhere.
 */

export const ESC = 0x1b;
export const GS = 0x1d;
export const LF = 0x0a;

export type Alignment = 'left' | 'center' | 'right';

/** `ESC @`: back to the printer's defaults (a job starts with it). */
export const initialize = (): number[] => [ESC, 0x40];

/** `ESC t n`: the code page text is printed in (PC858 here, see `code-page.ts`). */
export const selectCodePage = (table = PC858_CODE_TABLE): number[] => [ESC, 0x74, table];

/** `ESC a n`: 0 left, 1 centre, 2 right — for the lines that follow. */
export const align = (alignment: Alignment): number[] => [ESC, 0x61, { left: 0, center: 1, right: 2 }[alignment]];

/** `ESC E n`: bold on or off. */
export const bold = (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0];

/** `GS ! n`: character size, 1–8 times as wide and as tall (1 and 1 is normal size). */
export function characterSize(width: number, height: number): number[] {
  if (![width, height].every((n) => Number.isInteger(n) && n >= 1 && n <= 8)) {
    throw new RangeError(`ESC/POS characters are 1 to 8 times their size, got ${width} × ${height}`);
  }
  return [GS, 0x21, ((width - 1) << 4) | (height - 1)];
}

/** `ESC d n`: prints what is buffered and feeds n lines (0–255). */
export function feed(lines: number): number[] {
  if (!Number.isInteger(lines) || lines < 0 || lines > 255) throw new RangeError(`feed takes 0 to 255 lines, got ${lines}`);
  return [ESC, 0x64, lines];
}

/** `GS V 66 0`: feeds the paper to the cutter and cuts it, leaving one point uncut (a partial cut). */
export const partialCut = (): number[] => [GS, 0x56, 66, 0];

/** `ESC p 0 25 250`: a pulse on drawer pin 2 (on for 50 ms, off for 500 ms) — opens the cash drawer. */
export const drawerKick = (): number[] => [ESC, 0x70, 0, 25, 250];

/** A line of text in the printer's code page, then a line feed. */
export const textLine = (text: string): number[] => [...encodeText(text), LF];
