import { requireCustomer } from '../customers/customer-directory.ts';
import { badRequest, conflict, isDomainError, type ShortLine } from '@kits/plugin-sdk';
import { releaseTenderPayments, requestTenderCaptures, SaleRefusedPaymentsReleased, verifyTenderPayments } from './card-tenders.ts';
import { v7 as uuidv7 } from 'uuid';
import { settle } from '../../shared/pricing.ts';
import { EXCHANGE_TENDER } from '../refunds/refund-input.ts';
import { priceSaleInput } from './price-sale.ts';
import type { SaleContext, SalePlace } from './sale-context.ts';
import type { SaleInput, SaleOutput } from './sale-input.ts';
import { onlineSalePlace, openShiftOf, saleDevice } from './sale-place.ts';
import { readSale } from './read-sale.ts';
import { insertSale, lineRows } from './sale-rows.ts';

/** Where a sale comes from: rung up now through the API, or made offline and synced from a till's log. */
export type SaleOrigin =
  | { readonly kind: 'online'; /** An exchange: this much of the tenders is credit from the return. */ readonly exchangeCredit?: number }
  | {
      readonly kind: 'offline';
      readonly deviceId: string;
      readonly locationId: string;
      readonly receiptNumber: number;
      readonly cashierId: string;
      readonly occurredAt: string;
    };

export interface CompletedSale {
  readonly sale: SaleOutput;
  /** Offline sales accepted below zero stock: what each line was short (a discrepancy is raised for a count). */
  readonly stockShort: readonly ShortLine[];
  /** The sale existed already (same id): nothing was done again. */
  readonly replayed: boolean;
}

async function placeOf(
  context: SaleContext,
  input: SaleInput,
  origin: SaleOrigin,
  device: { deviceId: string; locationId: string },
): Promise<SalePlace> {
  if (origin.kind === 'online') return onlineSalePlace(context, input, device);
  // An offline sale already happened: it belongs to the shift it names (open or since closed).
  const shiftId = input.shiftId ?? (await openShiftOf(context.tx, origin.deviceId)) ?? null;
  return { ...device, shiftId };
}

/**
 * Records a completed sale: prices it on the server, settles its tenders, numbers its receipt,
 * takes its stock through inventory@1 in the same transaction, and publishes sales.sale.completed.
 * Online, stock never goes below zero (409 with the short lines). Offline, the tenant's policy
 * decides: accept with a discrepancy, or deny (the till's resolution queue takes it).
 */
export async function completeSale(context: SaleContext, input: SaleInput, origin: SaleOrigin): Promise<CompletedSale> {
  const { tx, settings } = context;
  const saleId = input.id ?? uuidv7();
  // A retried checkout (same id) answers the first sale. Offline sales need no look: the sync
  // gateway applies each till event once, and a reused sale id fails on the primary key.
  if (input.id && origin.kind === 'online') {
    const existing = await readSale(tx, input.id);
    if (existing) {
      if (existing.status !== 'completed') throw conflict('sales.sale_exists', `Sale ${input.id} exists already as ${existing.status}.`);
      return { sale: existing, stockShort: [], replayed: true };
    }
  }
  const device =
    origin.kind === 'online' ? await saleDevice(context, input.deviceId) : { deviceId: origin.deviceId, locationId: origin.locationId };
  // The shift, the customer and the catalog are read at once (one round trip, not three).
  const [place, , { priced, items }] = await Promise.all([
    placeOf(context, input, origin, device),
    input.customerId ? requireCustomer(tx, input.customerId, { online: origin.kind === 'online' }) : undefined,
    priceSaleInput(context, input, device.locationId),
  ]);
  const mismatch = input.expectedTotal !== undefined && input.expectedTotal !== priced.total;
  if (mismatch && origin.kind === 'online') {
    throw conflict(
      'sales.total_mismatch',
      `The till showed ${input.expectedTotal} but the sale comes to ${priced.total}; show the customer the new total and take payment again.`,
      { expectedTotal: input.expectedTotal, total: priced.total },
    );
  }
  const credit = input.tenders.filter((t) => t.method === EXCHANGE_TENDER).reduce((n, t) => n + t.amount, 0);
  if (credit > 0 && (origin.kind !== 'online' || credit !== origin.exchangeCredit))
    throw badRequest('sales.exchange_tender', 'Exchange credit comes only from a return in the same exchange (POST /exchanges).');
  const settlement = settle(priced.total, input.tenders, settings.cashRounding);
  if (!settlement.ok) throw badRequest(settlement.code, settlement.detail);

  if (input.resumedFrom) {
    const [parked] = await tx.query<{ reservation_id: string | null }>(
      "update sales.sales set status = 'resumed' where sale_id = $1 and status = 'parked' returning reservation_id",
      [input.resumedFrom],
    );
    if (!parked) throw conflict('sales.not_parked', `Sale ${input.resumedFrom} is not parked (any more); it cannot be resumed.`);
    if (parked.reservation_id)
      await context.services
        .use('inventory@1')
        .release(parked.reservation_id)
        .catch(() => undefined);
  }

  // Card tenders: their payments are authorized before anything is committed, captured after.
  const payments = await verifyTenderPayments(context, saleId, input.tenders, settlement.applied, origin.kind === 'online');
  const references = input.tenders.map((t) => t.token ?? null);
  for (const { index, row } of payments) references[index] = row.payment_id;
  const cashierId = origin.kind === 'offline' ? origin.cashierId : context.actor.id;
  const occurredAt = origin.kind === 'offline' ? origin.occurredAt : new Date().toISOString();

  const lines = lineRows(priced, items, input.lines);
  const tenders = input.tenders.map((t, i) => ({
    tender_no: i + 1,
    method: t.method,
    tendered: t.amount,
    amount: settlement.applied[i]!,
    reference: references[i] ?? null,
  }));
  // The stock (inventory's statement) and the sale's rows (this plugin's) are sent together: they
  // do not depend on each other, so they share one round trip. Should the stock be short (409),
  // the sale's rows roll back with the transaction.
  const policy = origin.kind === 'online' || settings.offlineOversell === 'deny' ? 'deny' : 'allow-negative';
  // With card payments authorized, a refusal (stock short) must cancel them and keep that on record:
  // the sale's rows, stock and events are undone in a savepoint, not the whole transaction.
  const commit = async () => {
    // Both settle before the savepoint can roll back: no statement of theirs may come after it.
    const [stocked, inserted] = await Promise.allSettled([
      context.services.use('inventory@1').commitSale(
        input.lines.map((l) => ({
          variantId: l.variantId,
          locationId: place.locationId,
          quantity: l.quantity,
          ...(l.lot ? { lot: { code: l.lot } } : {}),
          ...(l.serials ? { serials: l.serials } : {}),
        })),
        policy,
        { kind: 'sale', id: saleId },
      ),
      insertSale(
        tx,
        {
          saleId,
          status: 'completed',
          origin: origin.kind,
          place,
          receiptNumber: origin.kind === 'online' ? 'next' : origin.receiptNumber,
          cashierId,
          customerId: input.customerId ?? null,
          currency: settings.currency,
          priced,
          rounding: settlement.rounding,
          paid: settlement.due,
          change: settlement.change,
          cartDiscount: input.cartDiscount ?? null,
          clientTotal: mismatch ? input.expectedTotal! : null,
          reservationId: null,
          occurredAt,
        },
        lines,
        tenders,
      ),
    ]);
    if (stocked.status === 'rejected') throw stocked.reason;
    if (inserted.status === 'rejected') throw inserted.reason;
    return { stock: stocked.value, inserted: inserted.value };
  };
  let committed: Awaited<ReturnType<typeof commit>>;
  if (payments.length === 0) committed = await commit();
  else {
    try {
      committed = await tx.savepoint(commit);
    } catch (error) {
      if (!isDomainError(error) || error.status >= 500) throw error;
      await releaseTenderPayments(context, payments, 'stock');
      throw new SaleRefusedPaymentsReleased(error);
    }
  }
  const { stock } = committed;
  const { receivedAt, receiptNumber } = committed.inserted;

  const sale: SaleOutput = {
    id: saleId,
    status: 'completed',
    receiptNumber,
    deviceId: place.deviceId,
    locationId: place.locationId,
    shiftId: place.shiftId,
    cashierId,
    channel: 'till',
    source: null,
    taxIncluded: null,
    charges: [],
    customerId: input.customerId ?? null,
    currency: settings.currency,
    subtotal: priced.subtotal,
    discountTotal: priced.discountTotal,
    taxTotal: priced.taxTotal,
    total: priced.total,
    rounding: settlement.rounding,
    paid: settlement.due,
    change: settlement.change,
    refunded: 0,
    taxes: [...priced.taxes],
    promotions: [...priced.promotions],
    cartDiscount: input.cartDiscount ?? null,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      variantId: l.variant_id,
      sku: l.sku,
      name: l.name,
      title: null,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      discount: l.promotion_discount + l.line_discount + l.cart_discount,
      lineDiscount: l.line_discount,
      tax: l.tax,
      taxes: [...l.taxes],
      total: l.total,
      refundedQuantity: 0,
    })),
    tenders: tenders.map((t, i) => {
      const paid = payments.find((p) => p.index === i)?.row;
      return {
        method: t.method,
        tendered: t.tendered,
        amount: t.amount,
        refunded: 0,
        reference: t.reference,
        paymentId: paid?.payment_id ?? null,
        paymentState: paid ? 'authorized' : null,
        card: paid?.card ?? null,
        captureProblem: null,
        refundProblem: null,
      };
    }),
    clientTotal: mismatch ? input.expectedTotal! : null,
    occurredAt,
    receivedAt,
  };
  await tx.publish({
    type: 'sales.sale.completed',
    payload: {
      ...sale,
      // Added (additive): the plugin that took each card tender (`stripe-pay`), for card clearing per provider.
      tenders: sale.tenders.map((tender, i) => {
        const paid = payments.find((p) => p.index === i)?.row;
        return { ...tender, provider: paid ? context.services.providerOf(paid.provider) : null };
      }),
      origin: origin.kind,
      cashierId,
      lines: lines.map((l) => ({
        lineNo: l.line_no,
        variantId: l.variant_id,
        sku: l.sku,
        name: l.name,
        categoryId: l.category_id,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        priceOverridden: l.price_overridden,
        gross: l.gross,
        promotionDiscount: l.promotion_discount,
        lineDiscount: l.line_discount,
        cartDiscount: l.cart_discount,
        net: l.net,
        tax: l.tax,
        taxes: l.taxes,
        total: l.total,
        lotCode: l.lot_code,
        serials: l.serials,
      })),
      stockShort: stock.discrepancies,
    },
  });
  await tx.audit('sales.sale.completed', { saleId, receiptNumber, total: priced.total, origin: origin.kind });
  await requestTenderCaptures(context, payments);
  return { sale, stockShort: stock.discrepancies, replayed: false };
}
