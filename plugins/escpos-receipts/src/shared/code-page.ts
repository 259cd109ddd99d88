/**
 * Text as an ESC/POS printer can print it. Receipts print in code page PC858 (Latin-1 letters and
 * the euro sign; selected with `ESC t 19`, which Epson-compatible printers understand): each
 * character the page has becomes its byte, others are spelled with what it has (“ő” → “o”,
 * “—” → “-”), and anything left becomes “?”. Control characters never reach the printer: a
 * product name cannot smuggle a command in.
 */

/** `ESC t n`'s number for PC858. */
export const PC858_CODE_TABLE = 19;

/** PC858's bytes 0x80–0xFF (PC850 with the euro sign at 0xD5). */
const PC858_HIGH =
  'ÇüéâäàåçêëèïîìÄÅ' +
  'ÉæÆôöòûùÿÖÜø£Ø×ƒ' +
  'áíóúñÑªº¿®¬½¼¡«»' +
  '░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤' +
  'ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀' +
  'ÓßÔÒõÕµþÞÚÛÙýÝ¯´' +
  '\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

const BYTE_OF = new Map<string, number>([...PC858_HIGH].map((character, index) => [character, 0x80 + index]));

/** Characters PC858 lacks, spelled with characters it has (accents are dropped separately). */
const SPELLED: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '″': '"',
  '–': '-',
  '—': '-',
  '‒': '-',
  '−': '-',
  '…': '...',
  '•': '*',
  '™': 'TM',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  œ: 'oe',
  Œ: 'OE',
  ŀ: 'l',
  ı: 'i',
  '\u00a0': ' ',
  '\t': ' ',
};

const UNPRINTABLE = 0x3f; // '?'

function byteOf(character: string): number | undefined {
  const code = character.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) return code;
  return BYTE_OF.get(character);
}

/** The PC858 bytes of a text, with no control characters (line breaks included: lay lines out first). */
export function encodeText(text: string): number[] {
  const bytes: number[] = [];
  for (const character of text.normalize('NFC')) {
    const spelled = SPELLED[character];
    if (spelled !== undefined) {
      for (const letter of spelled) bytes.push(byteOf(letter)!);
      continue;
    }
    const codePoint = character.codePointAt(0)!;
    if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) continue; // control characters are dropped
    const direct = byteOf(character);
    if (direct !== undefined) {
      bytes.push(direct);
      continue;
    }
    // The letter without its accents (“ő” → “o”), when the page has what is left; “?” otherwise.
    const bare = [...character.normalize('NFD').replace(/\p{M}/gu, '')].map(byteOf);
    if (bare.length === 0) continue; // a lone accent
    if (bare.every((byte) => byte !== undefined)) bytes.push(...(bare as number[]));
    else bytes.push(UNPRINTABLE);
  }
  return bytes;
}

/** How many columns a text takes on paper: one per printed byte. */
export const printedLength = (text: string): number => encodeText(text).length;
