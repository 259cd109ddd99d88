import { describe, expect, it } from 'vitest';
import { codeFor, type Symbology } from '../src/shared/barcode-codes.ts';
import { dotsPerMm, labelDots, LABEL_STOCK_IDS, PRINT_RESOLUTIONS } from '../src/shared/label-stock.ts';
import { LABEL_KINDS, type LabelTemplate } from '../src/shared/label-template.ts';
import { labelProblem, labelZpl } from '../src/shared/label-zpl.ts';
import { decodeBarcode, renderLabel } from './label-image.ts';

// Every label is rendered from its own ZPL by zpl-renderer-js (the office preview's renderer) and its
// barcode read back by zxing: what a scanner gets must be the product's code.

const PRODUCT = { name: 'Crème fraîche ^ Bio 200 ml — organic', price: { amount: 1299, currency: 'EUR' }, sku: 'CF-200_b~' };
const CODES: Record<Exclude<Symbology, 'none'>, string[]> = {
  ean13: ['4006381333931'],
  upca: ['036000291452'],
  code128: [],
  qr: ['https://shop.example/p/crème-fraîche?sku=CF-200'],
};

const template = (
  kind: LabelTemplate['kind'],
  stock: LabelTemplate['stock'],
  dpi: LabelTemplate['dpi'],
  symbology: Symbology,
): LabelTemplate => ({
  name: 'Test',
  kind,
  stock,
  dpi,
  symbology,
  showPrice: true,
  showSku: true,
});

describe('labels scan back to the product code', () => {
  const cases = LABEL_KINDS.flatMap((kind) =>
    (['ean13', 'upca', 'code128', 'qr'] as const).map((symbology, i) => {
      // Each kind on its usual stock, and the resolutions taken in turn.
      const stock = kind === 'shelf' ? 'shelf-2.25x1.25' : kind === 'product' ? 'product-2x1' : 'tag-1.2x0.85';
      return [kind, symbology, stock, PRINT_RESOLUTIONS[i % 3]!] as const;
    }),
  );
  it.each(cases)('%s label, %s, on %s at %i dpi', async (kind, symbology, stock, dpi) => {
    const chosen = template(kind, stock, dpi, symbology);
    const product = { ...PRODUCT, code: codeFor(symbology, CODES[symbology], PRODUCT.sku) };
    expect(labelProblem(chosen, product)).toBeUndefined();
    const size = labelDots(stock, dpi);
    const image = await renderLabel(labelZpl(chosen, product), size.widthMm, size.heightMm, dotsPerMm(dpi));
    expect(decodeBarcode(image, symbology).getText()).toBe(product.code);
  });

  it.each(LABEL_STOCK_IDS)('a shelf label on %s at 203 dpi carries its EAN-13', async (stock) => {
    const chosen = template('shelf', stock, 203, 'ean13');
    const size = labelDots(stock, 203);
    const image = await renderLabel(labelZpl(chosen, { ...PRODUCT, code: '5901234123457' }), size.widthMm, size.heightMm, 8);
    expect(decodeBarcode(image, 'ean13').getText()).toBe('5901234123457');
  });

  it('writes the label as ZPL: UTF-8, the size in dots, escaped text, copies', () => {
    const zpl = labelZpl(
      template('shelf', 'shelf-2.25x1.25', 203, 'ean13'),
      { ...PRODUCT, code: '4006381333931' },
      { copies: 12, locale: 'en' },
    );
    const lines = zpl.trim().split('\n');
    expect(lines.slice(0, 4)).toEqual(['^XA', '^CI28', '^PW457', '^LL254']);
    expect(lines.slice(-2)).toEqual(['^PQ12,0,1,Y', '^XZ']);
    expect(zpl).toContain('^FH^FDCrème fraîche _5E Bio');
    expect(zpl).toContain('^FH^FDCF-200_5Fb_7E^FS');
    expect(zpl).toContain('^FH^FD€12.99^FS');
    expect(zpl).toContain('^BEN,');
    expect(zpl).toContain('^FD400638133393^FS');
    // Field data never holds a bare ^ or ~ that the printer would read as a command.
    for (const data of zpl.matchAll(/\^FD(.*?)\^FS/g)) expect(data[1]).not.toMatch(/[~^]/);
  });

  it("prices in the currency's own decimals (JPY has none, KWD three)", () => {
    const shelf = template('shelf', 'shelf-2.25x1.25', 203, 'none');
    expect(labelZpl(shelf, { ...PRODUCT, code: '', price: { amount: 1500, currency: 'JPY' } }, { locale: 'en' })).toContain('^FD¥1,500^FS');
    expect(labelZpl(shelf, { ...PRODUCT, code: '', price: { amount: 12345, currency: 'KWD' } }, { locale: 'en' })).toContain('12.345');
  });

  it('refuses a product whose code is not a valid EAN-13, saying why', () => {
    const chosen = { ...template('shelf', 'shelf-2.25x1.25', 203, 'ean13'), name: 'Shelf EAN' };
    expect(labelProblem(chosen, { ...PRODUCT, code: '4006381333932' })).toEqual({
      code: 'zebra.code_not_printable',
      reason: `${PRODUCT.name} cannot be printed on "Shelf EAN": its code 4006381333932 is not an EAN-13: the check digit should be 1.`,
    });
    expect(() => labelZpl(chosen, { ...PRODUCT, code: '4006381333932' })).toThrow('check digit');
  });
});
