import { conflict, notFound, type TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';

export type DiscrepancyReason = 'short_stock' | 'unlinked_variant' | 'unmapped_location';
export type Resolution = 'stock_adjusted' | 'order_cancelled_on_shopify' | 'accepted';

/** What a Shopify order could not do as Shopify asked, raised once per (order, reason, subject). */
export interface NewDiscrepancy {
  readonly orderId: string;
  readonly orderName: string | null;
  readonly reason: DiscrepancyReason;
  readonly variantId?: string | null;
  readonly locationId?: string | null;
  readonly shopifyVariantId?: string | null;
  readonly shopifyLocationId?: string | null;
  readonly title?: string | null;
  readonly wanted?: number | null;
  readonly available?: number | null;
}

/** Raises discrepancies; one already raised for the same order, reason and subject is left as it is (a take-in repeated). */
export async function raiseDiscrepancies(tx: TenantTransaction, raised: readonly NewDiscrepancy[]): Promise<void> {
  for (const d of raised) {
    const subject = d.variantId ?? d.shopifyVariantId ?? d.shopifyLocationId ?? d.title ?? '-';
    await tx.query(
      `insert into shopify.order_discrepancies (tenant_id, discrepancy_id, order_id, order_name, reason, subject, variant_id, location_id,
                                               shopify_variant_id, shopify_location_id, title, wanted, available)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       on conflict (tenant_id, order_id, reason, subject) do nothing`,
      [
        tx.tenantId,
        uuidv7(),
        d.orderId,
        d.orderName,
        d.reason,
        subject,
        d.variantId ?? null,
        d.locationId ?? null,
        d.shopifyVariantId ?? null,
        d.shopifyLocationId ?? null,
        d.title ?? null,
        d.wanted ?? null,
        d.available ?? null,
      ],
    );
  }
}

export interface DiscrepancyView {
  readonly discrepancyId: string;
  readonly orderId: string;
  readonly orderName: string | null;
  readonly reason: DiscrepancyReason;
  readonly variantId: string | null;
  readonly locationId: string | null;
  readonly shopifyVariantId: string | null;
  readonly shopifyLocationId: string | null;
  readonly title: string | null;
  readonly wanted: number | null;
  readonly available: number | null;
  readonly raisedAt: string;
  readonly resolution: Resolution | null;
  readonly note: string | null;
  readonly resolvedAt: string | null;
}

interface Row {
  discrepancy_id: string;
  order_id: string;
  order_name: string | null;
  reason: DiscrepancyReason;
  variant_id: string | null;
  location_id: string | null;
  shopify_variant_id: string | null;
  shopify_location_id: string | null;
  title: string | null;
  wanted: number | null;
  available: number | null;
  raised_at: Date | string;
  resolution: Resolution | null;
  note: string | null;
  resolved_at: Date | string | null;
}

const view = (row: Row): DiscrepancyView => ({
  discrepancyId: row.discrepancy_id,
  orderId: row.order_id,
  orderName: row.order_name,
  reason: row.reason,
  variantId: row.variant_id,
  locationId: row.location_id,
  shopifyVariantId: row.shopify_variant_id,
  shopifyLocationId: row.shopify_location_id,
  title: row.title,
  wanted: row.wanted === null ? null : Number(row.wanted),
  available: row.available === null ? null : Number(row.available),
  raisedAt: new Date(row.raised_at).toISOString(),
  resolution: row.resolution,
  note: row.note,
  resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at).toISOString(),
});

const COLUMNS = `discrepancy_id, order_id, order_name, reason, variant_id, location_id, shopify_variant_id, shopify_location_id, title,
                 wanted, available, raised_at, resolution, note, resolved_at`;

/** Open (oldest first, what waits longest on top) or resolved (newest first) discrepancies, a page at a time. */
export async function listDiscrepancies(tx: TenantTransaction, state: 'open' | 'resolved', limit: number): Promise<DiscrepancyView[]> {
  const rows = await tx.query<Row>(
    state === 'open'
      ? `select ${COLUMNS} from shopify.order_discrepancies where resolution is null order by raised_at, discrepancy_id limit $1`
      : `select ${COLUMNS} from shopify.order_discrepancies where resolution is not null order by resolved_at desc, discrepancy_id limit $1`,
    [limit],
  );
  return rows.map(view);
}

/**
 * The merchant resolves a discrepancy: the stock was counted or adjusted, the order was canceled on
 * Shopify, or the difference is accepted. Resolving an unmapped location's discrepancy also says
 * KiTS is not to record the order it held (the merchant dealt with it): the order is skipped.
 */
export async function resolveDiscrepancy(
  tx: TenantTransaction,
  discrepancyId: string,
  resolution: Resolution,
  note: string | null,
  resolvedBy: string,
): Promise<DiscrepancyView> {
  const [row] = await tx.query<Row>(`select ${COLUMNS} from shopify.order_discrepancies where discrepancy_id = $1 for update`, [
    discrepancyId,
  ]);
  if (!row) throw notFound('shopify.discrepancy_not_found', `There is no order discrepancy ${discrepancyId}.`, { discrepancyId });
  if (row.resolution !== null)
    throw conflict('shopify.discrepancy_resolved', `This discrepancy was already resolved (${row.resolution}).`, {
      discrepancyId,
      resolution: row.resolution,
    });
  const [resolved] = await tx.query<Row>(
    `update shopify.order_discrepancies set resolution = $2, note = $3, resolved_at = now(), resolved_by = $4
      where discrepancy_id = $1 returning ${COLUMNS}`,
    [discrepancyId, resolution, note, resolvedBy],
  );
  if (row.reason === 'unmapped_location')
    await tx.query(`update shopify.orders set stage = 'skipped', pending = false where order_id = $1 and stage = 'held'`, [row.order_id]);
  await tx.audit('shopify.discrepancy.resolved', { discrepancyId, orderId: row.order_id, reason: row.reason, resolution, note });
  return view(resolved!);
}

/** The held order's location is mapped now: its unmapped-location discrepancy closes by itself. */
export async function closeUnmappedLocation(tx: TenantTransaction, orderId: string): Promise<void> {
  await tx.query(
    `update shopify.order_discrepancies
        set resolution = 'accepted', note = 'Recorded once the Shopify location was mapped.', resolved_at = now(), resolved_by = 'shopify'
      where order_id = $1 and reason = 'unmapped_location' and resolution is null`,
    [orderId],
  );
}
