import type { ServerPluginContext } from '@kits/plugin-sdk';
import { openAdminApi } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { runOrderIntake, takeInSafely } from './intake.ts';
import { ORDER_NOTICED, type OrderNoticed } from './order-queue.ts';
import { registerOrderRoutes } from './routes.ts';

export { orderIntakeStatus } from './order-queue.ts';

/** How often the intake job looks for orders due (polling itself asks Shopify once a minute). */
const INTAKE_TICK_MS = 5_000;
/** A run may take in a few dozen orders, each a Shopify call or two: more than a request's limit. */
const INTAKE_TIME_LIMIT_MS = 120_000;

/**
 * Shopify orders into KiTS: a webhook notes the order and publishes `shopify.order.noticed`; its
 * handler takes the order in right after (order(id:), then sales@1 / inventory@1). The intake job
 * polls Shopify every minute for orders updated since the last seen, feeding the same path, and
 * takes in orders whose earlier attempt failed once their backoff has passed.
 */
export function registerOrders(context: ServerPluginContext<ShopifySettings>): void {
  registerOrderRoutes(context.routes);
  context.events.subscribe<OrderNoticed>(ORDER_NOTICED, async (event, { tx, services, settings, log }) => {
    const api = await openAdminApi(tx, settings);
    if (api) await takeInSafely({ tx, services, settings, log }, api, event.payload.orderId);
  });
  context.jobs.every(
    'take-in-orders',
    INTAKE_TICK_MS,
    async ({ tx, services, settings, log }) => {
      await runOrderIntake({ tx, services, settings, log });
    },
    { timeLimitMs: INTAKE_TIME_LIMIT_MS },
  );
}
