import type { TenantTransaction } from '@kits/plugin-sdk';

/** A change Shopify made to its own level (an order it took stock for, a restock it did). */
export interface ShopifyMovedItem {
  readonly variantId: string;
  readonly locationId: string;
  /** Signed, in units: −2 for an order of two, +1 for a line restocked. */
  readonly delta: number;
}

/**
 * Shopify already moved these levels itself: an order took stock on Shopify before KiTS recorded it
 * (as a sale, or a reservation), a cancellation or refund restocked it there. What KiTS knows
 * Shopify holds moves by the same delta, so the push that follows KiTS's own movement finds the two
 * equal and sends nothing — the stock push never "corrects" Shopify for what Shopify did.
 *
 * The orders code calls this in the transaction that records the order, for every line whose stock
 * moved in KiTS because of what Shopify did. A level KiTS knows nothing of yet stays unknown (its
 * first push reads what Shopify holds).
 */
export async function noteShopifyAlreadyMoved(tx: TenantTransaction, items: readonly ShopifyMovedItem[]): Promise<void> {
  const moved = items.filter((item) => Number.isSafeInteger(item.delta) && item.delta !== 0);
  if (moved.length === 0) return;
  // Additive, so it commutes with a push landing at the same time (which adds its own change too).
  await tx.query(
    `update shopify.stock_push sp set shopify_known = sp.shopify_known + m.delta, known_at = now()
       from (select variant_id, location_id, sum(delta)::int as delta
               from unnest($1::uuid[], $2::uuid[], $3::int[]) as t(variant_id, location_id, delta)
              group by variant_id, location_id) m
      where sp.variant_id = m.variant_id and sp.location_id = m.location_id and sp.shopify_known is not null`,
    [moved.map((item) => item.variantId), moved.map((item) => item.locationId), moved.map((item) => item.delta)],
  );
}

/** What KiTS knows Shopify holds at each of these levels (absent: nothing known). */
export async function knownShopifyLevels(
  tx: TenantTransaction,
  variantIds: readonly string[],
): Promise<Map<string, { known: number | null; wanted: boolean; seq: number }>> {
  const rows = await tx.query<{
    variant_id: string;
    location_id: string;
    shopify_known: number | null;
    wanted: boolean;
    wanted_seq: string;
  }>(
    `select variant_id, location_id, shopify_known, wanted_since is not null as wanted, wanted_seq
       from shopify.stock_push where variant_id = any($1::uuid[])`,
    [variantIds],
  );
  return new Map(
    rows.map((row) => [
      `${row.variant_id}:${row.location_id}`,
      { known: row.shopify_known === null ? null : Number(row.shopify_known), wanted: row.wanted, seq: Number(row.wanted_seq) },
    ]),
  );
}

/**
 * Shopify was set to `quantity` at these levels (a push or a repair that went through), replacing
 * `compare` (null: set without comparing). Known becomes the quantity plus whatever
 * noteShopifyAlreadyMoved added since `compare` was read; the mark is cleared when no movement came
 * after the one the push saw (`seq`; null — a repair — leaves the mark as it is).
 */
export async function notePushed(
  tx: TenantTransaction,
  pushed: ReadonlyArray<{ variantId: string; locationId: string; quantity: number; compare: number | null; seq: number | null }>,
): Promise<void> {
  if (pushed.length === 0) return;
  await tx.query(
    `with p as (
       select * from unnest($2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::bigint[]) as p(variant_id, location_id, quantity, compare, seq)),
     updated as (
       update shopify.stock_push sp
          set shopify_known = case when p.compare is null or sp.shopify_known is null then p.quantity
                                   else p.quantity + (sp.shopify_known - p.compare) end,
              known_at = now(), last_pushed_quantity = p.quantity, last_pushed_at = now(), attempts = 0, next_attempt_at = null,
              wanted_since = case when p.seq is not null and sp.wanted_seq = p.seq then null else sp.wanted_since end
         from p where sp.variant_id = p.variant_id and sp.location_id = p.location_id
       returning sp.variant_id, sp.location_id)
     insert into shopify.stock_push (tenant_id, variant_id, location_id, shopify_known, known_at, last_pushed_quantity, last_pushed_at)
     select $1, p.variant_id, p.location_id, p.quantity, now(), p.quantity, now() from p
      where not exists (select 1 from updated u where u.variant_id = p.variant_id and u.location_id = p.location_id)
     on conflict do nothing`,
    [
      tx.tenantId,
      pushed.map((p) => p.variantId),
      pushed.map((p) => p.locationId),
      pushed.map((p) => p.quantity),
      pushed.map((p) => p.compare),
      pushed.map((p) => p.seq),
    ],
  );
}

/**
 * What Shopify was just read to hold at these levels: known from now on (a reconciliation, a stale
 * compare read again), so the set that follows compares with it.
 */
export async function noteShopifyHolds(
  tx: TenantTransaction,
  levels: ReadonlyArray<{ variantId: string; locationId: string; shopify: number }>,
): Promise<void> {
  if (levels.length === 0) return;
  await tx.query(
    `insert into shopify.stock_push (tenant_id, variant_id, location_id, shopify_known, known_at)
     select $1, l.variant_id, l.location_id, l.shopify, now() from unnest($2::uuid[], $3::uuid[], $4::int[]) as l(variant_id, location_id, shopify)
     on conflict (tenant_id, variant_id, location_id) do update set shopify_known = excluded.shopify_known, known_at = now()`,
    [tx.tenantId, levels.map((l) => l.variantId), levels.map((l) => l.locationId), levels.map((l) => l.shopify)],
  );
}
