import { badRequest, conflict, notFound } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { priceSale } from '../../shared/pricing.ts';
import { addRateTaxes, refundShare, type RateTax } from '../../shared/refund-share.ts';
import { requireSalePermission, type SaleContext } from '../checkout/sale-context.ts';
import { openShiftOf, saleDevice } from '../checkout/sale-place.ts';
import { requestCardRefund } from '../payments/refund-from-till.ts';
import { planCardRefund, refundToCard, type CardRefund } from '../payments/refund-to-card.ts';
import { EXCHANGE_TENDER, type RefundInput, type RefundOutput } from './refund-input.ts';
import { auditRefundApprovals, requireRefundWithinLimit } from './refund-limit.ts';

interface RefundLine {
  lineNo: number | null;
  variantId: string;
  quantity: number;
  amount: number;
  tax: number;
  taxes: Array<{ name: string; basisPoints: number; amount: number }>;
}

interface SaleLineRow {
  line_no: number;
  variant_id: string;
  quantity: string;
  total: string;
  tax: string;
  taxes: Array<{ name: string; basisPoints: number; amount: number }>;
  refunded_quantity: string;
  refunded_amount: string;
  refunded_tax: string;
}

/** The share of a sale line being refunded (the rule tills reckon with too: `refundShare`). */
function lineShare(line: SaleLineRow, quantity: number, refundedTaxes: readonly RateTax[], index: number): RefundLine {
  const n = Number;
  const share = refundShare(
    {
      quantity: n(line.quantity),
      total: n(line.total),
      taxes: line.taxes,
      refunded: { quantity: n(line.refunded_quantity), amount: n(line.refunded_amount), taxes: refundedTaxes },
    },
    quantity,
  );
  if (!share) {
    const remaining = n(line.quantity) - n(line.refunded_quantity);
    // Named by field, so a refund form shows it beside the quantity typed.
    throw badRequest(
      'sales.refund_over_quantity',
      `Line ${line.line_no} has ${remaining} left to refund; ${quantity} cannot be returned.`,
      {
        errors: [{ field: `body.lines.${index}.quantity`, message: `only ${remaining} left to refund` }],
      },
    );
  }
  return { lineNo: line.line_no, variantId: line.variant_id, quantity, amount: share.amount, tax: share.tax, taxes: [...share.taxes] };
}

/**
 * Refunds (part of) a sale, or a return without a receipt: never more than was paid, to the
 * sale's own tenders unless someone allowed otherwise, restocked or written off through inventory@1.
 */
export interface RefundOptions {
  /** Made on a till (a synced event): cash was paid out there; a card part goes back from the outbox. */
  readonly offline: boolean;
  /** An exchange: up to this much is kept as credit towards the new sale (tender `exchange`); the rest goes back. */
  readonly creditUpTo?: number;
  /** When the refund was made: the till's clock for a synced one (default: now). */
  readonly occurredAt?: string;
}

export async function refundSale(context: SaleContext, input: RefundInput, options: RefundOptions): Promise<RefundOutput> {
  const { offline } = options;
  const { tx, settings } = context;
  const refundId = input.id ?? uuidv7();
  let lines: RefundLine[];
  let originalTenders: Array<{ tender_no: number; method: string; amount: string; refunded: string; reference: string | null }> = [];
  let deviceId: string;
  let locationId: string;
  if (input.saleId) {
    const [sale] = await tx.query<{
      status: string;
      paid: string;
      refunded: string;
      device_id: string | null;
      location_id: string;
      currency: string;
      channel: string;
      source_name: string | null;
    }>(
      'select status, paid, refunded, device_id, location_id, currency, channel, source_name from sales.sales where sale_id = $1 for update',
      [input.saleId],
    );
    if (!sale) throw notFound('sales.unknown_sale', `There is no sale ${input.saleId}.`);
    // Another channel took the money (an online order): it is refunded there, and its refund comes back through sales@1.
    if (sale.channel !== 'till')
      throw conflict(
        'sales.channel_sale',
        `Sale ${input.saleId} was sold on ${sale.channel}${sale.source_name ? ` (${sale.source_name})` : ''}; refund it there, and the refund is recorded here.`,
        { channel: sale.channel },
      );
    if (sale.status !== 'completed')
      throw conflict('sales.not_completed', `Sale ${input.saleId} is ${sale.status}; only a completed sale is refunded.`);
    const saleLines = await tx.query<SaleLineRow>(
      'select line_no, variant_id, quantity, total, tax, taxes, refunded_quantity, refunded_amount, refunded_tax from sales.sale_lines where sale_id = $1 order by line_no',
      [input.saleId],
    );
    // What earlier refunds gave back of each line, by rate: the last unit returned takes exactly what is left.
    const earlier = await tx.query<{ sale_line_no: number; taxes: RateTax[] }>(
      `select rl.sale_line_no, rl.taxes from sales.refund_lines rl
         join sales.refunds r on r.tenant_id = rl.tenant_id and r.refund_id = rl.refund_id
        where r.sale_id = $1 and rl.sale_line_no is not null`,
      [input.saleId],
    );
    const refundedTaxes = (lineNo: number) =>
      earlier.filter((row) => row.sale_line_no === lineNo).reduce<RateTax[]>((sum, row) => addRateTaxes(sum, row.taxes), []);
    if (new Set(input.lines.map((l) => l.lineNo)).size !== input.lines.length)
      throw badRequest('sales.duplicate_line', 'Name each line of the sale once, with the quantity returned.');
    lines = input.lines.map((l, index) => {
      if (l.lineNo === undefined)
        throw badRequest('sales.line_required', 'With a receipt, say which line of the sale comes back (lineNo).');
      const line = saleLines.find((s) => s.line_no === l.lineNo);
      if (!line) throw badRequest('sales.unknown_line', `Sale ${input.saleId} has no line ${l.lineNo}.`);
      return lineShare(line, l.quantity, refundedTaxes(line.line_no), index);
    });
    const total = lines.reduce((n, l) => n + l.amount, 0);
    const left = Number(sale.paid) - Number(sale.refunded);
    if (total > left) throw badRequest('sales.refund_over_paid', `Only ${left} of this sale is left to refund; ${total} cannot be.`);
    originalTenders = await tx.query(
      'select tender_no, method, amount, refunded, reference from sales.tenders where sale_id = $1 order by tender_no',
      [input.saleId],
    );
    deviceId = context.actor.deviceId ?? input.deviceId ?? sale.device_id!;
    locationId = context.actor.locationId ?? sale.location_id;
  } else {
    requireSalePermission(context, 'core-sales:refund.without-receipt', 'A return without a receipt');
    const device = await saleDevice(context, input.deviceId);
    deviceId = device.deviceId;
    locationId = device.locationId;
    const ids = input.lines.map((l) => {
      if (!l.variantId) throw badRequest('sales.variant_required', 'Without a receipt, say which variant comes back (variantId).');
      return l.variantId;
    });
    const variants = await context.services.use('inventory@1').sellable(ids, { currency: settings.currency, locationId });
    const priced = priceSale(
      input.lines.map((l) => {
        const variant = variants.find((v) => v.variantId === l.variantId);
        if (!variant) throw notFound('sales.unknown_variant', `Unknown variant: ${l.variantId}.`);
        if (variant.unitPrice === null) throw conflict('sales.no_price', `${variant.sku} has no price in ${settings.currency}.`);
        return {
          variantId: variant.variantId,
          quantity: l.quantity,
          unitPrice: variant.unitPrice,
          taxRates: settings.taxRates[variant.taxClass] ?? [],
        };
      }),
      undefined,
      [],
      { pricesIncludeTax: settings.pricesIncludeTax, taxRounding: settings.taxRounding },
    );
    lines = priced.lines.map((l) => ({
      lineNo: null,
      variantId: l.variantId,
      quantity: l.quantity,
      amount: l.total,
      tax: l.tax,
      taxes: [...l.taxes],
    }));
  }
  const total = lines.reduce((n, l) => n + l.amount, 0);
  if (total <= 0) throw badRequest('sales.nothing_to_refund', 'These lines come to nothing; there is nothing to refund.');
  // Before any provider is asked or anything written: above the shop's limit it takes a manager.
  requireRefundWithinLimit(context, total);

  // Where the money goes: the sale's own tenders (cards first, cash last), or tenders a manager chose.
  let tenders: Array<{ method: string; amount: number; original?: (typeof originalTenders)[number] }>;
  if (input.tenders) {
    if (input.tenders.some((t) => t.method === EXCHANGE_TENDER))
      throw badRequest('sales.exchange_tender', 'Exchange credit is made by an exchange (POST /exchanges), not named in a refund.');
    const given = input.tenders.reduce((n, t) => n + t.amount, 0);
    if (given !== total) throw badRequest('sales.refund_tender_mismatch', `The refund tenders come to ${given}; the refund is ${total}.`);
    const own = new Set(originalTenders.map((t) => t.method));
    if (input.tenders.some((t) => !own.has(t.method)))
      requireSalePermission(context, 'core-sales:refund.other-tender', 'Refunding to another tender than the sale’s');
    tenders = input.tenders.map((t) => ({ ...t, original: originalTenders.find((o) => o.method === t.method) }));
  } else if (originalTenders.length > 0) {
    let left = total;
    tenders = [];
    if (options.creditUpTo !== undefined) {
      const credit = Math.min(total, options.creditUpTo);
      if (credit > 0) tenders.push({ method: EXCHANGE_TENDER, amount: credit });
      left -= credit;
    }
    for (const original of [...originalTenders].sort((a, b) => Number(a.method === 'cash') - Number(b.method === 'cash'))) {
      const room = Number(original.amount) - Number(original.refunded);
      const amount = Math.min(room, left);
      if (amount > 0) tenders.push({ method: original.method, amount, original });
      left -= amount;
    }
  } else {
    const credit = Math.min(total, options.creditUpTo ?? 0);
    tenders = [
      ...(credit > 0 ? [{ method: EXCHANGE_TENDER, amount: credit }] : []),
      ...(total - credit > 0 ? [{ method: 'cash', amount: total - credit }] : []),
    ];
  }
  const shiftId = (await openShiftOf(tx, deviceId)) ?? null;
  if (!shiftId && !offline && tenders.some((t) => t.method === 'cash'))
    throw conflict('sales.no_open_shift', `Device ${deviceId} has no open shift to pay cash out of; open one first.`);

  const references: Array<string | null> = [];
  /** The plugin each card part went back through (for the event: card clearing per provider). */
  const providers: Array<string | null> = [];
  const scope = { tx, services: context.services };
  // Card tenders go back to their payment (payments@2): every part is checked before any provider is asked.
  const toCards = new Map<number, CardRefund>();
  // A till's refund (synced) records its card parts and sends them from the outbox (`refund-from-till.ts`).
  for (const [i, tender] of tenders.entries()) {
    if (tender.method === 'cash' || tender.method === EXCHANGE_TENDER || !tender.original?.reference) continue;
    const planned = await planCardRefund(scope, tender.original.reference, tender.amount);
    if (planned) toCards.set(i, planned);
  }
  for (const [i, tender] of tenders.entries()) {
    const toCard = toCards.get(i);
    if (toCard) {
      references.push(offline ? toCard.row.payment_id : await refundToCard(scope, toCard, refundId));
      providers.push(context.services.providerOf(toCard.row.provider));
      continue;
    }
    if (tender.method === 'cash' || tender.method === EXCHANGE_TENDER || offline || !tender.original?.reference) {
      references.push(null);
      providers.push(null);
      continue;
    }
    // A charge from before payments@2 (no payment recorded): payments@1 refunds it by its reference.
    const result = await context.services.use('payments@1').refund({
      reference: tender.original.reference,
      amount: tender.amount,
      currency: settings.currency,
      idempotencyKey: `${refundId}:${tender.original.tender_no}`,
    });
    if (result.status === 'declined')
      throw conflict('sales.refund_declined', `The ${tender.method} refund was declined: ${result.reason}.`);
    references.push(result.reference);
    providers.push(context.services.providerOf('payments@1'));
  }

  await tx.query(
    `insert into sales.refunds (tenant_id, refund_id, sale_id, device_id, shift_id, reason, restock, total, currency, cashier_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      tx.tenantId,
      refundId,
      input.saleId ?? null,
      deviceId,
      shiftId,
      input.reason,
      input.restock,
      total,
      settings.currency,
      context.actor.id,
    ],
  );
  for (const [i, line] of lines.entries()) {
    await tx.query(
      `insert into sales.refund_lines (tenant_id, refund_id, line_no, sale_line_no, variant_id, quantity, amount, tax, taxes)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [tx.tenantId, refundId, i + 1, line.lineNo, line.variantId, line.quantity, line.amount, line.tax, JSON.stringify(line.taxes)],
    );
    if (input.saleId) {
      await tx.query(
        'update sales.sale_lines set refunded_quantity = refunded_quantity + $3, refunded_amount = refunded_amount + $4, refunded_tax = refunded_tax + $5 where sale_id = $1 and line_no = $2',
        [input.saleId, line.lineNo, line.quantity, line.amount, line.tax],
      );
    }
  }
  for (const [i, tender] of tenders.entries()) {
    await tx.query(
      'insert into sales.refund_tenders (tenant_id, refund_id, tender_no, method, amount, reference) values ($1, $2, $3, $4, $5, $6)',
      [tx.tenantId, refundId, i + 1, tender.method, tender.amount, references[i]],
    );
    if (tender.original) {
      await tx.query('update sales.tenders set refunded = refunded + $3 where sale_id = $1 and tender_no = $2', [
        input.saleId,
        tender.original.tender_no,
        tender.amount,
      ]);
    }
  }
  if (input.saleId) await tx.query('update sales.sales set refunded = refunded + $2 where sale_id = $1', [input.saleId, total]);
  if (offline) for (const toCard of toCards.values()) await requestCardRefund(tx, toCard, refundId);
  await context.services.use('inventory@1').applyReturn(
    lines.map((l) => ({ variantId: l.variantId, locationId, quantity: l.quantity })),
    { kind: 'refund', id: refundId },
    input.restock,
  );
  const output: RefundOutput = {
    id: refundId,
    saleId: input.saleId ?? null,
    total,
    tax: lines.reduce((n, l) => n + l.tax, 0),
    restock: input.restock,
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      variantId: l.variantId,
      quantity: l.quantity,
      amount: l.amount,
      tax: l.tax,
      taxes: l.taxes,
    })),
    tenders: tenders.map((t, i) => ({ method: t.method, amount: t.amount, reference: references[i] ?? null })),
  };
  const receivedAt = new Date().toISOString();
  await tx.publish({
    type: 'sales.sale.refunded',
    payload: {
      ...output,
      // Added (additive): the plugin each card part went back through.
      tenders: output.tenders.map((tender, i) => ({ ...tender, provider: providers[i] ?? null })),
      reason: input.reason,
      deviceId,
      locationId,
      shiftId,
      currency: settings.currency,
      cashierId: context.actor.id,
      lines,
      // Added in version 1 (optional for consumers of older events): the till's time and the server's.
      occurredAt: options.occurredAt ?? receivedAt,
      receivedAt,
      // Added (additive): where the refunded sale was sold; a channel's refund names its own source.
      channel: 'till',
      source: null,
    },
  });
  await tx.audit('sales.sale.refunded', { refundId, saleId: input.saleId ?? null, total, reason: input.reason });
  await auditRefundApprovals(context, { refundId, saleId: input.saleId ?? null, total }, input.approvals);
  return output;
}
