import { CurrencyCode, FreeText, MinorUnits, MoneyInput, NonBlankText, Timestamp, Type, Uuid, type Static } from '@kits/plugin-sdk';

/** A SKU: no whitespace at either end, no control characters (linear: the end classes exclude what the middle allows only by whitespace). */
const CODE_PATTERN = '^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$';
export const PriceInput = Type.Object(
  { currency: CurrencyCode, amount: MinorUnits, locationId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const BarcodeInput = Type.Object(
  {
    code: NonBlankText(80),
    symbology: Type.Optional(Type.Union([Type.Literal('ean13'), Type.Literal('upca'), Type.Literal('ean8'), Type.Literal('code128')])),
  },
  { additionalProperties: false },
);

export const VariantInput = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 64, pattern: CODE_PATTERN, description: 'no spaces at either end, no control characters' }),
    options: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 80 }))),
    barcodes: Type.Optional(Type.Array(BarcodeInput, { maxItems: 20 })),
    cost: Type.Optional(MoneyInput),
    prices: Type.Optional(Type.Array(PriceInput, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type VariantInput = Static<typeof VariantInput>;

export const ProductInput = Type.Object(
  {
    name: NonBlankText(300),
    description: Type.Optional(FreeText(5000)),
    unit: Type.Union([Type.Literal('piece'), Type.Literal('gram'), Type.Literal('millilitre')]),
    tracking: Type.Optional(
      Type.Union([Type.Literal('none'), Type.Literal('lot'), Type.Literal('serial')], {
        description: 'lots with expiry, or serial numbers',
      }),
    ),
    taxClass: Type.Optional(NonBlankText(50)),
    categoryId: Type.Optional(Uuid),
    optionAxes: Type.Optional(Type.Array(NonBlankText(40), { maxItems: 5, uniqueItems: true })),
    attributes: Type.Optional(
      Type.Record(Type.String({ maxLength: 60 }), Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()])),
    ),
    variants: Type.Array(VariantInput, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type ProductInput = Static<typeof ProductInput>;

export const Variant = Type.Object({
  id: Uuid,
  sku: Type.String(),
  options: Type.Record(Type.String(), Type.String()),
  barcodes: Type.Array(Type.Object({ code: Type.String(), symbology: Type.String() })),
  cost: Type.Union([Type.Object({ currency: Type.String(), amount: Type.Integer() }), Type.Null()]),
  prices: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Integer(), locationId: Type.Union([Uuid, Type.Null()]) })),
  status: Type.String(),
  updatedAt: Type.With(Timestamp, { description: 'The last change to the variant, its barcodes, prices or product' }),
});
export type Variant = Static<typeof Variant>;

export const Product = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  unit: Type.String(),
  tracking: Type.String(),
  taxClass: Type.String(),
  categoryId: Type.Union([Uuid, Type.Null()]),
  optionAxes: Type.Array(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  status: Type.String(),
  revision: Type.Integer(),
  variants: Type.Array(Variant),
  updatedAt: Timestamp,
});
export type Product = Static<typeof Product>;

/** A variant as the variant list shows it: with its product's id, name and status. */
export const VariantListItem = Type.Object({
  ...Variant.properties,
  productId: Uuid,
  productName: Type.String(),
  productStatus: Type.String(),
});
export type VariantListItem = Static<typeof VariantListItem>;
