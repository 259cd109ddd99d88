import { NonBlankText, Type } from '@kits/plugin-sdk';
import { SYMBOLOGIES } from '../shared/barcode-codes.ts';
import { LABEL_STOCK_IDS, PRINT_RESOLUTIONS } from '../shared/label-stock.ts';
import { LABEL_KINDS } from '../shared/label-template.ts';

/** The label stocks, resolutions, kinds and symbologies as route schemas name them. */
export const LabelStock = Type.Union(
  LABEL_STOCK_IDS.map((id) => Type.Literal(id)),
  { description: 'The label size loaded: shelf-2.25x1.25, product-2x1, shipping-4x6 or tag-1.2x0.85' },
);
export const Resolution = Type.Union(
  PRINT_RESOLUTIONS.map((dpi) => Type.Literal(dpi)),
  { description: 'Print resolution in dots per inch: 203, 300 or 600' },
);
export const Kind = Type.Union(
  LABEL_KINDS.map((kind) => Type.Literal(kind)),
  { description: 'shelf, product or jewellery' },
);
export const Barcode = Type.Union(
  SYMBOLOGIES.map((s) => Type.Literal(s)),
  { description: 'ean13, upca, code128, qr or none' },
);

export const TemplateInput = Type.Object(
  {
    name: NonBlankText(100),
    kind: Kind,
    stock: LabelStock,
    dpi: Resolution,
    symbology: Barcode,
    showPrice: Type.Boolean(),
    showSku: Type.Boolean(),
  },
  { additionalProperties: false },
);
