import type { SellableVariant, TenantTransaction } from '@kits/plugin-sdk';
import type { Discount, PricedSale } from '../../shared/pricing.ts';
import type { SalePlace } from './sale-context.ts';
import type { SaleInput } from './sale-input.ts';

export interface SaleRow {
  readonly saleId: string;
  readonly status: 'completed' | 'parked';
  readonly origin: 'online' | 'offline';
  readonly place: SalePlace;
  /** The till's number, none (parked), or `next`: the device's next number, allocated in the same statement. */
  readonly receiptNumber: number | null | 'next';
  readonly cashierId: string;
  readonly customerId: string | null;
  readonly currency: string;
  readonly priced: PricedSale;
  readonly rounding: number;
  readonly paid: number;
  readonly change: number;
  readonly cartDiscount: Discount | null;
  readonly clientTotal: number | null;
  readonly reservationId: string | null;
  readonly occurredAt: string;
}

export interface TenderRow {
  readonly tender_no: number;
  readonly method: string;
  readonly tendered: number;
  readonly amount: number;
  readonly reference: string | null;
}

/**
 * The device's receipt counter taken up to a number the till gave (an offline sale, a void), so
 * that the next number the server gives the device follows it. Every numbered sale passes through
 * it; the counter alone then knows the device's last number, with no look at its sales (a plan
 * for "the device's highest receipt" scanned a tenant's sales from the top for a till with few).
 */
export const raiseReceiptCounter = (tenant: string, device: string, number: string) =>
  `insert into sales.receipt_counters (tenant_id, device_id, last_number) select ${tenant}::uuid, ${device}::uuid, ${number}::bigint where ${number}::bigint is not null
       on conflict (tenant_id, device_id) do update set last_number = greatest(receipt_counters.last_number, excluded.last_number)`;
/** The device's next receipt number, from its counter. */
const COUNTER = `counter as (
       insert into sales.receipt_counters (tenant_id, device_id, last_number) values ($1, $5, 1)
       on conflict (tenant_id, device_id) do update set last_number = receipt_counters.last_number + 1
       returning last_number)`;
/** The till numbered the receipt ($8), or it has none yet (parked). */
const NO_COUNTER = `counter as (${raiseReceiptCounter('$1', '$5', '$8')} returning null::bigint as last_number)`;

/**
 * Inserts the sale, its lines and its tenders in one statement, numbering the receipt there when
 * asked (the checkout hot path pays one round trip, not four); returns when the server received it
 * and the receipt number.
 *
 * Receipt numbers: tills number their own receipts (offline too), and each number a till gave
 * raises the device's counter; a sale numbered here takes the counter's next (the counter row
 * also serialises API checkouts of a device).
 */
export async function insertSale(
  tx: TenantTransaction,
  row: SaleRow,
  lines: readonly LineRow[],
  tenders: readonly TenderRow[],
): Promise<{ receivedAt: string; receiptNumber: number | null }> {
  const numbered = row.receiptNumber === 'next';
  const [inserted] = await tx.query<{ received_at: Date; receipt_number: string | null }>(
    // Two statements, not one with the counter switched off by a parameter: a plan made while
    // sales.sales was small kept scanning the whole table for the counter on every offline sale.
    `with ${numbered ? COUNTER : NO_COUNTER},
     sale as (
       insert into sales.sales (tenant_id, sale_id, status, origin, device_id, location_id, shift_id, receipt_number, cashier_id, customer_id, currency,
                                subtotal, discount_total, tax_total, total, rounding, paid, change_given, cart_discount, taxes, promotions, client_total,
                                reservation_id, occurred_at)
       values ($1, $2, $3, $4, $5, $6, $7, coalesce((select last_number from counter), $8), $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
               $21, $22, $23, $24)
       returning received_at, receipt_number),
     lines as (
       insert into sales.sale_lines (tenant_id, sale_id, line_no, variant_id, sku, name, category_id, quantity, unit_price, price_overridden, discount,
                                     gross, promotion_discount, line_discount, cart_discount, net, tax, taxes, total, lot_code, serials)
       select $1, $2, x.line_no, x.variant_id, x.sku, x.name, x.category_id, x.quantity, x.unit_price, x.price_overridden, x.discount,
              x.gross, x.promotion_discount, x.line_discount, x.cart_discount, x.net, x.tax, x.taxes, x.total, x.lot_code, x.serials
         from jsonb_to_recordset($25::jsonb) as x(line_no int, variant_id uuid, sku text, name text, category_id uuid, quantity bigint, unit_price bigint,
              price_overridden boolean, discount jsonb, gross bigint, promotion_discount bigint, line_discount bigint, cart_discount bigint, net bigint,
              tax bigint, taxes jsonb, total bigint, lot_code text, serials text[])),
     tenders as (
       insert into sales.tenders (tenant_id, sale_id, tender_no, method, tendered, amount, reference)
       select $1, $2, x.tender_no, x.method, x.tendered, x.amount, x.reference
         from jsonb_to_recordset($26::jsonb) as x(tender_no int, method text, tendered bigint, amount bigint, reference text))
     select received_at, receipt_number from sale`,
    [
      tx.tenantId,
      row.saleId,
      row.status,
      row.origin,
      row.place.deviceId,
      row.place.locationId,
      row.place.shiftId,
      row.receiptNumber === 'next' ? null : row.receiptNumber,
      row.cashierId,
      row.customerId,
      row.currency,
      row.priced.subtotal,
      row.priced.discountTotal,
      row.priced.taxTotal,
      row.priced.total,
      row.rounding,
      row.paid,
      row.change,
      row.cartDiscount ? JSON.stringify(row.cartDiscount) : null,
      JSON.stringify(row.priced.taxes),
      JSON.stringify(row.priced.promotions),
      row.clientTotal,
      row.reservationId,
      row.occurredAt,
      JSON.stringify(lines),
      JSON.stringify(tenders),
    ],
  );
  return {
    receivedAt: new Date(inserted!.received_at).toISOString(),
    receiptNumber: inserted!.receipt_number === null ? null : Number(inserted!.receipt_number),
  };
}

export type LineRow = ReturnType<typeof lineRows>[number];

/** The priced lines as rows of sales.sale_lines. */
export function lineRows(
  priced: PricedSale,
  items: ReadonlyArray<{ readonly variant: SellableVariant; readonly overridden: boolean }>,
  input: SaleInput['lines'],
) {
  return priced.lines.map((line, i) => ({
    line_no: i + 1,
    variant_id: line.variantId,
    sku: items[i]!.variant.sku,
    name: items[i]!.variant.name,
    category_id: items[i]!.variant.categoryId,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    price_overridden: items[i]!.overridden,
    discount: input[i]!.discount ?? null,
    gross: line.gross,
    promotion_discount: line.promotionDiscount,
    line_discount: line.lineDiscount,
    cart_discount: line.cartDiscount,
    net: line.net,
    tax: line.tax,
    taxes: line.taxes,
    total: line.total,
    lot_code: input[i]!.lot ?? null,
    serials: input[i]!.serials ?? null,
  }));
}
