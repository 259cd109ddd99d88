import type { TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';

/**
 * Every time Shopify held another quantity than KiTS expected — a reconciliation found it, a push's
 * compareQuantity was stale (someone changed it on Shopify meanwhile), or a first push replaced
 * what was there — and the quantity KiTS set instead. KiTS is authoritative at mapped locations:
 * the difference is repaired and kept here for the merchant to see, never silently overwritten.
 */
export interface StockDrift {
  readonly variantId: string;
  readonly locationId: string;
  /** What Shopify held. */
  readonly shopify: number;
  /** What KiTS thought Shopify held (null: nothing was known). */
  readonly expected: number | null;
  /** KiTS's quantity, which Shopify was set to. */
  readonly kits: number;
}

export type DriftFoundBy = 'reconciliation' | 'stale_compare' | 'first_push';

export async function recordDrift(
  tx: TenantTransaction,
  foundBy: DriftFoundBy,
  drifts: readonly StockDrift[],
  runId: string | null = null,
): Promise<void> {
  if (drifts.length === 0) return;
  await tx.query(
    `insert into shopify.stock_drift (tenant_id, drift_id, run_id, found_by, variant_id, location_id, shopify, expected, kits)
     select $1, d.drift_id, $2, $3, d.variant_id, d.location_id, d.shopify, d.expected, d.kits
       from unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::int[], $9::int[]) as d(drift_id, variant_id, location_id, shopify, expected, kits)`,
    [
      tx.tenantId,
      runId,
      foundBy,
      drifts.map(() => uuidv7()),
      drifts.map((d) => d.variantId),
      drifts.map((d) => d.locationId),
      drifts.map((d) => d.shopify),
      drifts.map((d) => d.expected),
      drifts.map((d) => d.kits),
    ],
  );
}

/** The differences a reconciliation run repaired, in the order found (at most `limit`). */
export async function driftOfRun(tx: TenantTransaction, runId: string, limit = 500): Promise<StockDrift[]> {
  const rows = await tx.query<{ variant_id: string; location_id: string; shopify: number; expected: number | null; kits: number }>(
    `select variant_id, location_id, shopify, expected, kits from shopify.stock_drift where run_id = $1 order by drift_id limit $2`,
    [runId, limit],
  );
  return rows.map((row) => ({
    variantId: row.variant_id,
    locationId: row.location_id,
    shopify: Number(row.shopify),
    expected: row.expected === null ? null : Number(row.expected),
    kits: Number(row.kits),
  }));
}
