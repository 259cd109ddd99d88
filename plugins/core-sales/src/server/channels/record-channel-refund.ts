import { badRequest, checkPayload, conflict, type ExternalRefund } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { effectiveRate, CHANNEL_TAX } from './channel-sale-figures.ts';
import { ExternalRefundInput } from './channel-input.ts';
import { refundParts, tenderRefunds } from './channel-refund-lines.ts';
import { lockChannelSale } from './channel-sale-row.ts';
import type { ChannelScope } from './record-channel-sale.ts';

const exceeds = (detail: string, extensions: Record<string, unknown> = {}) => conflict('sales.refund_exceeds_sale', detail, extensions);

/**
 * Records a channel's refund of a sale it recorded, once per (channel, refund id): the money paid
 * back there (no provider is asked: the channel moved it), the goods back on the shelf when
 * `restock`. More than the sale has left — money, units or a line's amount — is a 409
 * `sales.refund_exceeds_sale` and nothing changes. Publishes `sales.sale.refunded`; audited.
 */
export async function recordChannelRefund(scope: ChannelScope, given: ExternalRefund): Promise<{ refundId: string; created: boolean }> {
  const { tx } = scope;
  const refund = checkPayload(ExternalRefundInput, given, 'sales.malformed_refund', "The channel's refund");
  if (Number.isNaN(Date.parse(refund.occurredAt)))
    throw badRequest('sales.bad_time', `occurredAt (${refund.occurredAt}) is not a time (ISO 8601).`);
  // The sale's lock takes this sale's refunds one at a time: the second of two racing sees the first.
  const sale = await lockChannelSale(tx, refund.saleId, refund.source.channel);
  const [recorded] = await tx.query<{ refund_id: string }>('select refund_id from sales.refunds where channel = $1 and source_id = $2', [
    refund.source.channel,
    refund.source.id,
  ]);
  if (recorded) return { refundId: recorded.refund_id, created: false };
  if (sale.status !== 'completed')
    throw conflict('sales.not_completed', `Sale ${refund.saleId} is ${sale.status}; only a completed sale is refunded.`);

  const total = refund.tenders.reduce((n, t) => n + t.amount, 0);
  if (total === 0 && refund.lines.length === 0)
    throw badRequest('sales.nothing_to_refund', 'The refund gives back neither money nor goods; there is nothing to record.');
  const moneyLeft = sale.paid - sale.refunded;
  if (total > moneyLeft) throw exceeds(`Only ${moneyLeft} of this sale is left to refund; ${total} cannot be.`, { left: moneyLeft, total });
  const saleLines = await tx.query<{
    line_no: number;
    variant_id: string;
    quantity: string;
    refunded_quantity: string;
    total: string;
    refunded_amount: string;
  }>(
    'select line_no, variant_id, quantity, refunded_quantity, total, refunded_amount from sales.sale_lines where sale_id = $1 order by line_no',
    [refund.saleId],
  );
  const laid = refundParts(
    saleLines.map((l) => ({
      lineNo: l.line_no,
      variantId: l.variant_id,
      quantity: Number(l.quantity) - Number(l.refunded_quantity),
      amount: Number(l.total) - Number(l.refunded_amount),
    })),
    refund.lines,
  );
  if (!laid.ok) throw exceeds(laid.detail, { errors: [{ field: laid.field, message: laid.detail }] });
  const saleTenders = await tx.query<{ tender_no: number; method: string; amount: string; refunded: string }>(
    'select tender_no, method, amount, refunded from sales.tenders where sale_id = $1 order by tender_no',
    [refund.saleId],
  );
  const fromTenders = tenderRefunds(
    saleTenders.map((t) => ({ tenderNo: t.tender_no, method: t.method, left: Number(t.amount) - Number(t.refunded) })),
    refund.tenders,
  );
  if (!fromTenders) throw exceeds(`The sale's tenders have less than ${total} left to give back.`);

  const refundId = uuidv7();
  const source = { channel: refund.source.channel, id: refund.source.id, name: refund.source.name ?? null };
  const reason = `Refunded on ${source.channel}${source.name ? ` (${source.name})` : ''}`;
  const [inserted] = await tx.query<{ created_at: Date }>(
    `insert into sales.refunds (tenant_id, refund_id, sale_id, device_id, shift_id, reason, restock, total, currency, cashier_id, channel, source_id, source_name)
     values ($1, $2, $3, null, null, $4, $5, $6, $7, null, $8, $9, $10) returning created_at`,
    [tx.tenantId, refundId, refund.saleId, reason, refund.restock, total, sale.currency, source.channel, source.id, source.name],
  );
  const lines = laid.parts.map((part, i) => ({
    line_no: i + 1,
    sale_line_no: part.saleLineNo,
    variant_id: part.variantId,
    quantity: part.quantity,
    amount: part.amount,
    tax: part.tax,
    taxes: part.tax > 0 ? [{ name: CHANNEL_TAX, basisPoints: effectiveRate(part.tax, part.amount - part.tax), amount: part.tax }] : [],
  }));
  const tenders = refund.tenders.map((t, i) => ({ tender_no: i + 1, method: t.method, amount: t.amount, reference: t.reference ?? null }));
  await tx.query(
    `with lines as (
       insert into sales.refund_lines (tenant_id, refund_id, line_no, sale_line_no, variant_id, quantity, amount, tax, taxes)
       select $1, $2, x.line_no, x.sale_line_no, x.variant_id, x.quantity, x.amount, x.tax, x.taxes
         from jsonb_to_recordset($3::jsonb) as x(line_no int, sale_line_no int, variant_id uuid, quantity bigint, amount bigint, tax bigint, taxes jsonb)),
     sale_lines as (
       update sales.sale_lines s set refunded_quantity = s.refunded_quantity + x.quantity, refunded_amount = s.refunded_amount + x.amount,
                                     refunded_tax = s.refunded_tax + x.tax
         from (select (p->>'sale_line_no')::int as line_no, sum((p->>'quantity')::bigint) as quantity, sum((p->>'amount')::bigint) as amount,
                      sum((p->>'tax')::bigint) as tax
                 from jsonb_array_elements($3::jsonb) p group by 1) x
        where s.sale_id = $4 and s.line_no = x.line_no),
     refund_tenders as (
       insert into sales.refund_tenders (tenant_id, refund_id, tender_no, method, amount, reference)
       select $1, $2, x.tender_no, x.method, x.amount, x.reference
         from jsonb_to_recordset($5::jsonb) as x(tender_no int, method text, amount bigint, reference text) where x.amount > 0),
     sale_tenders as (
       update sales.tenders t set refunded = t.refunded + x.amount
         from jsonb_to_recordset($6::jsonb) as x(tender_no int, amount bigint)
        where t.sale_id = $4 and t.tender_no = x.tender_no)
     update sales.sales set refunded = refunded + $7 where sale_id = $4`,
    [
      tx.tenantId,
      refundId,
      JSON.stringify(lines),
      refund.saleId,
      JSON.stringify(tenders),
      JSON.stringify([...fromTenders].map(([tender_no, amount]) => ({ tender_no, amount }))),
      total,
    ],
  );
  if (lines.length > 0)
    await scope.services.use('inventory@1').applyReturn(
      lines.map((l) => ({ variantId: l.variant_id, locationId: sale.locationId, quantity: l.quantity })),
      { kind: 'refund', id: refundId },
      refund.restock,
    );
  const receivedAt = new Date(inserted!.created_at).toISOString();
  await tx.publish({
    type: 'sales.sale.refunded',
    payload: {
      id: refundId,
      saleId: refund.saleId,
      total,
      tax: lines.reduce((n, l) => n + l.tax, 0),
      restock: refund.restock,
      lines: lines.map((l) => ({
        lineNo: l.sale_line_no,
        variantId: l.variant_id,
        quantity: l.quantity,
        amount: l.amount,
        tax: l.tax,
        taxes: l.taxes,
      })),
      tenders: tenders.filter((t) => t.amount > 0).map((t) => ({ method: t.method, amount: t.amount, reference: t.reference })),
      reason,
      deviceId: null,
      locationId: sale.locationId,
      shiftId: null,
      currency: sale.currency,
      cashierId: null,
      occurredAt: new Date(refund.occurredAt).toISOString(),
      receivedAt,
      channel: source.channel,
      source,
      saleSource: sale.source,
    },
  });
  await tx.audit('sales.sale.refunded', { refundId, saleId: refund.saleId, total, reason, channel: source.channel, sourceId: source.id });
  return { refundId, created: true };
}
