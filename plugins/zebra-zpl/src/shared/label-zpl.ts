import { formatMoney } from '@kits/plugin-sdk/money';
import { barcodeProblem } from './barcode-codes.ts';
import { barcodeFields } from './barcode-zpl.ts';
import { dotsPerMm, labelDots } from './label-stock.ts';
import type { LabelProduct, LabelTemplate } from './label-template.ts';
import { fitText, textFields } from './zpl-text.ts';

/**
 * A template and a product's data → one ZPL label (`^XA … ^XZ`), pure. Layouts are proportions of
 * the label, so every kind fits every stock and resolution: a shelf label leads with the price, a
 * product label with the name and barcode, a jewellery tag is name, price and a small code.
 */

/** A product the template cannot print, and why (a person fixes the product or picks another template). */
export interface LabelRefusal {
  readonly code: 'zebra.code_not_printable';
  readonly reason: string;
}

/** Why `product` cannot be printed with `template` (undefined: it can). */
export function labelProblem(template: LabelTemplate, product: LabelProduct): LabelRefusal | undefined {
  const problem = barcodeProblem(template.symbology, product.code);
  if (!problem) return undefined;
  return { code: 'zebra.code_not_printable', reason: `${product.name} cannot be printed on "${template.name}": ${problem}.` };
}

interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** `size` split top to bottom in the given shares (of the height inside the margin). */
function rows(width: number, height: number, margin: number, shares: readonly number[]): Region[] {
  const inner = height - 2 * margin;
  let y = margin;
  return shares.map((share) => {
    const region = { x: margin, y, width: width - 2 * margin, height: Math.floor(inner * share) };
    y += region.height;
    return region;
  });
}

function textIn(region: Region, text: string, maxLines: number, scale = 0.9): string {
  if (!text || region.height <= 0) return '';
  const maxHeight = Math.max(12, Math.floor((region.height / maxLines) * scale));
  const fitted = fitText(text, region.width, maxLines, maxHeight, Math.min(maxHeight, 14));
  return textFields(fitted, region.x, region.y);
}

/**
 * The ZPL of one label (throws when `labelProblem` has a refusal: call it first). `copies` is
 * `^PQ`, so a receipt of 12 units is one format printed 12 times. `locale` formats the price.
 */
export function labelZpl(template: LabelTemplate, product: LabelProduct, options: { copies?: number; locale?: string } = {}): string {
  const refusal = labelProblem(template, product);
  if (refusal) throw new Error(refusal.reason);
  const { width, height } = labelDots(template.stock, template.dpi);
  const margin = Math.round(1.5 * dotsPerMm(template.dpi));
  const price = template.showPrice && product.price ? formatMoney(product.price.amount, product.price.currency, options.locale) : '';
  const sku = template.showSku ? product.sku : '';
  const hasCode = template.symbology !== 'none';
  const maxModule = Math.max(2, Math.round(dotsPerMm(template.dpi) * 0.5));
  const fields: string[] = [];

  if (template.kind === 'shelf') {
    // Name, then the price large with the SKU beside it, then the barcode.
    const [name, priceRow, code] = rows(width, height, margin, hasCode ? [0.3, 0.3, 0.4] : [0.45, 0.55, 0]);
    const priceWidth = sku ? Math.floor(priceRow!.width * 0.68) : priceRow!.width;
    fields.push(textIn(name!, product.name, 2));
    fields.push(textIn({ ...priceRow!, width: priceWidth }, price, 1));
    fields.push(
      textIn(
        { ...priceRow!, x: priceRow!.x + priceWidth, width: priceRow!.width - priceWidth, height: Math.floor(priceRow!.height * 0.45) },
        sku,
        1,
        1,
      ),
    );
    if (hasCode) fields.push(barcodeFields(template.symbology, product.code, { ...code!, maxModule }));
  } else if (template.kind === 'product') {
    const [name, code, bottom] = rows(width, height, margin, hasCode ? [0.3, 0.5, 0.2] : [0.6, 0, 0.4]);
    fields.push(textIn(name!, product.name, 2));
    if (hasCode) fields.push(barcodeFields(template.symbology, product.code, { ...code!, maxModule }));
    fields.push(textIn(bottom!, [price, sku].filter(Boolean).join('  '), 1));
  } else {
    // A tag: words on the left and a square code on the right; a linear code goes underneath.
    const square = template.symbology === 'qr';
    const innerWidth = width - 2 * margin;
    const innerHeight = height - 2 * margin;
    const codeSide = square ? Math.min(innerHeight, Math.floor(innerWidth * 0.45)) : 0;
    const wordsWidth = innerWidth - (square ? codeSide + margin : 0);
    const [name, priceRow, skuRow, code] = rows(
      wordsWidth + 2 * margin,
      height,
      margin,
      square || !hasCode ? [0.45, 0.35, 0.2, 0] : [0.28, 0.22, 0.1, 0.4],
    );
    fields.push(textIn(name!, product.name, 2));
    fields.push(textIn(priceRow!, price, 1));
    fields.push(textIn(skuRow!, sku, 1, 0.6));
    if (square)
      fields.push(
        barcodeFields('qr', product.code, {
          x: margin + innerWidth - codeSide,
          y: margin,
          width: codeSide,
          height: codeSide,
          maxModule: 10,
        }),
      );
    else if (hasCode) fields.push(barcodeFields(template.symbology, product.code, { ...code!, width: innerWidth, maxModule }));
  }

  const copies = Math.max(1, Math.floor(options.copies ?? 1));
  return (
    ['^XA', '^CI28', `^PW${width}`, `^LL${height}`, '^LH0,0', ...fields.filter(Boolean), `^PQ${copies},0,1,Y`, '^XZ'].join('\n') + '\n'
  );
}
