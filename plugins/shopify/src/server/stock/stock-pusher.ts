import type { EventContext } from '@kits/plugin-sdk';
import { openAdminApi, ShopifyAuthError, ShopifyRequestError, ShopifyThrottledError, shopifySays } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { recordFailure, resolveFailures } from '../sync-status/failures.ts';
import { kitsQuantities } from './kits-levels.ts';
import { writeLevels, type LevelToWrite } from './level-writer.ts';
import { notePushWent, pauseAfterFailure, pauseForThrottle, readStockSyncState } from './stock-sync-state.ts';
import { levelKey, SHOP_TARGET } from './stock-targets.ts';
import { clearWanted } from './wanted-stock.ts';

/** Wanted levels taken per run: one `inventorySetQuantities` holds up to 250. */
const BATCH = 250;

export interface PushRun {
  /** Levels looked at. */
  readonly wanted: number;
  /** Levels Shopify was set at. */
  readonly written: number;
  /** Levels already equal on both sides (no call needed). */
  readonly settled: number;
  readonly calls: number;
  /** Why nothing was pushed: not connected, paused, or what stopped it (throttled, token refused, unreachable). */
  readonly stopped?: 'not_connected' | 'paused' | 'throttled' | 'token_refused' | 'unreachable';
}

interface WantedRow {
  variant_id: string;
  location_id: string;
  wanted_seq: string;
  shopify_known: number | null;
  inventory_item_id: string;
  shopify_location_id: string;
}

/**
 * One run of the stock pusher (its job runs every half second): the oldest wanted levels (up to
 * 250) are read from KiTS; those Shopify already holds are settled without a call, the rest set in
 * one `inventorySetQuantities` (a burst of sales of one item is one quantity in it). Throttled →
 * paused until Shopify's budget is back; token refused → the connection is disconnected (by the
 * admin API) and the push waits for the merchant to connect again; unreachable → paused with
 * backoff. In every case what was not pushed stays wanted.
 */
export async function pushWantedStock(context: EventContext<ShopifySettings>, now = new Date()): Promise<PushRun> {
  const { tx } = context;
  const state = await readStockSyncState(tx);
  if (state.pausedUntil && state.pausedUntil > now) return { wanted: 0, written: 0, settled: 0, calls: 0, stopped: 'paused' };
  const rows = await tx.query<WantedRow>(
    `select sp.variant_id, sp.location_id, sp.wanted_seq, sp.shopify_known, vl.inventory_item_id, ll.shopify_location_id
       from shopify.stock_push sp
       join shopify.variant_links vl on vl.variant_id = sp.variant_id
       join shopify.location_links ll on ll.location_id = sp.location_id
      where sp.wanted_since is not null and (sp.next_attempt_at is null or sp.next_attempt_at <= now())
      order by sp.wanted_since, sp.variant_id, sp.location_id
      limit ${BATCH}`,
  );
  if (rows.length === 0) return { wanted: 0, written: 0, settled: 0, calls: 0 };
  const api = await openAdminApi(tx, context.settings);
  if (!api) return { wanted: rows.length, written: 0, settled: 0, calls: 0, stopped: 'not_connected' };

  const quantities = await kitsQuantities(
    context.services.use('inventory@1'),
    rows.map((row) => ({ variantId: row.variant_id, locationId: row.location_id })),
  );
  const settled: Array<{ variantId: string; locationId: string; seq: number }> = [];
  const toWrite: LevelToWrite[] = [];
  for (const row of rows) {
    const quantity = quantities.get(levelKey(row.variant_id, row.location_id)) ?? 0;
    const known = row.shopify_known === null ? null : Number(row.shopify_known);
    const level = { variantId: row.variant_id, locationId: row.location_id, seq: Number(row.wanted_seq) };
    if (known === quantity) settled.push(level);
    else
      toWrite.push({
        ...level,
        inventoryItemId: row.inventory_item_id,
        shopifyLocationId: row.shopify_location_id,
        quantity,
        compare: known,
      });
  }
  await clearWanted(tx, settled);
  if (toWrite.length === 0) return { wanted: rows.length, written: 0, settled: settled.length, calls: 0 };

  try {
    const outcome = await writeLevels(tx, api, toWrite);
    await notePushWent(tx, outcome.calls);
    await resolveFailures(tx, 'stock', [SHOP_TARGET]);
    return { wanted: rows.length, written: outcome.written, settled: settled.length, calls: outcome.calls };
  } catch (error) {
    const stopped = await stopFor(context, error);
    return { wanted: rows.length, written: 0, settled: settled.length, calls: 1, stopped };
  }
}

/**
 * What a failure of the whole push means: throttled — wait for the budget, no failure shown (it is
 * Shopify's normal pacing); token refused — the connection is already marked disconnected, and the
 * failure is shown; unreachable or a 5xx — back off and show it. Anything else is a fault in KiTS and
 * is thrown (the run rolls back, the job logs it).
 */
async function stopFor(context: EventContext<ShopifySettings>, error: unknown): Promise<NonNullable<PushRun['stopped']>> {
  const { tx, log } = context;
  if (error instanceof ShopifyThrottledError) {
    await pauseForThrottle(tx, error.retryAfterMs, 'Shopify throttled the stock push');
    log.info({ retryAfterMs: error.retryAfterMs }, 'Shopify stock push throttled: waiting for the cost budget');
    return 'throttled';
  }
  if (error instanceof ShopifyAuthError) {
    const says = shopifySays(error);
    await recordFailure(tx, { area: 'stock', target: SHOP_TARGET, message: says.message, shopifyCode: says.code });
    log.warn({ status: error.httpStatus }, 'Shopify refused the access token: stock push waits for the store to be connected again');
    return 'token_refused';
  }
  if (error instanceof ShopifyRequestError) {
    const says = shopifySays(error);
    await recordFailure(tx, { area: 'stock', target: SHOP_TARGET, message: says.message, shopifyCode: says.code });
    await pauseAfterFailure(tx, says.message);
    log.warn({ err: error }, 'Shopify stock push failed: backing off');
    return 'unreachable';
  }
  throw error;
}
