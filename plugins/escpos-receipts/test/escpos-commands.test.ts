import { describe, expect, it } from 'vitest';
import { align, bold, characterSize, drawerKick, feed, initialize, partialCut, selectCodePage, textLine } from '../src/shared/escpos.ts';

describe('ESC/POS commands', () => {
  it.each([
    ['initialize: ESC @', initialize(), [0x1b, 0x40]],
    ['code page PC858: ESC t 19', selectCodePage(), [0x1b, 0x74, 19]],
    ['align left: ESC a 0', align('left'), [0x1b, 0x61, 0]],
    ['align centre: ESC a 1', align('center'), [0x1b, 0x61, 1]],
    ['align right: ESC a 2', align('right'), [0x1b, 0x61, 2]],
    ['bold on: ESC E 1', bold(true), [0x1b, 0x45, 1]],
    ['bold off: ESC E 0', bold(false), [0x1b, 0x45, 0]],
    ['normal size: GS ! 0', characterSize(1, 1), [0x1d, 0x21, 0x00]],
    ['double width and height: GS ! 0x11', characterSize(2, 2), [0x1d, 0x21, 0x11]],
    ['double height: GS ! 0x01', characterSize(1, 2), [0x1d, 0x21, 0x01]],
    ['eight times: GS ! 0x77', characterSize(8, 8), [0x1d, 0x21, 0x77]],
    ['feed 4 lines: ESC d 4', feed(4), [0x1b, 0x64, 4]],
    ['partial cut: GS V 66 0', partialCut(), [0x1d, 0x56, 66, 0]],
    ['drawer kick: ESC p 0 25 250', drawerKick(), [0x1b, 0x70, 0, 25, 250]],
    ['a line of text: its bytes, then LF', textLine('Total 3.40'), [...Buffer.from('Total 3.40'), 0x0a]],
  ])('%s', (_case, bytes, expected) => {
    expect(bytes).toEqual(expected);
  });

  it.each([
    ['a size of 0', () => characterSize(0, 1), 'ESC/POS characters are 1 to 8 times their size, got 0 × 1'],
    ['a size of 9', () => characterSize(1, 9), 'ESC/POS characters are 1 to 8 times their size, got 1 × 9'],
    ['a feed of 256 lines', () => feed(256), 'feed takes 0 to 255 lines, got 256'],
    ['a feed of half a line', () => feed(0.5), 'feed takes 0 to 255 lines, got 0.5'],
  ])('refuses %s rather than write a wrong byte', (_case, command, message) => {
    expect(command).toThrow(message);
  });
});
