import type { TenantTransaction } from '@kits/plugin-sdk';

/**
 * Levels whose KiTS quantity waits to go to Shopify. A movement only marks its (variant, location)
 * wanted — the pusher reads KiTS's quantity when it pushes, so a burst of sales is one push of the
 * last quantity. `wanted_seq` counts the marks: a push clears only the mark it saw.
 */

/**
 * A stock movement at `locationId` of `variantId`: wanted when the variant is linked and the
 * location mapped (one statement; nothing otherwise).
 */
export async function markMovedStockWanted(tx: TenantTransaction, variantId: string, locationId: string): Promise<void> {
  await tx.query(
    `insert into shopify.stock_push (tenant_id, variant_id, location_id, wanted_since, wanted_seq)
     select $1, vl.variant_id, ll.location_id, now(), 1
       from shopify.variant_links vl, shopify.location_links ll
      where vl.variant_id = $2 and ll.location_id = $3
     on conflict (tenant_id, variant_id, location_id)
     do update set wanted_since = coalesce(stock_push.wanted_since, excluded.wanted_since), wanted_seq = stock_push.wanted_seq + 1`,
    [tx.tenantId, variantId, locationId],
  );
}

/**
 * These variants at every mapped location (new links, a retry): wanted, and — for a new link —
 * what Shopify holds is no longer known (`forgetKnown`), so the first push reads what it replaces.
 */
export async function markVariantsWanted(
  tx: TenantTransaction,
  variantIds: readonly string[],
  options: { forgetKnown?: boolean; locationIds?: readonly string[] } = {},
): Promise<void> {
  if (variantIds.length === 0) return;
  await tx.query(
    `insert into shopify.stock_push (tenant_id, variant_id, location_id, wanted_since, wanted_seq)
     select $1, vl.variant_id, ll.location_id, now(), 1
       from shopify.variant_links vl, shopify.location_links ll
      where vl.variant_id = any($2::uuid[]) and ($4::uuid[] is null or ll.location_id = any($4::uuid[]))
     on conflict (tenant_id, variant_id, location_id)
     do update set wanted_since = coalesce(stock_push.wanted_since, excluded.wanted_since), wanted_seq = stock_push.wanted_seq + 1,
                   attempts = 0, next_attempt_at = null,
                   shopify_known = case when $3 then null else stock_push.shopify_known end,
                   known_at = case when $3 then null else stock_push.known_at end`,
    [tx.tenantId, variantIds, options.forgetKnown === true, options.locationIds ?? null],
  );
}

/**
 * Locations newly mapped to Shopify: every linked variant's level there is wanted, with nothing
 * known of it (the connection code calls this when the location map changes).
 */
export async function markLocationsWanted(tx: TenantTransaction, locationIds: readonly string[]): Promise<void> {
  if (locationIds.length === 0) return;
  await tx.query(
    `insert into shopify.stock_push (tenant_id, variant_id, location_id, wanted_since, wanted_seq)
     select $1, vl.variant_id, ll.location_id, now(), 1
       from shopify.variant_links vl, shopify.location_links ll
      where ll.location_id = any($2::uuid[])
     on conflict (tenant_id, variant_id, location_id)
     do update set wanted_since = coalesce(stock_push.wanted_since, excluded.wanted_since), wanted_seq = stock_push.wanted_seq + 1,
                   attempts = 0, next_attempt_at = null, shopify_known = null, known_at = null`,
    [tx.tenantId, locationIds],
  );
}

/** A variant unlinked: nothing of it goes to Shopify any more. */
export async function forgetVariantStock(tx: TenantTransaction, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx.query('delete from shopify.stock_push where variant_id = any($1::uuid[])', [variantIds]);
}

/** How many levels wait to go to Shopify (linked and mapped ones). */
export async function pendingStockCount(tx: TenantTransaction): Promise<number> {
  const [row] = await tx.query<{ n: string | number }>(
    `select count(*) as n from shopify.stock_push sp
       join shopify.variant_links vl on vl.variant_id = sp.variant_id
       join shopify.location_links ll on ll.location_id = sp.location_id
      where sp.wanted_since is not null`,
  );
  return Number(row?.n ?? 0);
}

/** Levels found equal on both sides: no longer wanted, unless a movement came after the one seen (`seq`). */
export async function clearWanted(
  tx: TenantTransaction,
  levels: ReadonlyArray<{ variantId: string; locationId: string; seq: number }>,
): Promise<void> {
  if (levels.length === 0) return;
  await tx.query(
    `update shopify.stock_push sp set wanted_since = null, attempts = 0, next_attempt_at = null
       from unnest($1::uuid[], $2::uuid[], $3::bigint[]) as l(variant_id, location_id, seq)
      where sp.variant_id = l.variant_id and sp.location_id = l.location_id and sp.wanted_seq = l.seq`,
    [levels.map((l) => l.variantId), levels.map((l) => l.locationId), levels.map((l) => l.seq)],
  );
}

/** Most automatic attempts at one level Shopify refuses; then it waits for the merchant's retry. */
const MAX_LEVEL_ATTEMPTS = 8;

/** Shopify refused these levels (not the whole call): each is tried again later, less and less often. */
export async function backOffLevels(
  tx: TenantTransaction,
  levels: ReadonlyArray<{ variantId: string; locationId: string }>,
): Promise<void> {
  if (levels.length === 0) return;
  await tx.query(
    `update shopify.stock_push sp
        set attempts = sp.attempts + 1,
            next_attempt_at = case when sp.attempts + 1 >= $3 then 'infinity'::timestamptz
                                   else now() + make_interval(secs => least(600, power(2, sp.attempts + 1)::float8)) end
       from unnest($1::uuid[], $2::uuid[]) as l(variant_id, location_id)
      where sp.variant_id = l.variant_id and sp.location_id = l.location_id`,
    [levels.map((l) => l.variantId), levels.map((l) => l.locationId), MAX_LEVEL_ATTEMPTS],
  );
}
