import { Nullable, Timestamp, Type, Uuid, type Static } from '@kits/plugin-sdk';

/**
 * The parts of other plugins' event payloads that reports reads (version 1 of each, with the
 * fields added since as optional: expand/contract). Anything else in a payload is kept in the
 * journal untouched. A payload that does not match fails its delivery, which the kernel retries
 * and then dead-letters: nothing of it is journaled.
 */

/** Every event reports takes in. Sales and stock feed facts and rollups; receipts and counts are journaled (their stock arrives as movements). */
export const INGESTED_EVENT_TYPES = [
  'sales.sale.completed',
  'sales.sale.refunded',
  'sales.sale.voided',
  'inventory.stock.moved',
  'purchasing.po.received',
  'inventory.count.approved',
] as const;
export type IngestedEventType = (typeof INGESTED_EVENT_TYPES)[number];

const Money = Type.Integer();
const UnitCost = Type.Object({ amount: Type.Integer(), currency: Type.String({ minLength: 3, maxLength: 3 }) });

export const SaleCompleted = Type.Object({
  id: Uuid,
  receiptNumber: Type.Optional(Nullable(Type.Union([Type.Integer(), Type.String()]))),
  deviceId: Nullable(Uuid),
  locationId: Uuid,
  cashierId: Nullable(Type.String()),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  total: Money,
  /** The till's clock for an offline sale; the server's for one rung up online. */
  occurredAt: Timestamp,
  /** When the kernel took the sale. */
  receivedAt: Type.Optional(Timestamp),
  lines: Type.Array(
    Type.Object({
      lineNo: Type.Integer(),
      variantId: Uuid,
      sku: Type.String(),
      name: Type.String(),
      categoryId: Type.Optional(Nullable(Uuid)),
      quantity: Type.Integer(),
      unitPrice: Money,
      gross: Money,
      promotionDiscount: Money,
      lineDiscount: Money,
      cartDiscount: Money,
      net: Money,
      tax: Money,
      total: Money,
    }),
  ),
  tenders: Type.Array(Type.Object({ method: Type.String(), amount: Money })),
});
export type SaleCompleted = Static<typeof SaleCompleted>;

export const SaleRefunded = Type.Object({
  id: Uuid,
  saleId: Nullable(Uuid),
  total: Money,
  restock: Type.Boolean(),
  deviceId: Nullable(Uuid),
  locationId: Uuid,
  cashierId: Nullable(Type.String()),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  /** Added to the event (optional, version 1 still): the till's clock for an offline refund. */
  occurredAt: Type.Optional(Timestamp),
  /** Added to the event (optional): when the kernel took the refund. */
  receivedAt: Type.Optional(Timestamp),
  lines: Type.Array(
    Type.Object({
      variantId: Uuid,
      quantity: Type.Integer(),
      /** What the line gives back, tax included. */
      amount: Money,
      tax: Money,
    }),
  ),
  tenders: Type.Array(Type.Object({ method: Type.String(), amount: Money })),
});
export type SaleRefunded = Static<typeof SaleRefunded>;

export const SaleVoided = Type.Object({
  saleId: Uuid,
  receiptNumber: Nullable(Type.Union([Type.Integer(), Type.String()])),
  locationId: Uuid,
  deviceId: Nullable(Uuid),
  cashierId: Nullable(Type.String()),
  occurredAt: Timestamp,
  receivedAt: Type.Optional(Timestamp),
  reason: Type.Optional(Nullable(Type.String())),
  /**
   * Added to the event (optional): a channel's completed sale voided (a canceled online order) says
   * what comes back, as a whole-sale refund would; a till's void (of a sale never completed) has none.
   */
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
  total: Type.Optional(Money),
  restock: Type.Optional(Type.Boolean()),
  lines: Type.Optional(Type.Array(Type.Object({ variantId: Uuid, quantity: Type.Integer(), amount: Money, tax: Money }))),
  tenders: Type.Optional(Type.Array(Type.Object({ method: Type.String(), amount: Money }))),
});
export type SaleVoided = Static<typeof SaleVoided>;

export const StockMoved = Type.Object({
  id: Uuid,
  variantId: Uuid,
  locationId: Uuid,
  kind: Type.String(),
  quantity: Type.Integer(),
  reference: Nullable(Type.Object({ kind: Type.String(), id: Type.String() })),
  occurredAt: Timestamp,
  /** What one unit of the movement is worth (a costed receipt: what was paid; otherwise the variant's cost). */
  unitCost: Type.Optional(Nullable(UnitCost)),
  /** Added to the event (optional): the variant's moving-average cost once the movement is in. */
  variantCost: Type.Optional(Nullable(UnitCost)),
  onHand: Type.Integer(),
});
export type StockMoved = Static<typeof StockMoved>;
