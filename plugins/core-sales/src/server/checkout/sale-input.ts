import { LineQuantity, NonBlankText, Nullable, PositiveTillAmount, TillAmount, Type, Uuid, type Static } from '@kits/plugin-sdk';

export const DiscountInput = Type.Union([
  Type.Object(
    { kind: Type.Literal('percent'), basisPoints: Type.Integer({ minimum: 1, maximum: 10_000 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('amount'), amount: PositiveTillAmount }, { additionalProperties: false }),
]);

export const SaleLineInput = Type.Object(
  {
    variantId: Uuid,
    quantity: LineQuantity,
    /** A price other than the catalog's: needs core-sales:price.override. */
    unitPrice: Type.Optional(TillAmount),
    /** Needs core-sales:discount. */
    discount: Type.Optional(DiscountInput),
    lot: Type.Optional(NonBlankText(64)),
    serials: Type.Optional(Type.Array(NonBlankText(100), { minItems: 1, maxItems: 1000 })),
  },
  { additionalProperties: false },
);

export const TenderInput = Type.Object(
  {
    /** `cash`, or a method a payment plugin takes (`card`, …). */
    method: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }),
    /** Cash: what the customer handed over. Other methods: the amount charged. */
    amount: TillAmount,
    /** Non-cash: what the payment provider needs (a payment method id); for an offline sale, the approved reference. */
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** A sale as a till or API client sends it: lines and tenders; totals are the server's to compute. */
export const SaleInput = Type.Object(
  {
    /** The sale's id (UUIDv7 made by the till), so a retry is recognised. */
    id: Type.Optional(Uuid),
    lines: Type.Array(SaleLineInput, { minItems: 1, maxItems: 500 }),
    cartDiscount: Type.Optional(DiscountInput),
    customerId: Type.Optional(Uuid),
    tenders: Type.Array(TenderInput, { minItems: 1, maxItems: 10 }),
    /** The total the till showed; a different server total is reported. */
    expectedTotal: Type.Optional(TillAmount),
    /** Registered device for clients that are not a signed-in till (API keys, back office). */
    deviceId: Type.Optional(Uuid),
    shiftId: Type.Optional(Uuid),
    /** The parked sale this one resumes (its hold on stock is released). */
    resumedFrom: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type SaleInput = Static<typeof SaleInput>;

/**
 * A manager's approval of something the cashier could not do alone (a discount, another price, a
 * return without a receipt, a refund over the limit), given on the till:
 * by the kernel (step-up, `approvalId`) when online, against the PIN the till keeps when offline.
 */
export const SaleApproval = Type.Object(
  {
    permission: NonBlankText(100),
    action: Type.String({ pattern: '^[a-z][a-z0-9.-]{0,59}$' }),
    approverId: Uuid,
    approvalId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

/** An offline sale from a till's event log: the sale (with its id) plus what the till decided offline. */
export const OfflineSaleInput = Type.Object(
  {
    sale: SaleInput,
    receiptNumber: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
    cashierId: NonBlankText(100),
    /** Who approved what the cashier lacked the permission for (audited with the sale). */
    approvals: Type.Optional(Type.Array(SaleApproval, { minItems: 1, maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type OfflineSaleInput = Static<typeof OfflineSaleInput>;

export const SaleOutput = Type.Object({
  id: Uuid,
  status: Type.String(),
  receiptNumber: Type.Union([Type.Integer(), Type.Null()]),
  /** The till it was rung up on; null for a sale another channel took (an online order). */
  deviceId: Nullable(Uuid),
  locationId: Uuid,
  shiftId: Type.Union([Uuid, Type.Null()]),
  /** Who rang the sale up (the user id; a till's cashier); null for another channel's sale. */
  cashierId: Nullable(Type.String()),
  /** Where it was sold: `till`, or the channel that recorded it (`shopify`). */
  channel: Type.String(),
  /** A channel's sale: its id there and the name people use (`#1001`, shown where a till sale shows its receipt number). */
  source: Nullable(Type.Object({ channel: Type.String(), id: Type.String(), name: Nullable(Type.String()) })),
  /** A channel's sale: whether its line prices include tax (null for a till's, which follows the shop's setting). */
  taxIncluded: Nullable(Type.Boolean()),
  /** A channel's shipping and other charges (amount before tax, its tax, and the two together). */
  charges: Type.Array(
    Type.Object({
      kind: Type.String(),
      title: Type.String(),
      amount: Type.Integer(),
      tax: Type.Integer(),
      /** The charge's tax by the rate it comes to (a channel gives the tax, not its rate). */
      taxes: Type.Array(Type.Object({ name: Type.String(), basisPoints: Type.Integer(), amount: Type.Integer() })),
      total: Type.Integer(),
    }),
  ),
  customerId: Type.Union([Uuid, Type.Null()]),
  currency: Type.String(),
  subtotal: Type.Integer(),
  discountTotal: Type.Integer(),
  taxTotal: Type.Integer(),
  total: Type.Integer(),
  rounding: Type.Integer(),
  paid: Type.Integer(),
  change: Type.Integer(),
  refunded: Type.Integer(),
  taxes: Type.Array(Type.Object({ name: Type.String(), basisPoints: Type.Integer(), amount: Type.Integer() })),
  promotions: Type.Array(Type.Object({ id: Type.String(), discount: Type.Integer() })),
  /** The discount given on the whole sale, as it was given (a parked sale resumes with it). */
  cartDiscount: Type.Union([DiscountInput, Type.Null()]),
  lines: Type.Array(
    Type.Object({
      lineNo: Type.Integer(),
      variantId: Uuid,
      sku: Type.String(),
      name: Type.String(),
      /** A channel's sale: the title it sold the line under (null for a till's). */
      title: Nullable(Type.String()),
      quantity: Type.Integer(),
      unitPrice: Type.Integer(),
      /** Promotions, the line's own discount and its share of the sale's, together. */
      discount: Type.Integer(),
      /** The line's own discount alone (minor units). */
      lineDiscount: Type.Integer(),
      tax: Type.Integer(),
      /** The line's tax by rate. */
      taxes: Type.Array(Type.Object({ name: Type.String(), basisPoints: Type.Integer(), amount: Type.Integer() })),
      total: Type.Integer(),
      refundedQuantity: Type.Integer(),
    }),
  ),
  tenders: Type.Array(
    Type.Object({
      method: Type.String(),
      tendered: Type.Integer(),
      amount: Type.Integer(),
      /** What refunds gave back to this tender so far. */
      refunded: Type.Integer(),
      reference: Type.Union([Type.String(), Type.Null()]),
      /** The card (or other provider) payment that pays this tender; null for cash. */
      paymentId: Type.Union([Type.String(), Type.Null()]),
      /** Its payments@2 state: `authorized` until captured, `captured`, `partially_refunded`, … */
      paymentState: Type.Union([Type.String(), Type.Null()]),
      /** What the receipt prints under the tender ("Visa •••• 4242  Auth 123456"). */
      card: Type.Union([
        Type.Object({ brand: Type.String(), last4: Type.String(), authorizationCode: Type.Optional(Type.String()) }),
        Type.Null(),
      ]),
      /** Set when capturing the payment failed for good: what the merchant reads and does. */
      captureProblem: Type.Union([Type.String(), Type.Null()]),
      /** Set when a refund made at a till could not be given back to this card: what the merchant reads and does. */
      refundProblem: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  /** Set when the till's total differed from the server's: what the till showed. */
  clientTotal: Type.Union([Type.Integer(), Type.Null()]),
  occurredAt: Type.String(),
  receivedAt: Type.String(),
});
export type SaleOutput = Static<typeof SaleOutput>;
