import { LineQuantity, NonBlankText, Type, Uuid, type Static } from '@kits/plugin-sdk';
import { SaleApproval } from '../checkout/sale-input.ts';

/** The tender an exchange's return credit travels in, from the refund to the new sale. Never accepted from clients. */
export const EXCHANGE_TENDER = 'exchange';

export const RefundInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    /** The original sale (the receipt). Without it the return needs core-sales:refund.without-receipt. */
    saleId: Type.Optional(Uuid),
    lines: Type.Array(
      Type.Object(
        {
          /** With a receipt: the sale's line. */
          lineNo: Type.Optional(Type.Integer({ minimum: 1 })),
          /** Without a receipt: the variant returned. */
          variantId: Type.Optional(Uuid),
          quantity: LineQuantity,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    reason: NonBlankText(500, { multiline: true }),
    /** Put the goods back on sale (true) or write them off (false). */
    restock: Type.Boolean(),
    /** Where the money goes; by default back to the sale's own tenders. Others need core-sales:refund.other-tender. */
    tenders: Type.Optional(
      Type.Array(
        Type.Object(
          { method: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }), amount: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          maxItems: 10,
        },
      ),
    ),
    deviceId: Type.Optional(Uuid),
    /**
     * Managers who approved what the cashier could not do alone (a return without a receipt, a
     * refund over the shop's `refundLimit`), audited with the refund (`sales.refund.approved`). Online they are the
     * kernel's (`approvalId`) and the request carries the approval's token (`Kits-Approval`), which
     * is what grants the permission; a till's refund names them as a sale does (D-134).
     */
    approvals: Type.Optional(Type.Array(SaleApproval, { minItems: 1, maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type RefundInput = Static<typeof RefundInput>;

export const RefundOutput = Type.Object({
  id: Uuid,
  saleId: Type.Union([Uuid, Type.Null()]),
  total: Type.Integer(),
  tax: Type.Integer(),
  restock: Type.Boolean(),
  lines: Type.Array(
    Type.Object({
      lineNo: Type.Union([Type.Integer(), Type.Null()]),
      variantId: Uuid,
      quantity: Type.Integer(),
      amount: Type.Integer(),
      tax: Type.Integer(),
      /** The line's tax by rate (what a refund receipt and the shift's report take back). */
      taxes: Type.Array(Type.Object({ name: Type.String(), basisPoints: Type.Integer(), amount: Type.Integer() })),
    }),
  ),
  tenders: Type.Array(Type.Object({ method: Type.String(), amount: Type.Integer(), reference: Type.Union([Type.String(), Type.Null()]) })),
});
export type RefundOutput = Static<typeof RefundOutput>;
