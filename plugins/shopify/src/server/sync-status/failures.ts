import type { TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';

/** The part of the sync a failure belongs to: its retry goes back to that part's job. */
export type FailureArea = 'stock' | 'catalog' | 'orders' | 'connection';

export interface SyncFailure {
  readonly failureId: string;
  readonly area: FailureArea;
  readonly target: string;
  readonly message: string;
  readonly shopifyCode: string | null;
  readonly attempts: number;
  readonly failedAt: string;
}

/** Longest message kept: Shopify's words plus what KiTS says around them, never a whole response. */
const MAX_MESSAGE = 2000;

/**
 * Records that something failed with Shopify's message: the open failure of the same (area,
 * target) counts one more attempt and takes the newest message; otherwise a new one is opened.
 * The orders code records its failures through here too (area `orders`).
 */
export async function recordFailure(
  tx: TenantTransaction,
  failure: { area: FailureArea; target: string; message: string; shopifyCode?: string | null },
): Promise<string> {
  const message = failure.message.slice(0, MAX_MESSAGE);
  const [updated] = await tx.query<{ failure_id: string }>(
    `update shopify.sync_failures
        set attempts = attempts + 1, message = $3, shopify_code = $4, failed_at = now(), retry_requested_at = null
      where area = $1 and target = $2 and resolved_at is null
      returning failure_id`,
    [failure.area, failure.target, message, failure.shopifyCode ?? null],
  );
  if (updated) return updated.failure_id;
  const failureId = uuidv7();
  await tx.query(
    `insert into shopify.sync_failures (tenant_id, failure_id, area, target, message, shopify_code)
     values ($1, $2, $3, $4, $5, $6)`,
    [tx.tenantId, failureId, failure.area, failure.target, message, failure.shopifyCode ?? null],
  );
  // Once per failure opened (a repeat of an open one only counts an attempt): shopify.sync.failed.
  await tx.publish({
    type: 'shopify.sync.failed',
    payload: { failureId, area: failure.area, target: failure.target, message: message.slice(0, 500) },
  });
  return failureId;
}

/** The open failures of these targets are over (what failed went through): resolved, kept for the record. */
export async function resolveFailures(tx: TenantTransaction, area: FailureArea, targets: readonly string[]): Promise<void> {
  if (targets.length === 0) return;
  const resolved = await tx.query<{ failure_id: string; target: string }>(
    `update shopify.sync_failures set resolved_at = now(), retry_requested_at = null
      where area = $1 and target = any($2::text[]) and resolved_at is null returning failure_id, target`,
    [area, targets],
  );
  for (const row of resolved)
    await tx.publish({ type: 'shopify.sync.recovered', payload: { failureId: row.failure_id, area, target: row.target } });
}

/**
 * Open failures whose retry the merchant asked for, of one area: the areas whose retry is taken up
 * by their own job (orders, connection) read them here. Stock and catalog retries act at once.
 */
export async function retriesAsked(tx: TenantTransaction, area: FailureArea): Promise<Array<{ failureId: string; target: string }>> {
  const rows = await tx.query<{ failure_id: string; target: string }>(
    `select failure_id, target from shopify.sync_failures
      where area = $1 and resolved_at is null and retry_requested_at is not null
      order by retry_requested_at limit 500`,
    [area],
  );
  return rows.map((row) => ({ failureId: row.failure_id, target: row.target }));
}

/** The retry was taken up: the failure stays open until what it retried goes through (or fails again). */
export async function retryTakenUp(tx: TenantTransaction, failureIds: readonly string[]): Promise<void> {
  if (failureIds.length === 0) return;
  await tx.query('update shopify.sync_failures set retry_requested_at = null where failure_id = any($1::uuid[])', [failureIds]);
}

interface FailureRow {
  failure_id: string;
  area: FailureArea;
  target: string;
  message: string;
  shopify_code: string | null;
  attempts: number;
  failed_at: Date | string;
}

/** The open failures, newest first (at most `limit`). */
export async function openFailures(tx: TenantTransaction, limit = 100): Promise<SyncFailure[]> {
  const rows = await tx.query<FailureRow>(
    `select failure_id, area, target, message, shopify_code, attempts, failed_at from shopify.sync_failures
      where resolved_at is null order by failed_at desc, failure_id desc limit $1`,
    [limit],
  );
  return rows.map((row) => ({
    failureId: row.failure_id,
    area: row.area,
    target: row.target,
    message: row.message,
    shopifyCode: row.shopify_code,
    attempts: Number(row.attempts),
    failedAt: new Date(row.failed_at).toISOString(),
  }));
}
