import { checkPayload, conflict } from '@kits/plugin-sdk';
import { VoidReason } from './channel-input.ts';
import { CHANNEL_TAX, effectiveRate } from './channel-sale-figures.ts';
import { lockChannelSale } from './channel-sale-row.ts';
import type { ChannelScope } from './record-channel-sale.ts';

/**
 * Voids a sale a channel recorded and then canceled: its stock comes back to the sale's location
 * (movements referencing the sale, as its sale movements do), `sales.sale.voided` is published and
 * audited. Voided already: `voided: false`, nothing changes. A sale with refunds is not voided
 * (409 `sales.sale_has_refunds`): its refunds are recorded instead.
 */
export async function voidChannelSale(scope: ChannelScope, saleId: string, givenReason: string): Promise<{ voided: boolean }> {
  const { tx } = scope;
  const reason = checkPayload(VoidReason, givenReason, 'sales.malformed_void', 'The reason for the void');
  const sale = await lockChannelSale(tx, saleId);
  if (sale.status === 'voided') return { voided: false };
  const [refunds] = await tx.query<{ n: number }>('select count(*)::int as n from sales.refunds where sale_id = $1', [saleId]);
  if (sale.refunded > 0 || refunds!.n > 0)
    throw conflict('sales.sale_has_refunds', `Sale ${saleId} has refunds; record the rest as a refund rather than voiding the sale.`);
  const [voided] = await tx.query<{ voided_at: Date }>(
    "update sales.sales set status = 'voided' where sale_id = $1 and status = 'completed' returning now() as voided_at",
    [saleId],
  );
  if (!voided) throw conflict('sales.not_completed', `Sale ${saleId} is ${sale.status}; only a completed sale is voided.`);
  const [lines, tenders, [totals], charges] = await Promise.all([
    tx.query<{
      variant_id: string;
      quantity: string;
      total: string;
      tax: string;
      taxes: Array<{ name: string; basisPoints: number; amount: number }>;
    }>('select variant_id, quantity, total, tax, taxes from sales.sale_lines where sale_id = $1 order by line_no', [saleId]),
    tx.query<{ method: string; amount: string }>('select method, amount from sales.tenders where sale_id = $1 order by tender_no', [
      saleId,
    ]),
    tx.query<{ currency: string; total: string }>('select currency, total from sales.sales where sale_id = $1', [saleId]),
    tx.query<{ kind: string; title: string; amount: string; tax: string }>(
      'select kind, title, amount, tax from sales.sale_charges where sale_id = $1 order by charge_no',
      [saleId],
    ),
  ]);
  await scope.services.use('inventory@1').applyReturn(
    lines.map((l) => ({ variantId: l.variant_id, locationId: sale.locationId, quantity: Number(l.quantity) })),
    { kind: 'sale', id: saleId },
    true,
  );
  const at = new Date(voided.voided_at).toISOString();
  await tx.publish({
    type: 'sales.sale.voided',
    payload: {
      saleId,
      receiptNumber: null,
      locationId: sale.locationId,
      deviceId: null,
      cashierId: null,
      occurredAt: at,
      receivedAt: at,
      reason,
      channel: sale.channel,
      source: sale.source,
      // What the void gives back, as a refund of the whole sale would say it: reports count a
      // canceled channel order as goods and money returned (docs/decisions.md, D-181).
      currency: totals!.currency,
      total: Number(totals!.total),
      restock: true,
      // Added (additive): each line's tax by rate, and the charges given back with their tax, so the
      // accounting day ledger reverses the sale exactly (D-184).
      lines: lines.map((l) => ({
        variantId: l.variant_id,
        quantity: Number(l.quantity),
        amount: Number(l.total),
        tax: Number(l.tax),
        taxes: l.taxes,
      })),
      charges: charges.map((c) => {
        const [amount, tax] = [Number(c.amount), Number(c.tax)];
        return {
          kind: c.kind,
          title: c.title,
          amount,
          tax,
          taxes: tax > 0 ? [{ name: CHANNEL_TAX, basisPoints: effectiveRate(tax, amount), amount: tax }] : [],
          total: amount + tax,
        };
      }),
      tenders: tenders.map((t) => ({ method: t.method, amount: Number(t.amount) })),
    },
  });
  await tx.audit('sales.sale.voided', { saleId, reason, channel: sale.channel, sourceId: sale.source.id });
  return { voided: true };
}
