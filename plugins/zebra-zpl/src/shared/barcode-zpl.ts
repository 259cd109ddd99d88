import type { Symbology } from './barcode-codes.ts';
import { zplFieldText } from './zpl-text.ts';

/**
 * One barcode as ZPL, sized to the room it has: the module width (`^BY`) is the widest whole
 * number of dots at which the symbol with its quiet zones fits `width`; linear codes keep room
 * below the bars for their human-readable line. EAN-13 is sent without its check digit (`^BE`
 * computes it). UPC-A goes out as the EAN-13 symbol with a leading 0 (`^BE`): the same bars, which
 * every scanner reads as the UPC-A; zpl-renderer-js does not draw `^BU`, and the preview must be
 * the label's own ZPL (docs: D-194). Code 128 in automatic mode (`^BC…,A`).
 */

/** QR versions' byte capacity at error correction M (versions 1–10). */
const QR_CAPACITY_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213];

/** The symbol's width in modules, quiet zones included. */
function modulesWide(symbology: Exclude<Symbology, 'none'>, code: string): number {
  switch (symbology) {
    case 'ean13':
    case 'upca':
      return 95 + 18;
    case 'code128': {
      const digitsOnly = /^\d+$/.test(code) && code.length % 2 === 0;
      const symbols = digitsOnly ? code.length / 2 : code.length;
      return 11 * (symbols + 2) + 13 + 20;
    }
    case 'qr': {
      const version = QR_CAPACITY_M.findIndex((capacity) => capacity >= new TextEncoder().encode(code).length) + 1 || 11;
      return 17 + 4 * version + 8;
    }
  }
}

export interface BarcodeBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Widest module in dots (keeps a barcode from growing past what scanners like). */
  readonly maxModule: number;
}

/** The ZPL fields drawing `code` as `symbology` in `box` (centred across it); '' for `none`. */
export function barcodeFields(symbology: Symbology, code: string, box: BarcodeBox): string {
  if (symbology === 'none') return '';
  const modules = modulesWide(symbology, code);
  const module = Math.max(1, Math.min(box.maxModule, Math.floor(box.width / modules)));
  const quiet = symbology === 'qr' ? 4 : symbology === 'code128' ? 10 : 9;
  const x = box.x + Math.max(0, Math.floor((box.width - modules * module) / 2)) + quiet * module;
  // The human-readable line under the bars is about 10 modules high.
  const bars = Math.max(10, box.height - 12 * module);
  switch (symbology) {
    case 'ean13':
      return `^BY${module}^FO${x},${box.y}^BEN,${bars},Y,N^FD${code.slice(0, 12)}^FS`;
    case 'upca':
      return `^BY${module}^FO${x},${box.y}^BEN,${bars},Y,N^FD0${code.slice(0, 11)}^FS`;
    case 'code128':
      return `^BY${module}^FO${x},${box.y}^BCN,${bars},Y,N,N,A^FH^FD${zplFieldText(code)}^FS`;
    case 'qr': {
      const magnification = Math.max(1, Math.min(10, Math.floor(Math.min(box.width, box.height) / modules)));
      // ^BQ draws ~10 dots below ^FO before the symbol; MA = error correction M, automatic input.
      return `^FO${x - quiet * module},${box.y}^BQN,2,${magnification}^FH^FDMA,${zplFieldText(code)}^FS`;
    }
  }
}
