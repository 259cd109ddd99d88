import { describe, expect, it } from 'vitest';
import { barcodeFeedback, checkBarcode, gtinCheckDigit } from './barcode.ts';

describe('barcodes', () => {
  it.each([
    ['400638133393', 1],
    ['03600029145', 2],
    ['9638507', 4],
    ['590123412345', 7],
  ])('check digit of %s is %i', (body, digit) => {
    expect(gtinCheckDigit(body)).toBe(digit);
  });

  it.each([
    ['4006381333931', undefined, 'ean13'],
    ['036000291452', undefined, 'upca'],
    ['96385074', undefined, 'ean8'],
    ['SHELF-A-12', undefined, 'code128'],
    ['12345', undefined, 'code128'],
    ['4006381333931', 'ean13', 'ean13'],
  ] as const)('%s (%s) is a valid %s', (code, symbology, expected) => {
    expect(checkBarcode(code, symbology)).toEqual({ ok: true, code, symbology: expected });
  });

  it.each([
    ['4006381333932', undefined, 'check digit of 4006381333932 should be 1'],
    ['036000291453', undefined, 'should be 2'],
    ['96385075', undefined, 'should be 4'],
    ['400638133393', 'ean13', '13 digits'],
    ['ABC', 'upca', '12 digits'],
    ['', undefined, 'Code 128'],
    ['naïve', undefined, 'printable ASCII'],
    ['x'.repeat(81), 'code128', '1–80'],
  ] as const)('%s (%s) is refused: %s', (code, symbology, reason) => {
    const result = checkBarcode(code, symbology);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it.each([
    ['4006381333931', 'ok', 'EAN-13, check digit correct'],
    ['4006381333936', 'problem', 'EAN-13: the check digit should be 1, not 6'],
    ['036000291453', 'problem', 'UPC-A: the check digit should be 2, not 3'],
    ['96385075', 'problem', 'EAN-8: the check digit should be 4, not 5'],
    ['4006381', 'pending', '7 digits'],
    ['', 'pending', 'EAN-13, UPC-A, EAN-8'],
    ['SHELF-1', 'ok', 'Code 128'],
    ['naïve', 'problem', 'printable ASCII'],
  ] as const)('typing %s says %s: %s', (code, tone, message) => {
    expect(barcodeFeedback(code)).toEqual({ tone, message: expect.stringContaining(message) });
  });
});
