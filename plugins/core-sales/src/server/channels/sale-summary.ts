import type { SaleSummary, TenantTransaction } from '@kits/plugin-sdk';

interface SummaryRow {
  sale_id: string;
  receipt_number: string | null;
  status: string;
  currency: string;
  total: string;
  paid: string;
  refunded: string;
  location_id: string;
  device_id: string | null;
  customer_id: string | null;
  occurred_at: Date | string;
  channel: string;
  source_id: string | null;
  source_name: string | null;
}

/** A sale as sales@1 tells other plugins of it (a till's sale or a channel's); undefined when there is none. */
export async function saleSummary(tx: TenantTransaction, saleId: string): Promise<SaleSummary | undefined> {
  const [row] = await tx.query<SummaryRow>(
    `select sale_id, receipt_number, status, currency, total, paid, refunded, location_id, device_id, customer_id, occurred_at,
            channel, source_id, source_name
       from sales.sales where sale_id = $1`,
    [saleId],
  );
  if (!row) return undefined;
  return {
    id: row.sale_id,
    receiptNumber: row.receipt_number === null ? '' : String(row.receipt_number),
    status: row.status as SaleSummary['status'],
    currency: row.currency.trim(),
    total: Number(row.total),
    paid: Number(row.paid),
    refunded: Number(row.refunded),
    locationId: row.location_id,
    deviceId: row.device_id,
    customerId: row.customer_id,
    completedAt: row.status === 'completed' ? new Date(row.occurred_at).toISOString() : null,
    channel: row.channel,
    source: row.source_id === null ? null : { channel: row.channel, id: row.source_id, name: row.source_name },
  };
}

/** The sale recorded for a channel's id, if any. */
export async function saleIdBySource(
  tx: TenantTransaction,
  source: { readonly channel: string; readonly id: string },
): Promise<string | undefined> {
  const [row] = await tx.query<{ sale_id: string }>('select sale_id from sales.sales where channel = $1 and source_id = $2', [
    source.channel,
    source.id,
  ]);
  return row?.sale_id;
}
