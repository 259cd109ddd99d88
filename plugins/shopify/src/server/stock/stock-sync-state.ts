import type { TenantTransaction } from '@kits/plugin-sdk';

/**
 * The tenant's stock pusher as a whole: when it last pushed, and a pause — Shopify throttled it, or
 * could not be reached — until which no stock call is made. Nothing waiting is lost while paused:
 * the wanted levels stay wanted.
 */

/** Longest wait after Shopify could not be reached several times in a row. */
const MAX_BACKOFF_MS = 60_000;
/** Longest wait after Shopify throttled the pusher several times in a row. */
const MAX_THROTTLE_BACKOFF_MS = 16_000;

export interface StockSyncState {
  readonly lastPushAt: string | null;
  readonly pausedUntil: Date | null;
  readonly pauseReason: string | null;
}

export async function readStockSyncState(tx: TenantTransaction): Promise<StockSyncState> {
  const [row] = await tx.query<{ last_push_at: Date | string | null; paused_until: Date | string | null; pause_reason: string | null }>(
    'select last_push_at, paused_until, pause_reason from shopify.stock_sync',
  );
  return {
    lastPushAt: row?.last_push_at ? new Date(row.last_push_at).toISOString() : null,
    pausedUntil: row?.paused_until ? new Date(row.paused_until) : null,
    pauseReason: row?.pause_reason ?? null,
  };
}

/**
 * Shopify throttled the pusher: no stock call until the budget is back — the wait Shopify's answer
 * implies, and longer each time it throttles again in a row (1 s, 2 s, 4 s … up to 16 s), so a
 * store kept busy by other apps is asked less and less often, never in a loop.
 */
export async function pauseForThrottle(tx: TenantTransaction, retryAfterMs: number, reason: string): Promise<void> {
  await tx.query(
    `insert into shopify.stock_sync (tenant_id, paused_until, pause_reason, failures_in_row)
     values ($1, now() + make_interval(secs => $2), $3, 1)
     on conflict (tenant_id) do update
        set failures_in_row = stock_sync.failures_in_row + 1, pause_reason = excluded.pause_reason,
            paused_until = now() + make_interval(secs => greatest($2, least($4::float8, power(2, least(stock_sync.failures_in_row, 10))::float8)))`,
    [tx.tenantId, Math.max(retryAfterMs, 100) / 1000, reason, MAX_THROTTLE_BACKOFF_MS / 1000],
  );
}

/** Shopify could not be reached (or answered 5xx): wait 1 s, 2 s, 4 s … up to a minute, by failures in a row. */
export async function pauseAfterFailure(tx: TenantTransaction, reason: string): Promise<void> {
  await tx.query(
    `insert into shopify.stock_sync (tenant_id, paused_until, pause_reason, failures_in_row) values ($1, now() + interval '1 second', $2, 1)
     on conflict (tenant_id) do update
        set failures_in_row = stock_sync.failures_in_row + 1, pause_reason = excluded.pause_reason,
            paused_until = now() + make_interval(secs => least($3::float8, power(2, least(stock_sync.failures_in_row, 10))::float8))`,
    [tx.tenantId, reason, MAX_BACKOFF_MS / 1000],
  );
}

/** A push went through: the pause (if any) is over, and its time is the last push. */
export async function notePushWent(tx: TenantTransaction, calls: number): Promise<void> {
  await tx.query(
    `insert into shopify.stock_sync (tenant_id, last_push_at, pushes) values ($1, now(), $2)
     on conflict (tenant_id) do update
        set last_push_at = now(), pushes = stock_sync.pushes + excluded.pushes, paused_until = null, pause_reason = null, failures_in_row = 0`,
    [tx.tenantId, calls],
  );
}
