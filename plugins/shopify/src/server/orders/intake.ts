import { markTokenRefused, openAdminApi, ShopifyAuthError, ShopifyThrottledError, shopifySays, type AdminApi } from '../admin-api/index.ts';
import type { IntakeScope } from './intake-scope.ts';
import { pollOrders } from './order-polls.ts';
import { dueOrders, postponeOrder, retryRequestedOrders } from './order-queue.ts';
import { recordFailure, resolveFailures } from '../sync-status/failures.ts';
import { takeInOrder, type TakeInOutcome } from './take-in.ts';

/** Orders taken in per run of the intake job: the rest wait for the next run, seconds later. */
const ORDERS_PER_RUN = 10;

/**
 * Takes one order in, in a savepoint: when it fails, what it did is undone, the order is tried
 * again after a backoff (Shopify's wait when it throttled) and the failure is kept with Shopify's
 * message for the office. A refused token disconnects the store (kept, outside the savepoint) and
 * stops further calls. Answers the outcome, or why it failed: `token_refused`, `throttled` (stop
 * calling Shopify for now) or `failed`.
 */
export async function takeInSafely(
  scope: IntakeScope,
  api: AdminApi,
  orderId: string,
): Promise<TakeInOutcome | 'failed' | 'throttled' | 'token_refused'> {
  const { tx } = scope;
  try {
    const outcome = await tx.savepoint(() => takeInOrder(scope, api, orderId));
    await resolveFailures(tx, 'orders', [orderId]);
    return outcome;
  } catch (error) {
    if (error instanceof ShopifyAuthError) await markTokenRefused(tx, error);
    const said = shopifySays(error);
    const [row] = await tx.query<{ order_name: string | null }>('select order_name from shopify.orders where order_id = $1', [orderId]);
    const attempts = await postponeOrder(
      tx,
      orderId,
      said.message,
      error instanceof ShopifyThrottledError ? error.retryAfterMs : undefined,
    );
    await recordFailure(tx, {
      area: 'orders',
      target: orderId,
      message: `${row?.order_name ?? orderId}: ${said.message}`,
      shopifyCode: said.code,
    });
    scope.log.warn({ orderId, attempts, err: said.message }, 'Shopify order not taken in; will try again');
    if (error instanceof ShopifyAuthError) return 'token_refused';
    return error instanceof ShopifyThrottledError ? 'throttled' : 'failed';
  }
}

/**
 * The intake's run for a tenant (the job, every few seconds): orders whose retry the office asked
 * for, then polling when a minute has passed, then the orders due — until Shopify refuses the token
 * or throttles (the rest wait for the next run).
 */
export async function runOrderIntake(
  scope: IntakeScope,
  options: { forcePoll?: boolean } = {},
): Promise<{ polled: number | undefined; taken: number }> {
  const { tx } = scope;
  const api = await openAdminApi(tx, scope.settings);
  if (!api) return { polled: undefined, taken: 0 };
  await retryRequestedOrders(tx);
  let polled: number | undefined;
  try {
    polled = await tx.savepoint(() => pollOrders(tx, api, { force: options.forcePoll ?? false }));
    if (polled !== undefined) {
      await resolveFailures(tx, 'orders', ['polling']);
      // Shopify retries a delivery for 48 hours at most: older webhook ids are never seen again.
      await tx.query(`delete from shopify.webhook_deliveries where received_at < now() - interval '7 days'`);
    }
  } catch (error) {
    if (error instanceof ShopifyAuthError) {
      await markTokenRefused(tx, error);
      return { polled: undefined, taken: 0 };
    }
    const said = shopifySays(error);
    await recordFailure(tx, {
      area: 'orders',
      target: 'polling',
      message: `Checking Shopify for orders: ${said.message}`,
      shopifyCode: said.code,
    });
    if (error instanceof ShopifyThrottledError) return { polled: undefined, taken: 0 };
  }
  let taken = 0;
  for (const orderId of await dueOrders(tx, ORDERS_PER_RUN)) {
    const outcome = await takeInSafely(scope, api, orderId);
    if (outcome === 'token_refused' || outcome === 'throttled') break;
    if (outcome !== 'failed') taken += 1;
  }
  return { polled, taken };
}
