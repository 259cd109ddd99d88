import type { TenantTransaction } from '@kits/plugin-sdk';
import { retriesAsked, retryTakenUp } from '../sync-status/failures.ts';

/** The event the webhook publishes so the intake takes the order in right after the delivery commits. */
export const ORDER_NOTICED = 'shopify.order.noticed';

export interface OrderNoticed {
  readonly orderId: string;
}

/**
 * Shopify has news of an order (a webhook of any order topic, or polling found it updated): the
 * order is marked to take in, now. The one row per order is where webhooks and polling meet: the
 * intake that follows locks it, so however many times the order is noticed it is recorded once.
 * Polling passes Shopify's `updatedAt`, and an order already taken in at that version is left alone.
 * Answers whether the order is now waiting.
 */
export async function noticeOrder(
  tx: TenantTransaction,
  notice: { orderId: string; orderName: string | null; via: 'webhook' | 'poll'; updatedAt?: string },
): Promise<boolean> {
  const waiting = await tx.query(
    `insert into shopify.orders as o (tenant_id, order_id, order_name, first_heard_via)
     values ($1, $2, $3, $4)
     on conflict (tenant_id, order_id) do update
        set pending = true, next_attempt_at = now(), order_name = coalesce(o.order_name, excluded.order_name)
      where $5::timestamptz is null or o.shopify_updated_at is null or o.shopify_updated_at < $5::timestamptz
     returning 1`,
    [tx.tenantId, notice.orderId, notice.orderName, notice.via, notice.updatedAt ?? null],
  );
  if (waiting.length === 0) return false;
  if (notice.via === 'webhook') await tx.publish<OrderNoticed>({ type: ORDER_NOTICED, payload: { orderId: notice.orderId } });
  return true;
}

/** Orders waiting whose next attempt is due, oldest first. */
export async function dueOrders(tx: TenantTransaction, limit: number): Promise<string[]> {
  const rows = await tx.query<{ order_id: string }>(
    'select order_id from shopify.orders where pending and next_attempt_at <= now() order by next_attempt_at limit $1',
    [limit],
  );
  return rows.map((r) => r.order_id);
}

/** How long to wait before taking a failed order in again: 30 s, doubling, at most an hour (Shopify's own wait when it throttled). */
export function backoffMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(retryAfterMs, 1_000);
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** The take-in failed: tried again after the backoff, the error kept for the office. */
export async function postponeOrder(tx: TenantTransaction, orderId: string, message: string, retryAfterMs?: number): Promise<number> {
  const [row] = await tx.query<{ attempts: number }>(
    'update shopify.orders set attempts = attempts + 1, last_error = $2 where order_id = $1 returning attempts',
    [orderId, message],
  );
  const attempts = Number(row?.attempts ?? 1);
  await tx.query(`update shopify.orders set next_attempt_at = now() + make_interval(secs => $2) where order_id = $1`, [
    orderId,
    backoffMs(attempts, retryAfterMs) / 1000,
  ]);
  return attempts;
}

/** The merchant asked the office to retry failed orders: they are due now (the failure stays open until one goes through). */
export async function retryRequestedOrders(tx: TenantTransaction): Promise<void> {
  const asked = await retriesAsked(tx, 'orders');
  if (asked.length === 0) return;
  await tx.query('update shopify.orders set pending = true, next_attempt_at = now() where order_id = any($1::text[])', [
    asked.map((a) => a.target),
  ]);
  // Polling's failure (target `polling`) is retried by polling now.
  if (asked.some((a) => a.target === 'polling')) await tx.query('update shopify.order_polls set polled_at = null');
  await retryTakenUp(
    tx,
    asked.map((a) => a.failureId),
  );
}

/** What the sync status page shows of the order intake: when polling last asked Shopify, and how many orders wait. */
export async function orderIntakeStatus(tx: TenantTransaction): Promise<{ lastOrderPollAt: string | null; ordersWaiting: number }> {
  const [poll] = await tx.query<{ polled_at: Date | string | null }>('select polled_at from shopify.order_polls');
  const [waiting] = await tx.query<{ n: string | number }>('select count(*) as n from shopify.orders where pending');
  return { lastOrderPollAt: poll?.polled_at ? new Date(poll.polled_at).toISOString() : null, ordersWaiting: Number(waiting?.n ?? 0) };
}
