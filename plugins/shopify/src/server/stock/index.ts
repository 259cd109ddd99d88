import type { ServerPluginContext } from '@kits/plugin-sdk';
import type { ShopifySettings } from '../settings.ts';
import { advanceReconciliation, reconciliationDue, runningReconciliation, startReconciliation } from './reconciliation.ts';
import { pushWantedStock } from './stock-pusher.ts';
import { markMovedStockWanted } from './wanted-stock.ts';

export { noteShopifyAlreadyMoved, type ShopifyMovedItem } from './known-levels.ts';
export { markLocationsWanted, markVariantsWanted, forgetVariantStock } from './wanted-stock.ts';
export { retryStockFailure } from './stock-retry.ts';

/** How often the pusher looks for wanted levels: a till sale reaches Shopify within about a second. */
const PUSH_EVERY_MS = 500;
/** How often a running reconciliation is carried on (and a scheduled one started when due). */
const RECONCILE_TICK_MS = 2_000;
/** A reconciliation chunk's share of its job run (the job's transaction stays short). */
const RECONCILE_CHUNK_MS = 3_000;

/** What a stock movement says (core-inventory's `inventory.stock.moved`): only where and what is read. */
interface StockMoved {
  readonly variantId: string;
  readonly locationId: string;
}

/**
 * Stock, KiTS authoritative at mapped locations: each movement of a linked variant at a mapped
 * location marks its level wanted; the pusher (every half second) sets Shopify to KiTS's quantity
 * with compareQuantity; a reconciliation every 15 minutes (and on `POST /sync/reconcile`) compares
 * every linked level and repairs drift.
 */
export function registerStock(context: ServerPluginContext<ShopifySettings>): void {
  context.events.subscribe<StockMoved>('inventory.stock.moved', async (event, { tx }) => {
    await markMovedStockWanted(tx, event.payload.variantId, event.payload.locationId);
  });

  context.jobs.every(
    'push-stock',
    PUSH_EVERY_MS,
    async (job) => {
      await pushWantedStock(job, job.now);
    },
    { timeLimitMs: 20_000 },
  );

  context.jobs.every(
    'reconcile-stock',
    RECONCILE_TICK_MS,
    async (job) => {
      let runId = await runningReconciliation(job.tx);
      if (!runId && (await reconciliationDue(job.tx, job.now))) runId = await startReconciliation(job.tx, 'schedule');
      if (runId) await advanceReconciliation(job, runId, RECONCILE_CHUNK_MS);
    },
    { timeLimitMs: 30_000 },
  );
}
