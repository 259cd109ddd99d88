const GTIN_LENGTH = { ean13: 13, upca: 12, ean8: 8 };
/** The GS1 mod-10 check digit of the digits before it. */
export function gtinCheckDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}
/**
 * Validates a barcode. Without a symbology, 8, 12 or 13 digits are read as a GTIN and must carry a
 * valid check digit; anything else printable is Code 128 free text.
 */
export function checkBarcode(code, symbology) {
  const inferred = symbology ?? (/^\d+$/.test(code) ? { 8: 'ean8', 12: 'upca', 13: 'ean13' }[code.length] : undefined) ?? 'code128';
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
//# sourceMappingURL=barcode.js.map
