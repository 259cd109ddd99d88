import type { EventContext, TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { openAdminApi, ShopifyAuthError, ShopifyRequestError, ShopifyThrottledError, shopifySays } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { recordFailure } from '../sync-status/failures.ts';
import { kitsQuantities } from './kits-levels.ts';
import { knownShopifyLevels, noteShopifyHolds } from './known-levels.ts';
import { writeLevels, type LevelToWrite } from './level-writer.ts';
import { readShopifyLevels, refKey } from './shopify-levels.ts';
import { driftOfRun, recordDrift, type StockDrift } from './stock-drift.ts';
import { pauseAfterFailure, pauseForThrottle, readStockSyncState } from './stock-sync-state.ts';
import { levelKey, SHOP_TARGET } from './stock-targets.ts';

/** How often a reconciliation starts by itself. */
export const RECONCILE_EVERY_MS = 15 * 60_000;
/** Linked variants checked per chunk (times the mapped locations: one read per location). */
const CHUNK_VARIANTS = 200;

export interface ReconciliationResult {
  readonly runId: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly trigger: 'schedule' | 'manual';
  readonly startedAt: string;
  /** When it finished (null while it runs). */
  readonly at: string | null;
  /** Levels compared so far. */
  readonly checked: number;
  /** Levels Shopify held another quantity at, set to KiTS's. */
  readonly repaired: readonly StockDrift[];
  readonly error: string | null;
}

interface RunRow {
  run_id: string;
  trigger: 'schedule' | 'manual';
  state: 'running' | 'done' | 'failed';
  after_variant: string | null;
  checked: number;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
}

const RUN_COLUMNS = 'run_id, trigger, state, after_variant, checked, error, started_at, finished_at';

/** The running reconciliation, or a new one (one runs at a time per tenant). */
export async function startReconciliation(tx: TenantTransaction, trigger: 'schedule' | 'manual'): Promise<string> {
  const [running] = await tx.query<{ run_id: string }>(`select run_id from shopify.reconciliation_runs where state = 'running'`);
  if (running) return running.run_id;
  const runId = uuidv7();
  await tx.query(`insert into shopify.reconciliation_runs (tenant_id, run_id, trigger) values ($1, $2, $3)`, [tx.tenantId, runId, trigger]);
  return runId;
}

/**
 * Whether a scheduled reconciliation is due: none runs, levels are linked and mapped, and the last
 * one started 15 minutes ago — or, before the first, the first link is that old (new links are
 * pushed by the pusher; the reconciliation is for drift that comes later).
 */
export async function reconciliationDue(tx: TenantTransaction, now: Date): Promise<boolean> {
  const [row] = await tx.query<{ running: boolean; last: Date | string | null; first_link: Date | string | null; mapped: boolean }>(
    `select exists (select 1 from shopify.reconciliation_runs where state = 'running') as running,
            (select max(started_at) from shopify.reconciliation_runs) as last,
            (select min(linked_at) from shopify.variant_links) as first_link,
            exists (select 1 from shopify.location_links) as mapped`,
  );
  if (!row || row.running || !row.mapped || row.first_link === null) return false;
  const since = new Date(row.last ?? row.first_link).getTime();
  return now.getTime() - since >= RECONCILE_EVERY_MS;
}

export async function runningReconciliation(tx: TenantTransaction): Promise<string | undefined> {
  const [row] = await tx.query<{ run_id: string }>(`select run_id from shopify.reconciliation_runs where state = 'running'`);
  return row?.run_id;
}

interface LinkedLevelRow {
  variant_id: string;
  location_id: string;
  inventory_item_id: string;
  shopify_location_id: string;
}

/**
 * Carries a reconciliation on for up to `budgetMs`, a chunk of linked variants at a time: every
 * level at a mapped location is read from Shopify and compared with KiTS's quantity. A difference is
 * recorded (what Shopify had, what KiTS expected, KiTS's quantity) and repaired — Shopify set to
 * KiTS's quantity, comparing with what was just read. A level with a push waiting is left to the
 * pusher (it is no drift: the push is on its way). Throttled → it stops and goes on later. Answers
 * whether the run is finished.
 */
export async function advanceReconciliation(context: EventContext<ShopifySettings>, runId: string, budgetMs: number): Promise<boolean> {
  const { tx } = context;
  const deadline = Date.now() + budgetMs;
  const state = await readStockSyncState(tx);
  if (state.pausedUntil && state.pausedUntil > new Date()) return false;
  const api = await openAdminApi(tx, context.settings);
  if (!api) {
    await finishRun(tx, runId, 'failed', 'The Shopify store is not connected.');
    return true;
  }
  const inventory = context.services.use('inventory@1');
  while (Date.now() < deadline) {
    const [run] = await tx.query<RunRow>(`select ${RUN_COLUMNS} from shopify.reconciliation_runs where run_id = $1`, [runId]);
    if (!run || run.state !== 'running') return true;
    const variants = await tx.query<{ variant_id: string }>(
      `select variant_id from shopify.variant_links where ($1::uuid is null or variant_id > $1::uuid) order by variant_id limit ${CHUNK_VARIANTS}`,
      [run.after_variant],
    );
    if (variants.length === 0) {
      await finishRun(tx, runId, 'done', null);
      return true;
    }
    const variantIds = variants.map((v) => v.variant_id);
    const levels = await tx.query<LinkedLevelRow>(
      `select vl.variant_id, ll.location_id, vl.inventory_item_id, ll.shopify_location_id
         from shopify.variant_links vl cross join shopify.location_links ll
        where vl.variant_id = any($1::uuid[]) order by vl.variant_id, ll.location_id`,
      [variantIds],
    );
    try {
      const shopify = await readShopifyLevels(
        api,
        levels.map((l) => ({ inventoryItemId: l.inventory_item_id, shopifyLocationId: l.shopify_location_id })),
      );
      const kits = await kitsQuantities(
        inventory,
        levels.map((l) => ({ variantId: l.variant_id, locationId: l.location_id })),
      );
      const known = await knownShopifyLevels(tx, variantIds);
      const repairs: LevelToWrite[] = [];
      const drifts: StockDrift[] = [];
      const learnt: Array<{ variantId: string; locationId: string; shopify: number }> = [];
      for (const level of levels) {
        const had = shopify.get(refKey({ inventoryItemId: level.inventory_item_id, shopifyLocationId: level.shopify_location_id })) ?? null;
        const key = levelKey(level.variant_id, level.location_id);
        const mine = kits.get(key) ?? 0;
        const push = known.get(key);
        if (push?.wanted) continue;
        if (had === null) {
          await recordFailure(tx, {
            area: 'stock',
            target: `variant:${level.variant_id}@location:${level.location_id}`,
            message: 'Shopify does not stock this item at the mapped location: stock it there on Shopify (or map another location).',
            shopifyCode: 'ITEM_NOT_STOCKED_AT_LOCATION',
          });
          continue;
        }
        if (had === mine) {
          if (push?.known !== had) learnt.push({ variantId: level.variant_id, locationId: level.location_id, shopify: had });
          continue;
        }
        drifts.push({
          variantId: level.variant_id,
          locationId: level.location_id,
          shopify: had,
          expected: push?.known ?? null,
          kits: mine,
        });
        repairs.push({
          variantId: level.variant_id,
          locationId: level.location_id,
          inventoryItemId: level.inventory_item_id,
          shopifyLocationId: level.shopify_location_id,
          quantity: mine,
          compare: had,
          seq: null,
        });
      }
      await recordDrift(tx, 'reconciliation', drifts, runId);
      // What was read is what Shopify holds: the repairs compare with it.
      await noteShopifyHolds(tx, [...learnt, ...drifts]);
      const outcome = await writeLevels(tx, api, repairs, 'reconciliation', runId);
      await tx.query(
        `update shopify.reconciliation_runs set after_variant = $2, checked = checked + $3, repaired = repaired + $4 where run_id = $1`,
        [runId, variantIds.at(-1), levels.length, drifts.length + outcome.drifts.length],
      );
    } catch (error) {
      await stopRunFor(context, runId, error);
      return false;
    }
  }
  return false;
}

async function finishRun(tx: TenantTransaction, runId: string, state: 'done' | 'failed', error: string | null): Promise<void> {
  await tx.query(
    `update shopify.reconciliation_runs set state = $2, error = $3, finished_at = now() where run_id = $1 and state = 'running'`,
    [runId, state, error],
  );
}

/** Throttled or unreachable: the run waits (it goes on after the pause); a refused token ends it. */
async function stopRunFor(context: EventContext<ShopifySettings>, runId: string, error: unknown): Promise<void> {
  const { tx } = context;
  if (error instanceof ShopifyThrottledError) {
    await pauseForThrottle(tx, error.retryAfterMs, 'Shopify throttled the reconciliation');
    return;
  }
  if (error instanceof ShopifyAuthError || error instanceof ShopifyRequestError) {
    const says = shopifySays(error);
    await recordFailure(tx, { area: 'stock', target: SHOP_TARGET, message: says.message, shopifyCode: says.code });
    if (error instanceof ShopifyAuthError) await finishRun(tx, runId, 'failed', says.message);
    else await pauseAfterFailure(tx, says.message);
    return;
  }
  throw error;
}

/** A run as the office and `POST /sync/reconcile` show it: what it checked and what it repaired. */
export async function reconciliationResult(tx: TenantTransaction, runId: string): Promise<ReconciliationResult | undefined> {
  const [run] = await tx.query<RunRow>(`select ${RUN_COLUMNS} from shopify.reconciliation_runs where run_id = $1`, [runId]);
  return run ? resultOf(tx, run) : undefined;
}

/** The last finished reconciliation, or null before the first. */
export async function lastReconciliation(tx: TenantTransaction): Promise<ReconciliationResult | null> {
  const [run] = await tx.query<RunRow>(
    `select ${RUN_COLUMNS} from shopify.reconciliation_runs where state <> 'running' order by finished_at desc nulls last, run_id desc limit 1`,
  );
  return run ? resultOf(tx, run) : null;
}

async function resultOf(tx: TenantTransaction, run: RunRow): Promise<ReconciliationResult> {
  return {
    runId: run.run_id,
    state: run.state,
    trigger: run.trigger,
    startedAt: new Date(run.started_at).toISOString(),
    at: run.finished_at ? new Date(run.finished_at).toISOString() : null,
    checked: Number(run.checked),
    repaired: await driftOfRun(tx, run.run_id),
    error: run.error,
  };
}
