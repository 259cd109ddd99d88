/**
 * The label stock and print resolutions of common Zebra printers. A label's size is in inches as
 * the rolls are sold; the printer draws in dots (203 dpi = 8 dots/mm, 300 = 12, 600 = 24).
 */

export const LABEL_STOCKS = {
  'shelf-2.25x1.25': { name: 'Shelf label 2.25" × 1.25" (57 × 32 mm)', size: '2.25" × 1.25"', widthIn: 2.25, heightIn: 1.25 },
  'product-2x1': { name: 'Product label 2" × 1" (51 × 25 mm)', size: '2" × 1"', widthIn: 2, heightIn: 1 },
  'shipping-4x6': { name: 'Large label 4" × 6" (102 × 152 mm)', size: '4" × 6"', widthIn: 4, heightIn: 6 },
  'tag-1.2x0.85': { name: 'Jewellery tag 1.2" × 0.85" (30 × 22 mm)', size: '1.2" × 0.85"', widthIn: 1.2, heightIn: 0.85 },
} as const;
export type LabelStockId = keyof typeof LABEL_STOCKS;
export const LABEL_STOCK_IDS = Object.keys(LABEL_STOCKS) as LabelStockId[];

export const PRINT_RESOLUTIONS = [203, 300, 600] as const;
export type PrintResolution = (typeof PRINT_RESOLUTIONS)[number];

/** Dots per millimetre as ZPL and renderers count them (203 dpi → 8). */
export const dotsPerMm = (dpi: PrintResolution): number => ({ 203: 8, 300: 12, 600: 24 })[dpi];

/** The label's size in dots at `dpi`, and in millimetres (what a renderer is given). */
export function labelDots(stock: LabelStockId, dpi: PrintResolution): { width: number; height: number; widthMm: number; heightMm: number } {
  const { widthIn, heightIn } = LABEL_STOCKS[stock];
  const widthMm = Math.round(widthIn * 25.4 * 10) / 10;
  const heightMm = Math.round(heightIn * 25.4 * 10) / 10;
  return { width: Math.floor(widthMm * dotsPerMm(dpi)), height: Math.floor(heightMm * dotsPerMm(dpi)), widthMm, heightMm };
}
