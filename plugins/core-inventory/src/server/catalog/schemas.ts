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

/** A variant as the product editor saves it: with its id when it exists already, without to add one. */
export const VariantChange = Type.Object(
  {
    id: Type.Optional(Type.With(Uuid, { description: 'The variant to change; leave out to add a variant' })),
    ...VariantInput.properties,
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('archived')], { description: 'archived: no longer sold (its stock history stays)' }),
    ),
  },
  { additionalProperties: false },
);

/**
 * A whole product as the editor saves it: its details, option axes and every variant with its
 * barcodes and prices (which replace the stored ones). A stored variant left out is archived, not
 * deleted: sales and stock movements refer to it. Unit and tracking do not change once stock moved.
 */
export const ProductChange = Type.Object(
  {
    name: NonBlankText(300),
    description: Type.Optional(FreeText(5000)),
    taxClass: Type.Optional(NonBlankText(50)),
    optionAxes: Type.Optional(Type.Array(NonBlankText(40), { maxItems: 5, uniqueItems: true })),
    expectedRevision: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Refuse (409) if the product changed since this revision (someone else saved it)' }),
    ),
    variants: Type.Array(VariantChange, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type ProductChange = Static<typeof ProductChange>;

/** The catalog at a glance: what the dashboard card and the product editor need. */
export const CatalogSummary = Type.Object({
  products: Type.Integer({ description: 'Products on sale (not archived)' }),
  archivedProducts: Type.Integer(),
  variants: Type.Integer({ description: 'Variants on sale' }),
  taxClasses: Type.Array(Type.String(), { description: 'Tax classes the catalog uses, "standard" always among them' }),
  currencies: Type.Object({
    shop: Type.String({ description: "The tenant's currency" }),
    others: Type.Array(Type.String(), { description: 'Further currencies prices may be in (the otherCurrencies setting)' }),
  }),
});
export type CatalogSummary = Static<typeof CatalogSummary>;
