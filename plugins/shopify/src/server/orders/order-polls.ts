import type { TenantTransaction } from '@kits/plugin-sdk';
import type { AdminApi } from '../admin-api/index.ts';
import { noticeOrder } from './order-queue.ts';
import { ORDERS_UPDATED_SINCE, type OrdersPage } from './order-query.ts';

/** How often polling asks Shopify which orders changed (webhooks bring them sooner; polling catches what they missed). */
export const POLL_INTERVAL_MS = 60_000;
/** Orders per page, and pages per poll: a poll that finds more goes on at the next one. */
const PAGE_SIZE = 100;
const PAGES_PER_POLL = 5;
/** Orders updated in the same second as the last one seen may sit on the next page: ask again from a little before it. */
const OVERLAP_MS = 2_000;

interface PollRow {
  since: Date | string;
  seen_until: Date | string;
  polled_at: Date | string | null;
}

async function pollRow(tx: TenantTransaction): Promise<PollRow | undefined> {
  // From the first connection on, the store's orders are KiTS's: older ones happened before KiTS kept its stock.
  await tx.query(
    `insert into shopify.order_polls (tenant_id, since, seen_until, polled_at)
     select tenant_id, connected_at, connected_at, null from shopify.connections
     on conflict do nothing`,
  );
  const [row] = await tx.query<PollRow>('select since, seen_until, polled_at from shopify.order_polls');
  return row;
}

/**
 * A store connected: its orders are KiTS's from now on. Kept on reconnecting (the token was
 * revoked, the app reinstalled), so orders placed meanwhile are still caught up.
 */
export async function beginOrderIntake(tx: TenantTransaction): Promise<void> {
  await tx.query(
    `insert into shopify.order_polls (tenant_id, since, seen_until, polled_at) values ($1, now(), now(), null) on conflict do nothing`,
    [tx.tenantId],
  );
}

/** Since when the store's orders are taken in (orders placed before the store was first connected are not). */
export async function ordersSince(tx: TenantTransaction): Promise<Date> {
  const row = await pollRow(tx);
  return row ? new Date(row.since) : new Date(0);
}

/**
 * Asks Shopify for orders updated since the newest one polling has seen — `orders(query:
 * "updated_at:>'…'", sortKey: UPDATED_AT)` — and marks each to take in through the same path as a
 * webhook; one KiTS already took in at that version is left alone. Runs when the last poll is
 * `POLL_INTERVAL_MS` old (or `force`). Answers how many orders it marked, or undefined when not due.
 */
export async function pollOrders(tx: TenantTransaction, api: AdminApi, options: { force?: boolean } = {}): Promise<number | undefined> {
  const row = await pollRow(tx);
  if (!row) return undefined;
  if (!options.force && row.polled_at !== null && Date.now() - new Date(row.polled_at).getTime() < POLL_INTERVAL_MS) return undefined;
  let seenUntil = new Date(row.seen_until);
  const from = new Date(seenUntil.getTime() - OVERLAP_MS).toISOString();
  let after: string | null = null;
  let marked = 0;
  for (let page = 0; page < PAGES_PER_POLL; page++) {
    const answer: OrdersPage = await api.graphql<OrdersPage>(
      ORDERS_UPDATED_SINCE,
      { first: PAGE_SIZE, after, query: `updated_at:>'${from}'` },
      { maxWaitMs: 5_000 },
    );
    for (const order of answer.orders.nodes) {
      if (await noticeOrder(tx, { orderId: order.id, orderName: order.name, via: 'poll', updatedAt: order.updatedAt })) marked += 1;
      const updated = new Date(order.updatedAt);
      if (updated > seenUntil) seenUntil = updated;
    }
    if (!answer.orders.pageInfo.hasNextPage || !answer.orders.pageInfo.endCursor) break;
    after = answer.orders.pageInfo.endCursor;
  }
  await tx.query('update shopify.order_polls set seen_until = $1, polled_at = now()', [seenUntil.toISOString()]);
  return marked;
}
