import type Shopify from 'shopify-api-node';
import { expectedCost, noteBudget, reserveCost, throttledWait, waitFor } from './budget.ts';
import { ShopifyAuthError, ShopifyRequestError, ShopifyThrottledError, ShopifyUserErrors, type ShopifyUserError } from './errors.ts';

export interface AdminCallOptions {
  /** The query's expected cost in points; by default what the same document cost last time. */
  readonly expectedCost?: number;
  /**
   * How long the call may wait for Shopify's budget to refill before it is refused with
   * ShopifyThrottledError (the caller reschedules): 2 s by default, fit for a request or handler.
   */
  readonly maxWaitMs?: number;
}

const DEFAULT_MAX_WAIT_MS = 2_000;

/** The parts of `got`'s errors (what shopify-api-node throws) this module reads. */
interface GotLikeError {
  readonly message: string;
  readonly code?: string;
  readonly response?: { readonly statusCode?: number; readonly body?: unknown; readonly headers?: Record<string, unknown> };
}

/**
 * One Admin GraphQL call through the official client, within the store's cost budget: it waits
 * (bounded) for the budget when too little is left, and turns what Shopify answers instead of data
 * into typed errors — THROTTLED → ShopifyThrottledError (with the wait), 401/403 →
 * ShopifyAuthError, a mutation's non-empty `userErrors` → ShopifyUserErrors, anything else →
 * ShopifyRequestError with Shopify's message.
 */
export async function adminGraphql<T>(
  client: Shopify,
  document: string,
  variables: Record<string, unknown> = {},
  options: AdminCallOptions = {},
): Promise<T> {
  const cost = options.expectedCost ?? expectedCost(client, document);
  const wait = waitFor(client, cost);
  if (wait > (options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS)) throw new ShopifyThrottledError(wait);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  // Another call may have taken the points while this one waited: wait again rather than be THROTTLED.
  const still = waitFor(client, cost);
  if (still > 0) throw new ShopifyThrottledError(still);
  reserveCost(client, cost);
  let data: T;
  try {
    data = (await client.graphql(document, variables)) as T;
  } catch (error) {
    noteBudget(client, document);
    throw shopifyErrorOf(client, error);
  }
  noteBudget(client, document);
  const refused = userErrorsIn(data);
  if (refused) throw new ShopifyUserErrors(refused.operation, refused.userErrors);
  return data;
}

/** The typed error for what the client threw. */
function shopifyErrorOf(client: Shopify, thrown: unknown): Error {
  const error = thrown as GotLikeError;
  const status = error.response?.statusCode;
  const body = error.response?.body as { errors?: unknown } | undefined;
  const firstError = Array.isArray(body?.errors) ? (body.errors[0] as { message?: string; extensions?: { code?: string } }) : undefined;
  const shopifyCode = firstError?.extensions?.code ?? null;
  // shopify-api-node throws a plain Error(message) for a 200 with `errors`: the code is on the response when it kept it.
  if (shopifyCode === 'THROTTLED' || (status === 200 && error.message === 'Throttled'))
    return new ShopifyThrottledError(throttledWait(client));
  if (status === 429) {
    const retryAfter = Number(error.response?.headers?.['retry-after']);
    return new ShopifyThrottledError(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 2_000);
  }
  if (status === 401 || status === 403) return new ShopifyAuthError(status, messageOf(body) ?? error.message);
  if (status !== undefined && status !== 200) {
    const retryable = status >= 500 || status === 408;
    return new ShopifyRequestError(`Shopify answered ${status}: ${messageOf(body) ?? error.message}`, {
      retryable,
      httpStatus: status,
      shopifyCode,
    });
  }
  if (status === 200) return new ShopifyRequestError(`Shopify refused the query: ${error.message}`, { retryable: false, shopifyCode });
  return new ShopifyRequestError(`Shopify could not be reached: ${error.message}`, { retryable: true, shopifyCode: error.code ?? null });
}

/** Shopify's own words from an error body (`{ errors: "…" }` or `{ errors: [{ message }] }`). */
function messageOf(body: { errors?: unknown } | undefined): string | undefined {
  if (!body) return undefined;
  if (typeof body.errors === 'string') return body.errors;
  if (Array.isArray(body.errors)) return (body.errors as Array<{ message?: string }>).map((e) => e.message).join('; ');
  if (body.errors && typeof body.errors === 'object') return JSON.stringify(body.errors);
  return undefined;
}

/** The first top-level payload (a mutation's) whose `userErrors` is not empty. */
function userErrorsIn(data: unknown): { operation: string; userErrors: ShopifyUserError[] } | undefined {
  if (!data || typeof data !== 'object') return undefined;
  for (const [operation, payload] of Object.entries(data as Record<string, unknown>)) {
    const userErrors = (payload as { userErrors?: unknown } | null)?.userErrors;
    if (Array.isArray(userErrors) && userErrors.length > 0) return { operation, userErrors: userErrors as ShopifyUserError[] };
  }
  return undefined;
}
