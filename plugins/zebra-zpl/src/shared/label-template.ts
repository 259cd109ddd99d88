import type { Symbology } from './barcode-codes.ts';
import type { LabelStockId, PrintResolution } from './label-stock.ts';

/** What a label is for; each kind has its own layout (label-zpl.ts). */
export const LABEL_KINDS = ['shelf', 'product', 'jewellery'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export const LABEL_KIND_NAMES: Readonly<Record<LabelKind, string>> = {
  shelf: 'Shelf label',
  product: 'Product label',
  jewellery: 'Jewellery tag',
};

/** A tenant's label template: what goes on the label, on which stock, at which resolution. */
export interface LabelTemplate {
  readonly name: string;
  readonly kind: LabelKind;
  readonly stock: LabelStockId;
  readonly dpi: PrintResolution;
  readonly symbology: Symbology;
  readonly showPrice: boolean;
  readonly showSku: boolean;
}

/** What a label prints of one variant; the price in minor units of its currency. */
export interface LabelProduct {
  readonly name: string;
  readonly price: { readonly amount: number; readonly currency: string } | null;
  /** The code the barcode carries (see `codeFor`). */
  readonly code: string;
  readonly sku: string;
}

/** The templates a new tenant starts with (they edit or add their own). */
export const STARTER_TEMPLATES: readonly LabelTemplate[] = [
  { name: 'Shelf label', kind: 'shelf', stock: 'shelf-2.25x1.25', dpi: 203, symbology: 'ean13', showPrice: true, showSku: true },
  { name: 'Product label', kind: 'product', stock: 'product-2x1', dpi: 203, symbology: 'code128', showPrice: true, showSku: false },
  { name: 'Jewellery tag', kind: 'jewellery', stock: 'tag-1.2x0.85', dpi: 300, symbology: 'qr', showPrice: true, showSku: true },
];
