import type { EventContext, TenantTransaction } from '@kits/plugin-sdk';
import { openAdminApi, ShopifyThrottledError, shopifySays, type AdminApi } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { recordFailure, resolveFailures } from '../sync-status/failures.ts';
import { matchWithStore, type MatchCounts } from './catalog-match.ts';
import { readStoreVariantsPage, saveStoreVariants } from './store-variants.ts';

/**
 * Reading the store's whole catalog, then matching it with KiTS's. Shopify's cost budget allows a
 * few pages of 250 variants at once and then about one every ten seconds: a large store takes
 * minutes, so the scan goes page by page, remembering its place, and whatever a request did not
 * finish the catalog job carries on. When the last page is in, variants no longer in the store are
 * forgotten and the match runs.
 */

export const SCAN_TARGET = 'catalog-scan';

export interface ScanState {
  readonly state: 'idle' | 'reading' | 'done' | 'failed';
  readonly variantsRead: number;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly error: string | null;
  /** The last match's counts (linked: links it made). */
  readonly linked: number;
  readonly unmatched: number;
  readonly ambiguous: number;
}

export async function readScan(tx: TenantTransaction): Promise<ScanState> {
  const [row] = await tx.query<{
    scan_state: ScanState['state'];
    variants_read: number;
    scan_started_at: Date | string | null;
    scan_finished_at: Date | string | null;
    scan_error: string | null;
    linked: number;
    unmatched: number;
    ambiguous: number;
  }>(
    'select scan_state, variants_read, scan_started_at, scan_finished_at, scan_error, linked, unmatched, ambiguous from shopify.catalog_sync',
  );
  const time = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);
  return {
    state: row?.scan_state ?? 'idle',
    variantsRead: Number(row?.variants_read ?? 0),
    startedAt: time(row?.scan_started_at),
    finishedAt: time(row?.scan_finished_at),
    error: row?.scan_error ?? null,
    linked: Number(row?.linked ?? 0),
    unmatched: Number(row?.unmatched ?? 0),
    ambiguous: Number(row?.ambiguous ?? 0),
  };
}

/** Starts reading the store's catalog from its first page (a scan under way goes on where it is). */
export async function startScan(tx: TenantTransaction): Promise<void> {
  await tx.query(
    `insert into shopify.catalog_sync (tenant_id, scan_state, scan_cursor, scan_started_at, scan_finished_at, scan_error, variants_read)
     values ($1, 'reading', null, now(), null, null, 0)
     on conflict (tenant_id) do update
        set scan_state = 'reading', scan_cursor = null, scan_started_at = now(), scan_finished_at = null, scan_error = null, variants_read = 0
      where catalog_sync.scan_state <> 'reading'`,
    [tx.tenantId],
  );
}

/**
 * Reads pages for up to `budgetMs` (each call waits at most `maxWaitMs` for Shopify's budget), then
 * matches when the last page is in. Answers the match's counts when it finished now, else undefined
 * (the job goes on). Throttled: stops, to go on later. Another refusal: the scan fails with Shopify's
 * message (recorded as a catalog failure).
 */
export async function continueScan(
  context: EventContext<ShopifySettings>,
  options: { budgetMs: number; maxWaitMs?: number },
): Promise<MatchCounts | undefined> {
  const { tx } = context;
  const [row] = await tx.query<{ scan_state: string; scan_cursor: string | null }>(
    'select scan_state, scan_cursor from shopify.catalog_sync for update',
  );
  if (row?.scan_state !== 'reading') return undefined;
  const api = await openAdminApi(tx, context.settings);
  if (!api) {
    await failScan(tx, 'The Shopify store is not connected.');
    return undefined;
  }
  const deadline = Date.now() + options.budgetMs;
  let cursor = row.scan_cursor;
  try {
    while (Date.now() < deadline) {
      const done = await readOnePage(tx, api, cursor, options.maxWaitMs);
      cursor = done.next;
      if (cursor === null) break;
    }
  } catch (error) {
    if (error instanceof ShopifyThrottledError) return undefined;
    const says = shopifySays(error);
    await recordFailure(tx, {
      area: 'catalog',
      target: SCAN_TARGET,
      message: `Reading the store's catalog failed: ${says.message}`,
      shopifyCode: says.code,
    });
    await failScan(tx, says.message);
    return undefined;
  }
  if (cursor !== null) return undefined;
  // Everything in the store was read since the scan started: what was not is gone from the store.
  await tx.query(`delete from shopify.store_variants where read_at < (select scan_started_at from shopify.catalog_sync)`);
  const counts = await matchWithStore(tx, context.services.use('catalog@1'));
  await tx.query(`update shopify.catalog_sync set scan_state = 'done', scan_finished_at = now(), scan_cursor = null`);
  await resolveFailures(tx, 'catalog', [SCAN_TARGET]);
  return counts;
}

async function readOnePage(
  tx: TenantTransaction,
  api: AdminApi,
  after: string | null,
  maxWaitMs?: number,
): Promise<{ next: string | null }> {
  const page = await readStoreVariantsPage(api, { after, ...(maxWaitMs !== undefined ? { maxWaitMs } : {}) });
  await saveStoreVariants(tx, page.variants);
  await tx.query(`update shopify.catalog_sync set scan_cursor = $1, variants_read = variants_read + $2`, [page.next, page.variants.length]);
  return { next: page.next };
}

async function failScan(tx: TenantTransaction, error: string): Promise<void> {
  await tx.query(`update shopify.catalog_sync set scan_state = 'failed', scan_error = $1, scan_finished_at = now()`, [error]);
}
