/**
 * Whether a product's code can be printed in a symbology, and why not (a person fixes the product
 * or picks another template). Pure; the same rules on the server and in the office preview.
 */

export const SYMBOLOGIES = ['ean13', 'upca', 'code128', 'qr', 'none'] as const;
export type Symbology = (typeof SYMBOLOGIES)[number];

export const SYMBOLOGY_NAMES: Readonly<Record<Symbology, string>> = {
  ean13: 'EAN-13',
  upca: 'UPC-A',
  code128: 'Code 128',
  qr: 'QR code',
  none: 'No barcode',
};

/** The GS1 mod-10 check digit of `body` (the digits before the check digit). */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** Longest Code 128 value printed on a label (longer codes do not fit a shelf label's width). */
export const CODE128_MAX = 40;
/** Longest QR value (a URL or a code; a tag's QR stays legible at this size). */
export const QR_MAX = 200;

/** Why `code` cannot be printed as `symbology` (undefined: it can). */
export function barcodeProblem(symbology: Symbology, code: string): string | undefined {
  switch (symbology) {
    case 'none':
      return undefined;
    case 'ean13':
    case 'upca': {
      const length = symbology === 'ean13' ? 13 : 12;
      const name = SYMBOLOGY_NAMES[symbology];
      if (code === '') return `it has no barcode; an ${name} template needs a ${length}-digit code`;
      if (!/^\d+$/.test(code)) return `its code ${code} is not an ${name}: only digits are allowed`;
      if (code.length !== length) return `its code ${code} is not an ${name}: it has ${code.length} digits, not ${length}`;
      const check = gs1CheckDigit(code.slice(0, -1));
      if (Number(code.at(-1)) !== check) return `its code ${code} is not an ${name}: the check digit should be ${check}`;
      return undefined;
    }
    case 'code128':
      if (code === '') return 'it has no code to print as Code 128';
      if (code.length > CODE128_MAX) return `its code is ${code.length} characters long; Code 128 labels take at most ${CODE128_MAX}`;
      if (!/^[\x20-\x7e]+$/.test(code))
        return `its code ${code} has characters Code 128 cannot print (letters, digits and ASCII signs only)`;
      return undefined;
    case 'qr':
      if (code === '') return 'it has no code to print as a QR code';
      if (code.length > QR_MAX) return `its code is ${code.length} characters long; QR labels take at most ${QR_MAX}`;
      return undefined;
  }
}

/** The code a template prints for a product: for EAN-13 and UPC-A a barcode of that length, else the first barcode or the SKU. */
export function codeFor(symbology: Symbology, barcodes: readonly string[], sku: string): string {
  if (symbology === 'ean13') return barcodes.find((code) => code.length === 13) ?? barcodes[0] ?? '';
  if (symbology === 'upca') return barcodes.find((code) => code.length === 12) ?? barcodes[0] ?? '';
  return barcodes[0] ?? sku;
}
