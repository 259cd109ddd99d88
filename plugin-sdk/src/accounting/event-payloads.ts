import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { unprocessable } from '../errors.ts';
import { Nullable } from '../schemas/nullable.ts';

/**
 * The parts of sales and stock events the day ledger reads (as core-sales and core-inventory
 * publish them), with fields added since version 1 optional. Anything else in a payload is
 * ignored. A payload that does not match is refused with `accounting.malformed_event`.
 */

const Money = Type.Integer();
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const Instant = Type.String({ format: 'date-time' });
const Id = Type.String({ minLength: 1 });

/** A tax by the rate it was charged at: the ledger keys tax by `name`. */
const RateTax = Type.Object({ name: Type.String({ minLength: 1 }), basisPoints: Type.Integer({ minimum: 0 }), amount: Money });
export type RateTax = Static<typeof RateTax>;

/** Money in or out by method; `provider` (optional) names the payments plugin that took a card. */
const Tender = Type.Object({ method: Type.String({ minLength: 1 }), amount: Money, provider: Type.Optional(Nullable(Type.String())) });

/** A channel's charge (shipping): `amount` before tax, its tax by rate. */
const Charge = Type.Object({
  kind: Type.String({ minLength: 1 }),
  amount: Money,
  tax: Money,
  taxes: Type.Optional(Type.Array(RateTax)),
  total: Type.Optional(Money),
});

const Source = Type.Object({
  channel: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  name: Type.Optional(Nullable(Type.String())),
});

/** `sales.sale.completed`: a till's sale (complete-sale.ts) or a channel's (record-channel-sale.ts). */
export const SaleCompletedPayload = Type.Object({
  id: Id,
  receiptNumber: Type.Optional(Nullable(Type.Union([Type.Integer(), Type.String()]))),
  locationId: Id,
  currency: Currency,
  occurredAt: Instant,
  /** `till` or the channel (`shopify`). */
  channel: Type.Optional(Type.String()),
  source: Type.Optional(Nullable(Source)),
  /** A channel's sale: whether its line prices include tax; null or absent for a till's (the shop's setting). */
  taxIncluded: Type.Optional(Nullable(Type.Boolean())),
  /** Σ line totals + Σ charge totals (before cash rounding). */
  total: Money,
  /** Cash rounding: what the customer paid above (or below, negative) the total. */
  rounding: Type.Optional(Money),
  lines: Type.Array(
    Type.Object({
      lineNo: Type.Optional(Type.Integer()),
      /** quantity × unit price, as the price was shown (tax included when prices include it). */
      gross: Money,
      promotionDiscount: Type.Optional(Money),
      lineDiscount: Type.Optional(Money),
      cartDiscount: Type.Optional(Money),
      /** Without tax, after discounts. */
      net: Money,
      tax: Money,
      taxes: Type.Array(RateTax),
      /** net + tax */
      total: Money,
    }),
  ),
  charges: Type.Optional(Type.Array(Charge)),
  /** What each tender paid of the sale (cash net of change). */
  tenders: Type.Array(Tender),
});
export type SaleCompletedPayload = Static<typeof SaleCompletedPayload>;

/** A line given back: `amount` tax included, `tax` within it, by rate. */
const ReturnedLine = Type.Object({
  lineNo: Type.Optional(Nullable(Type.Integer())),
  amount: Money,
  tax: Money,
  taxes: Type.Optional(Type.Array(RateTax)),
});

/** `sales.sale.refunded`: a till's refund (refund-sale.ts) or a channel's (record-channel-refund.ts). */
export const SaleRefundedPayload = Type.Object({
  id: Id,
  saleId: Type.Optional(Nullable(Id)),
  locationId: Id,
  currency: Currency,
  /** The till's clock (optional in version 1); else `receivedAt`. */
  occurredAt: Type.Optional(Instant),
  receivedAt: Type.Optional(Instant),
  channel: Type.Optional(Type.String()),
  source: Type.Optional(Nullable(Source)),
  lines: Type.Array(ReturnedLine),
  charges: Type.Optional(Type.Array(Charge)),
  rounding: Type.Optional(Money),
  /** Money given back, by method. A channel's may include a shipping refund beyond the lines. */
  tenders: Type.Array(Tender),
});
export type SaleRefundedPayload = Static<typeof SaleRefundedPayload>;

/** `sales.sale.voided`: a till's void of a sale never completed (no lines), or a channel's canceled sale (void-channel-sale.ts: a whole refund). */
export const SaleVoidedPayload = Type.Object({
  saleId: Id,
  locationId: Id,
  occurredAt: Instant,
  channel: Type.Optional(Type.String()),
  source: Type.Optional(Nullable(Source)),
  currency: Type.Optional(Currency),
  total: Type.Optional(Money),
  lines: Type.Optional(Type.Array(ReturnedLine)),
  charges: Type.Optional(Type.Array(Charge)),
  tenders: Type.Optional(Type.Array(Tender)),
});
export type SaleVoidedPayload = Static<typeof SaleVoidedPayload>;

/**
 * `sales.shift.closed` (shift-ledger.ts, the Z report) as the accounting plugin passes it on:
 * core-sales' payload names the device, so the plugin adds the device's `locationId` and the
 * shop's `currency` before asking for its entries.
 */
export const ShiftClosedPayload = Type.Object({
  shiftId: Id,
  locationId: Id,
  currency: Currency,
  /** The shift's business day is the local date it opened on. */
  openedAt: Instant,
  cash: Type.Object({
    /** counted − expected: > 0 over, < 0 short; null when nothing was counted. */
    overShort: Nullable(Money),
  }),
});
export type ShiftClosedPayload = Static<typeof ShiftClosedPayload>;

const UnitCost = Type.Object({ amount: Money, currency: Currency });

/** `inventory.stock.moved` (stock-movements.ts). */
export const StockMovedPayload = Type.Object({
  id: Id,
  locationId: Id,
  /** receive, sale, return, adjustment, transfer_out, transfer_in, count_correction, supplier_return. */
  kind: Type.String({ minLength: 1 }),
  /** Signed: negative takes stock out. */
  quantity: Type.Integer(),
  occurredAt: Instant,
  /** What one unit is worth: a costed receipt's price paid, else the variant's moving-average cost then. */
  unitCost: Type.Optional(Nullable(UnitCost)),
  /** The variant's moving-average cost once the movement is in (added later; the fallback when `unitCost` is absent). */
  variantCost: Type.Optional(Nullable(UnitCost)),
});
export type StockMovedPayload = Static<typeof StockMovedPayload>;

const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();

/** The payload as `schema` reads it, or `accounting.malformed_event` naming each wrong field. */
export function readPayload<S extends TSchema>(schema: S, payload: unknown, eventType: string): Static<S> {
  let validator = compiled.get(schema);
  if (!validator) {
    validator = Compile(schema);
    compiled.set(schema, validator);
  }
  if (validator.Check(payload)) return payload as Static<S>;
  const errors = [...validator.Errors(payload)]
    .filter((e) => e.message !== 'schema is false')
    .slice(0, 10)
    .map((e) => ({ field: e.instancePath || '/', message: e.message }));
  throw unprocessable(
    'accounting.malformed_event',
    `A ${eventType} event's payload cannot be posted: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}. Nothing of it was posted.`,
    { eventType, errors },
  );
}
