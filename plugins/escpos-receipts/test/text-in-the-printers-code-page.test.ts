import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeText, printedLength } from '../src/shared/code-page.ts';

const pc858 = (text: string) => [...iconv.encode(text, 'cp858')];

describe('text in the printer’s code page (PC858)', () => {
  it.each([
    ['plain ASCII as it is', 'Flat White 3.40', pc858('Flat White 3.40')],
    ['Latin-1 letters as their PC858 bytes', 'Crème brûlée, Größe, Señor', pc858('Crème brûlée, Größe, Señor')],
    ['the euro sign (0xD5 in PC858)', '€12.50', [0xd5, ...Buffer.from('12.50')]],
    ['pound and yen', '£1 ¥2', [0x9c, 0x31, 0x20, 0xbe, 0x32]],
    ['letters the page lacks without their accents', 'Łódź, Győr, Brașov', pc858('Lódz, Gyor, Brasov')],
    ['typographic quotes, dashes and ellipsis spelled plainly', '“Bio” – fair… ‘tea’ — •', [...Buffer.from('"Bio" - fair... \'tea\' - *')]],
    ['ligatures spelled out', 'Œuvre, cœur', [...Buffer.from('OEuvre, coeur')]],
    ['a character with no spelling as “?”', 'Tea 茶 ☕', [...Buffer.from('Tea ? ?')]],
    ['control characters dropped: no command hides in a name', 'Mug\u001b@\u001dV\u0000 Black\n', [...Buffer.from('Mug@V Black')]],
    ['a non-breaking space and a tab as spaces', 'A\u00a0B\tC', [...Buffer.from('A B C')]],
    ['decomposed accents composed first', 'Cafe\u0301', pc858('Café')],
  ])('%s', (_case, text, bytes) => {
    expect(encodeText(text)).toEqual(bytes);
  });

  it('agrees with iconv-lite on every character of PC858’s upper half', () => {
    for (let byte = 0x80; byte <= 0xff; byte++) {
      const character = iconv.decode(Buffer.from([byte]), 'cp858');
      // The page's non-breaking space prints as a plain space.
      expect(encodeText(character), `0x${byte.toString(16)} ${character}`).toEqual(byte === 0xff ? [0x20] : [byte]);
    }
  });

  it('counts the columns a text takes as the bytes it prints', () => {
    expect(printedLength('Crème brûlée')).toBe(12);
    expect(printedLength('…')).toBe(3);
    expect(printedLength('a\u001bb')).toBe(2);
  });
});
