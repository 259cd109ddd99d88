import { CurrencyCode, LineQuantity, NonBlankText, Timestamp, Type, Uuid, type Static } from '@kits/plugin-sdk';

/**
 * What sales@1 takes from a channel plugin, checked as a route checks its body (the caller is
 * another plugin, but its input comes from outside: an online shop's order).
 */

/** A channel's id is a plugin id (`shopify`); `till` is core-sales' own. */
const ChannelId = Type.String({ pattern: '^(?!till$)[a-z][a-z0-9-]{0,63}$' });
const Amount = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });
/** A gateway name as the channel spells it (`shopify_payments`, `Cash on Delivery (COD)`). */
const Method = NonBlankText(40);

export const ExternalSourceInput = Type.Object(
  { channel: ChannelId, id: Type.String({ minLength: 1, maxLength: 200 }), name: Type.Optional(NonBlankText(200)) },
  { additionalProperties: false },
);

const TenderInput = Type.Object(
  { method: Method, amount: Amount, reference: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })) },
  { additionalProperties: false },
);

export const ExternalSaleInput = Type.Object(
  {
    source: ExternalSourceInput,
    locationId: Uuid,
    currency: CurrencyCode,
    occurredAt: Timestamp,
    taxIncluded: Type.Boolean(),
    lines: Type.Array(
      Type.Object(
        {
          variantId: Uuid,
          quantity: LineQuantity,
          unitPrice: Amount,
          discount: Amount,
          tax: Amount,
          title: Type.Optional(NonBlankText(500)),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    charges: Type.Optional(
      Type.Array(
        Type.Object(
          {
            kind: Type.Union([Type.Literal('shipping'), Type.Literal('other')]),
            title: NonBlankText(200),
            amount: Amount,
            tax: Amount,
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    tenders: Type.Array(TenderInput, { maxItems: 20 }),
    reservationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type ExternalSaleInput = Static<typeof ExternalSaleInput>;

export const ExternalRefundInput = Type.Object(
  {
    source: ExternalSourceInput,
    saleId: Uuid,
    occurredAt: Timestamp,
    lines: Type.Array(
      Type.Object({ variantId: Uuid, quantity: LineQuantity, amount: Amount, tax: Amount }, { additionalProperties: false }),
      { maxItems: 500 },
    ),
    tenders: Type.Array(TenderInput, { maxItems: 20 }),
    restock: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ExternalRefundInput = Static<typeof ExternalRefundInput>;

export const VoidReason = NonBlankText(500, { multiline: true });
