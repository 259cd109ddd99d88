import {
  badRequest,
  checkPayload,
  isDomainError,
  requireAcceptedCurrency,
  type ExternalSale,
  type ExternalSaleResult,
  type ServiceLocator,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { SalesSettings } from '../settings.ts';
import { channelSaleFigures, type ChannelSaleFigures } from './channel-sale-figures.ts';
import { ExternalSaleInput } from './channel-input.ts';
import { saleIdBySource, saleSummary } from './sale-summary.ts';

/** What recording a channel's sale needs: the caller's transaction, the services core-sales uses, its settings. */
export interface ChannelScope {
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly settings: SalesSettings;
}

/** The catalog's names of the lines' variants at the location (unknown variants refused, naming the line). */
async function linesOfCatalog(scope: ChannelScope, sale: ExternalSaleInput) {
  const variants = await scope.services.use('inventory@1').sellable(
    sale.lines.map((l) => l.variantId),
    { currency: sale.currency, locationId: sale.locationId },
  );
  return sale.lines.map((line, i) => {
    const variant = variants.find((v) => v.variantId === line.variantId);
    if (!variant)
      throw badRequest('sales.unknown_variant', `Line ${i + 1} names variant ${line.variantId}, which is not in the catalog.`, {
        errors: [{ field: `lines.${i}.variantId`, message: 'is not in the catalog' }],
      });
    return variant;
  });
}

/** Checks what a schema cannot: the currency, the time, the location, the figures and the tenders adding up. */
async function checkedSale(scope: ChannelScope, sale: ExternalSaleInput): Promise<ChannelSaleFigures> {
  requireAcceptedCurrency(sale.currency, 'currency', { tenant: scope.settings.currency, others: [] });
  if (Number.isNaN(Date.parse(sale.occurredAt)))
    throw badRequest('sales.bad_time', `occurredAt (${sale.occurredAt}) is not a time (ISO 8601).`);
  const [location] = await scope.tx.directory.locations([sale.locationId]);
  if (!location) throw badRequest('sales.unknown_location', `There is no location ${sale.locationId}.`);
  const result = channelSaleFigures(sale);
  if (!result.ok) throw badRequest(result.code, result.detail, { errors: [{ field: result.field, message: result.detail }] });
  const tendered = sale.tenders.reduce((n, t) => n + t.amount, 0);
  if (tendered !== result.figures.total)
    throw badRequest(
      'sales.tenders_do_not_match',
      `The tenders come to ${tendered}, but the sale comes to ${result.figures.total} (lines and charges, with tax).`,
      { tendered, total: result.figures.total },
    );
  return result.figures;
}

/**
 * Records a channel's sale once per (channel, source id). The sale's row claims the source first
 * (a unique index; a second caller racing waits on it and then answers the first sale), then its
 * lines, tenders and charges are written, a reservation given is released and the stock leaves
 * under `allow-negative` (the order is paid): lines that took on-hand below zero come back as
 * discrepancies. Publishes `sales.sale.completed` with `channel` and `source`; audited.
 */
export async function recordChannelSale(scope: ChannelScope, given: ExternalSale): Promise<ExternalSaleResult> {
  const { tx, services } = scope;
  const sale = checkPayload(ExternalSaleInput, given, 'sales.malformed_sale', "The channel's sale");
  const answerExisting = async (saleId: string): Promise<ExternalSaleResult> => ({
    sale: (await saleSummary(tx, saleId))!,
    created: false,
    discrepancies: [],
  });
  const recorded = await saleIdBySource(tx, sale.source);
  if (recorded) return answerExisting(recorded);

  const figures = await checkedSale(scope, sale);
  const variants = await linesOfCatalog(scope, sale);
  const saleId = uuidv7();
  const source = { channel: sale.source.channel, id: sale.source.id, name: sale.source.name ?? null };
  const [claimed] = await tx.query<{ received_at: Date }>(
    `insert into sales.sales (tenant_id, sale_id, status, origin, device_id, location_id, shift_id, receipt_number, cashier_id, customer_id, currency,
                              subtotal, discount_total, tax_total, total, rounding, paid, change_given, taxes, occurred_at,
                              channel, source_id, source_name, tax_included)
     values ($1, $2, 'completed', 'channel', null, $3, null, null, null, null, $4, $5, $6, $7, $8, 0, $8, 0, $9, $10, $11, $12, $13, $14)
     on conflict (tenant_id, channel, source_id) where source_id is not null do nothing
     returning received_at`,
    [
      tx.tenantId,
      saleId,
      sale.locationId,
      sale.currency,
      figures.subtotal,
      figures.discountTotal,
      figures.taxTotal,
      figures.total,
      JSON.stringify(figures.taxes),
      sale.occurredAt,
      source.channel,
      source.id,
      source.name,
      sale.taxIncluded,
    ],
  );
  if (!claimed) return answerExisting((await saleIdBySource(tx, sale.source))!);

  const lines = sale.lines.map((line, i) => {
    const figure = figures.lines[i]!;
    const variant = variants[i]!;
    return {
      line_no: i + 1,
      variant_id: line.variantId,
      sku: variant.sku,
      name: variant.name,
      title: line.title ?? null,
      category_id: variant.categoryId,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      gross: figure.gross,
      line_discount: figure.discount,
      net: figure.net,
      tax: figure.tax,
      taxes: figure.taxes,
      total: figure.total,
    };
  });
  const tenders = sale.tenders.map((t, i) => ({ tender_no: i + 1, method: t.method, amount: t.amount, reference: t.reference ?? null }));
  await tx.query(
    `with lines as (
       insert into sales.sale_lines (tenant_id, sale_id, line_no, variant_id, sku, name, title, category_id, quantity, unit_price,
                                     gross, promotion_discount, line_discount, cart_discount, net, tax, taxes, total)
       select $1, $2, x.line_no, x.variant_id, x.sku, x.name, x.title, x.category_id, x.quantity, x.unit_price,
              x.gross, 0, x.line_discount, 0, x.net, x.tax, x.taxes, x.total
         from jsonb_to_recordset($3::jsonb) as x(line_no int, variant_id uuid, sku text, name text, title text, category_id uuid, quantity bigint,
              unit_price bigint, gross bigint, line_discount bigint, net bigint, tax bigint, taxes jsonb, total bigint)),
     tenders as (
       insert into sales.tenders (tenant_id, sale_id, tender_no, method, tendered, amount, reference)
       select $1, $2, x.tender_no, x.method, x.amount, x.amount, x.reference
         from jsonb_to_recordset($4::jsonb) as x(tender_no int, method text, amount bigint, reference text))
     insert into sales.sale_charges (tenant_id, sale_id, charge_no, kind, title, amount, tax)
     select $1, $2, x.charge_no, x.kind, x.title, x.amount, x.tax
       from jsonb_to_recordset($5::jsonb) as x(charge_no int, kind text, title text, amount bigint, tax bigint)`,
    [
      tx.tenantId,
      saleId,
      JSON.stringify(lines),
      JSON.stringify(tenders),
      JSON.stringify(figures.charges.map((c, i) => ({ charge_no: i + 1, kind: c.kind, title: c.title, amount: c.amount, tax: c.tax }))),
    ],
  );

  const inventory = services.use('inventory@1');
  // The stock held for the order becomes the sale's: released here, taken just below. A hold that
  // expired (and was released by the job) meanwhile is no reason to refuse a paid order.
  if (sale.reservationId)
    await inventory.release(sale.reservationId).catch((error: unknown) => {
      if (!isDomainError(error) || error.code !== 'inventory.unknown_reservation') throw error;
    });
  const stock = await inventory.commitSale(
    sale.lines.map((l) => ({ variantId: l.variantId, locationId: sale.locationId, quantity: l.quantity })),
    'allow-negative',
    { kind: 'sale', id: saleId },
  );

  const summary = (await saleSummary(tx, saleId))!;
  await tx.publish({
    type: 'sales.sale.completed',
    payload: {
      id: saleId,
      status: 'completed',
      receiptNumber: null,
      deviceId: null,
      locationId: sale.locationId,
      shiftId: null,
      cashierId: null,
      customerId: null,
      currency: sale.currency,
      subtotal: figures.subtotal,
      discountTotal: figures.discountTotal,
      taxTotal: figures.taxTotal,
      total: figures.total,
      rounding: 0,
      paid: figures.total,
      change: 0,
      refunded: 0,
      taxes: figures.taxes,
      promotions: [],
      cartDiscount: null,
      clientTotal: null,
      occurredAt: new Date(sale.occurredAt).toISOString(),
      receivedAt: new Date(claimed.received_at).toISOString(),
      origin: 'channel',
      channel: source.channel,
      source,
      taxIncluded: sale.taxIncluded,
      lines: lines.map((l) => ({
        lineNo: l.line_no,
        variantId: l.variant_id,
        sku: l.sku,
        name: l.name,
        title: l.title,
        categoryId: l.category_id,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        priceOverridden: false,
        gross: l.gross,
        promotionDiscount: 0,
        lineDiscount: l.line_discount,
        cartDiscount: 0,
        net: l.net,
        tax: l.tax,
        taxes: l.taxes,
        total: l.total,
        lotCode: null,
        serials: null,
      })),
      tenders: tenders.map((t) => ({ method: t.method, tendered: t.amount, amount: t.amount, refunded: 0, reference: t.reference })),
      charges: figures.charges.map(({ kind, title, amount, tax, taxes, total }) => ({ kind, title, amount, tax, taxes, total })),
      stockShort: stock.discrepancies,
    },
  });
  await tx.audit('sales.sale.completed', {
    saleId,
    total: figures.total,
    origin: 'channel',
    channel: source.channel,
    sourceId: source.id,
    sourceName: source.name,
  });
  return { sale: summary, created: true, discrepancies: stock.discrepancies };
}
