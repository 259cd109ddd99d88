import type { ServerPluginContext } from '@kits/plugin-sdk';
import { registerLocationRoutes } from '../locations/index.ts';
import { openAdminApi } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { receiveShopifyWebhook } from '../webhooks/receive.ts';
import { registerConnectionRoutes } from './routes.ts';
import { retrySubscriptions } from './webhook-subscriptions.ts';

export { webhookPath } from './webhook-subscriptions.ts';
export { readConnection, type ConnectionRow } from './connection-store.ts';

/** The largest webhook body taken: an order with hundreds of lines is well below it. */
const WEBHOOK_BODY_LIMIT = 2 * 1024 * 1024;
/** How often the office's retries of webhook subscriptions are looked for. */
const RETRY_TICK_MS = 10_000;

/**
 * The store connection (OAuth install or a custom app's token, disconnect, the uninstall webhook),
 * the location map, and the one webhook endpoint Shopify's deliveries arrive at.
 */
export function registerConnection(context: ServerPluginContext<ShopifySettings>): void {
  registerConnectionRoutes(context.routes);
  registerLocationRoutes(context.routes);
  context.webhooks.receive('events', { bodyLimit: WEBHOOK_BODY_LIMIT, handler: receiveShopifyWebhook });
  // A webhook subscription Shopify refused on connecting, retried from the sync status page.
  context.jobs.every('retry-webhook-subscriptions', RETRY_TICK_MS, async ({ tx, settings }) => {
    const api = await openAdminApi(tx, settings);
    if (api) await retrySubscriptions(tx, api);
  });
}
