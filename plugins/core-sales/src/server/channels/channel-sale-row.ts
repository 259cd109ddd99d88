import { conflict, notFound, type TenantTransaction } from '@kits/plugin-sdk';

/** A channel's sale as a refund or void of it needs it, locked until the transaction ends. */
export interface LockedChannelSale {
  readonly status: string;
  readonly paid: number;
  readonly refunded: number;
  readonly locationId: string;
  readonly currency: string;
  readonly channel: string;
  readonly source: { readonly channel: string; readonly id: string; readonly name: string | null };
}

/**
 * Locks a sale a channel recorded, so its refunds and a void of it are taken one at a time; 404 when
 * there is none, 409 `sales.not_channel_sale` when it is a till's (a channel changes only its own).
 */
export async function lockChannelSale(tx: TenantTransaction, saleId: string, channel?: string): Promise<LockedChannelSale> {
  const [row] = await tx.query<{
    status: string;
    paid: string;
    refunded: string;
    location_id: string;
    currency: string;
    channel: string;
    source_id: string | null;
    source_name: string | null;
  }>(
    'select status, paid, refunded, location_id, currency, channel, source_id, source_name from sales.sales where sale_id = $1 for update',
    [saleId],
  );
  if (!row) throw notFound('sales.unknown_sale', `There is no sale ${saleId}.`);
  if (row.source_id === null || (channel !== undefined && row.channel !== channel))
    throw conflict(
      'sales.not_channel_sale',
      `Sale ${saleId} was ${row.source_id === null ? 'rung up at a till' : `recorded by ${row.channel}`}; ${channel ?? 'a channel'} changes only the sales it recorded.`,
    );
  return {
    status: row.status,
    paid: Number(row.paid),
    refunded: Number(row.refunded),
    locationId: row.location_id,
    currency: row.currency.trim(),
    channel: row.channel,
    source: { channel: row.channel, id: row.source_id, name: row.source_name },
  };
}
