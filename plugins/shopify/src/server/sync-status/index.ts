import { conflict, notFound, Nullable, Type, Uuid, type ServerPluginContext } from '@kits/plugin-sdk';
import { openAdminApi } from '../admin-api/index.ts';
import { readScan, retryCatalogFailure } from '../catalog/index.ts';
import { readConnection } from '../connection/connection-store.ts';
import { orderIntakeStatus } from '../orders/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { retryStockFailure } from '../stock/index.ts';
import {
  advanceReconciliation,
  lastReconciliation,
  reconciliationResult,
  startReconciliation,
  type ReconciliationResult,
} from '../stock/reconciliation.ts';
import { readStockSyncState } from '../stock/stock-sync-state.ts';
import { pendingStockCount } from '../stock/wanted-stock.ts';
import { openFailures, type FailureArea } from './failures.ts';
import { nameItems } from './item-names.ts';

export { recordFailure, resolveFailures, type FailureArea, type SyncFailure } from './failures.ts';

/** How long `POST /sync/reconcile` compares before it answers (a large catalog goes on in the job). */
const RECONCILE_BUDGET_MS = 8_000;

const Drift = Type.Object({
  variantId: Uuid,
  locationId: Uuid,
  shopify: Type.Integer({ description: 'What Shopify held' }),
  expected: Nullable(Type.Integer({ description: 'What KiTS thought Shopify held (null: nothing was known)' })),
  kits: Type.Integer({ description: "KiTS's quantity, which Shopify was set to" }),
  itemName: Type.Optional(Nullable(Type.String({ description: 'The KiTS item, as the office names it ("Ceramic Mug — Black")' }))),
  sku: Type.Optional(Nullable(Type.String())),
});

const Reconciliation = Type.Object({
  runId: Uuid,
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  trigger: Type.Union([Type.Literal('schedule'), Type.Literal('manual')]),
  startedAt: Type.String({ format: 'date-time' }),
  at: Nullable(Type.String({ format: 'date-time', description: 'When it finished' })),
  checked: Type.Integer({ description: 'Levels compared' }),
  repaired: Type.Array(Drift),
  error: Nullable(Type.String()),
});

const Failure = Type.Object({
  failureId: Uuid,
  area: Type.Union([Type.Literal('stock'), Type.Literal('catalog'), Type.Literal('orders'), Type.Literal('connection')]),
  target: Type.String(),
  message: Type.String({ description: "What failed, with Shopify's own message" }),
  shopifyCode: Nullable(Type.String()),
  attempts: Type.Integer(),
  failedAt: Type.String({ format: 'date-time' }),
  itemName: Type.Optional(
    Nullable(Type.String({ description: 'The KiTS item or product a stock or catalog failure is about, as the office names it' })),
  ),
});

const Status = Type.Object({
  connection: Type.Object({
    status: Type.Union([Type.Literal('not_connected'), Type.Literal('connected'), Type.Literal('disconnected')]),
    shopDomain: Nullable(Type.String()),
    connectedAt: Nullable(Type.String({ format: 'date-time' })),
    disconnectedReason: Nullable(Type.String()),
  }),
  lastStockPushAt: Nullable(Type.String({ format: 'date-time' })),
  pendingStock: Type.Integer({ description: 'Stock levels waiting to go to Shopify' }),
  stockPausedUntil: Nullable(
    Type.String({ format: 'date-time', description: 'Shopify throttled the push, or was out of reach: it resumes then' }),
  ),
  lastReconciliation: Nullable(Reconciliation),
  runningReconciliation: Nullable(Reconciliation),
  catalogScan: Type.Object(
    {
      state: Type.Union([Type.Literal('idle'), Type.Literal('reading'), Type.Literal('done'), Type.Literal('failed')]),
      variantsRead: Type.Integer(),
      startedAt: Nullable(Type.String({ format: 'date-time' })),
      finishedAt: Nullable(Type.String({ format: 'date-time' })),
      linked: Type.Integer({ description: 'Links the last match made' }),
      unmatched: Type.Integer(),
      ambiguous: Type.Integer(),
      error: Nullable(Type.String()),
    },
    { description: "The last reading of the store's catalog and its match (a large store is read over minutes, within Shopify's budget)" },
  ),
  lastOrderPollAt: Nullable(Type.String({ format: 'date-time' })),
  ordersWaiting: Type.Integer(),
  failures: Type.Array(Failure),
});

/**
 * The sync status the office shows — the connection, the last stock push and what waits, the
 * last reconciliation and what it repaired, the order intake, what failed with Shopify's message —
 * a retry per failure, and a reconciliation on demand.
 */
export function registerSyncStatus(context: ServerPluginContext<ShopifySettings>): void {
  const { routes } = context;

  routes.get('/sync/status', {
    permission: 'shopify:view',
    schema: {
      summary: 'The sync with Shopify: last push, what waits, the last reconciliation, what failed',
      tags: ['shopify'],
      response: { 200: Status },
    },
    handler: async ({ tx, services }) => {
      const connection = await readConnection(tx);
      const stock = await readStockSyncState(tx);
      const running = await tx.query<{ run_id: string }>(`select run_id from shopify.reconciliation_runs where state = 'running'`);
      const orders = await orderIntakeStatus(tx);
      // Ids become names for the office (what failed, what was repaired).
      const named = await nameItems(tx, services.use('catalog@1'), await openFailures(tx), [
        await lastReconciliation(tx),
        running[0] ? ((await reconciliationResult(tx, running[0].run_id)) ?? null) : null,
      ]);
      return {
        connection: {
          status: connection?.status ?? 'not_connected',
          shopDomain: connection?.shopDomain ?? null,
          connectedAt: connection?.connectedAt ?? null,
          disconnectedReason: connection?.disconnectedReason ?? null,
        },
        lastStockPushAt: stock.lastPushAt,
        pendingStock: await pendingStockCount(tx),
        stockPausedUntil: stock.pausedUntil && stock.pausedUntil > new Date() ? stock.pausedUntil.toISOString() : null,
        lastReconciliation: named.runs[0] ?? null,
        runningReconciliation: named.runs[1] ?? null,
        catalogScan: await readScan(tx),
        lastOrderPollAt: orders.lastOrderPollAt,
        ordersWaiting: orders.ordersWaiting,
        failures: named.failures,
      };
    },
  });

  routes.post('/sync/failures/:failureId/retry', {
    permission: 'shopify:manage',
    schema: {
      summary: 'Tries a failed sync again (its job takes it up at once)',
      tags: ['shopify'],
      params: Type.Object({ failureId: Uuid }),
      response: { 202: Type.Object({ failureId: Uuid, area: Type.String(), target: Type.String() }) },
    },
    handler: async ({ tx, params }, reply) => {
      const [failure] = await tx.query<{ area: FailureArea; target: string; resolved: boolean }>(
        'select area, target, resolved_at is not null as resolved from shopify.sync_failures where failure_id = $1',
        [params.failureId],
      );
      if (!failure)
        throw notFound('shopify.unknown_failure', `There is no sync failure ${params.failureId}.`, { failureId: params.failureId });
      if (failure.resolved)
        throw conflict('shopify.failure_resolved', 'This failure is resolved already: what failed went through since.', {
          failureId: params.failureId,
        });
      // Every area sees the request (the orders code takes up its own); stock and catalog act at once.
      await tx.query('update shopify.sync_failures set retry_requested_at = now() where failure_id = $1', [params.failureId]);
      if (failure.area === 'stock') await retryStockFailure(tx, failure.target);
      if (failure.area === 'catalog') await retryCatalogFailure(tx, failure.target);
      await tx.audit('shopify.sync.retry', { failureId: params.failureId, area: failure.area, target: failure.target });
      reply.status(202);
      return { failureId: params.failureId, area: failure.area, target: failure.target };
    },
  });

  routes.post('/sync/reconcile', {
    permission: 'shopify:manage',
    schema: {
      summary: "Compares every linked stock level with Shopify's now and repairs drift (a large catalog goes on in the background)",
      tags: ['shopify'],
      response: { 200: Reconciliation },
    },
    handler: async (request): Promise<ReconciliationResult> => {
      const { tx, settings } = request;
      if (!(await openAdminApi(tx, settings)))
        throw conflict('shopify.not_connected', 'No Shopify store is connected: connect it first on the Shopify page.');
      const runId = await startReconciliation(tx, 'manual');
      await advanceReconciliation(request, runId, RECONCILE_BUDGET_MS);
      await tx.audit('shopify.stock.reconcile', { runId });
      return (await reconciliationResult(tx, runId))!;
    },
  });
}
