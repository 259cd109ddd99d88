import { describe, expect, it } from 'vitest';
import { barcodeProblem, codeFor, gs1CheckDigit, type Symbology } from './barcode-codes.ts';

describe('which codes each symbology prints', () => {
  const cases: Array<[Symbology, string, string | undefined]> = [
    ['ean13', '4006381333931', undefined],
    ['ean13', '5901234123457', undefined],
    ['ean13', '4006381333932', 'its code 4006381333932 is not an EAN-13: the check digit should be 1'],
    ['ean13', '400638133393', 'its code 400638133393 is not an EAN-13: it has 12 digits, not 13'],
    ['ean13', '40063813339A1', 'its code 40063813339A1 is not an EAN-13: only digits are allowed'],
    ['ean13', '', 'it has no barcode; an EAN-13 template needs a 13-digit code'],
    ['upca', '036000291452', undefined],
    ['upca', '036000291453', 'its code 036000291453 is not an UPC-A: the check digit should be 2'],
    ['upca', '4006381333931', 'its code 4006381333931 is not an UPC-A: it has 13 digits, not 12'],
    ['code128', 'SKU-Ab^~_12', undefined],
    ['code128', 'x'.repeat(41), 'its code is 41 characters long; Code 128 labels take at most 40'],
    ['code128', 'Crème', 'its code Crème has characters Code 128 cannot print (letters, digits and ASCII signs only)'],
    ['code128', '', 'it has no code to print as Code 128'],
    ['qr', 'https://shop.example/p/Crème', undefined],
    ['qr', 'x'.repeat(201), 'its code is 201 characters long; QR labels take at most 200'],
    ['none', '', undefined],
  ];
  it.each(cases)('%s %j → %j', (symbology, code, problem) => {
    expect(barcodeProblem(symbology, code)).toBe(problem);
  });

  it.each([
    ['400638133393', 1],
    ['03600029145', 2],
    ['590123412345', 7],
  ])('the GS1 check digit of %s is %i', (body, digit) => {
    expect(gs1CheckDigit(body)).toBe(digit);
  });

  it.each<[Symbology, string[], string, string]>([
    ['ean13', ['036000291452', '4006381333931'], 'SKU-1', '4006381333931'],
    ['upca', ['4006381333931', '036000291452'], 'SKU-1', '036000291452'],
    ['code128', [], 'SKU-1', 'SKU-1'],
    ['qr', ['4006381333931'], 'SKU-1', '4006381333931'],
    ['ean13', [], 'SKU-1', ''],
  ])('%s picks from %j (sku %s) → %j', (symbology, barcodes, sku, code) => {
    expect(codeFor(symbology, barcodes, sku)).toBe(code);
  });
});
