/** Barcode symbologies a variant can carry; GTINs (EAN-13, UPC-A, EAN-8) have a check digit. */
export type Symbology = 'ean13' | 'upca' | 'ean8' | 'code128';

const GTIN_LENGTH: Record<Exclude<Symbology, 'code128'>, number> = { ean13: 13, upca: 12, ean8: 8 };

/** The GS1 mod-10 check digit of the digits before it. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export type BarcodeCheck =
  { readonly ok: true; readonly code: string; readonly symbology: Symbology } | { readonly ok: false; readonly reason: string };

/**
 * Validates a barcode. Without a symbology, 8, 12 or 13 digits are read as a GTIN and must carry a
 * valid check digit; anything else printable is Code 128 free text.
 */
export function checkBarcode(code: string, symbology?: Symbology): BarcodeCheck {
  const inferred: Symbology | undefined =
    symbology ??
    (/^\d+$/.test(code) ? ({ 8: 'ean8', 12: 'upca', 13: 'ean13' } as Record<number, Symbology>)[code.length] : undefined) ??
    'code128';
  if (inferred === 'code128') {
    if (code.length < 1 || code.length > 80 || !/^[\x20-\x7e]+$/.test(code)) {
      return { ok: false, reason: 'a Code 128 barcode is 1–80 printable ASCII characters' };
    }
    return { ok: true, code, symbology: 'code128' };
  }
  const length = GTIN_LENGTH[inferred];
  if (!/^\d+$/.test(code) || code.length !== length)
    return { ok: false, reason: `an ${inferred.toUpperCase()} barcode is ${length} digits` };
  const expected = gtinCheckDigit(code.slice(0, -1));
  if (Number(code.at(-1)) !== expected) return { ok: false, reason: `the check digit of ${code} should be ${expected}` };
  return { ok: true, code, symbology: inferred };
}

const SYMBOLOGY_NAME: Record<Symbology, string> = { ean13: 'EAN-13', upca: 'UPC-A', ean8: 'EAN-8', code128: 'Code 128' };

/** What a person typing a barcode is told about it, keystroke by keystroke: fine, not yet, or wrong. */
export interface BarcodeFeedback {
  readonly tone: 'ok' | 'pending' | 'problem';
  readonly message: string;
}

/**
 * Feedback on a barcode as it is typed (the product editor shows it under the box). Digits-only
 * codes of 8, 12 or 13 digits are GTINs and their last digit is checked ("check digit should be 6");
 * other digit runs are on their way to one (and may be Code 128 shelf codes).
 */
export function barcodeFeedback(code: string): BarcodeFeedback {
  const typed = code.trim();
  if (typed === '') return { tone: 'pending', message: 'EAN-13, UPC-A, EAN-8, or any shelf code' };
  const checked = checkBarcode(typed);
  if (!checked.ok) {
    const digit = /check digit of \d+ should be (\d)/.exec(checked.reason)?.[1];
    if (digit !== undefined) {
      const name = SYMBOLOGY_NAME[({ 8: 'ean8', 12: 'upca', 13: 'ean13' } as Record<number, Symbology>)[typed.length]!];
      return { tone: 'problem', message: `${name}: the check digit should be ${digit}, not ${typed.at(-1)}` };
    }
    return { tone: 'problem', message: checked.reason };
  }
  if (checked.symbology !== 'code128') return { tone: 'ok', message: `${SYMBOLOGY_NAME[checked.symbology]}, check digit correct` };
  if (/^\d+$/.test(typed) && typed.length < 13)
    return { tone: 'pending', message: `${typed.length} digits: EAN-13 has 13, UPC-A 12, EAN-8 8 (else it is kept as a Code 128 code)` };
  return { tone: 'ok', message: 'Code 128 (no check digit)' };
}
