import { DomainError } from '@kits/plugin-sdk';

/**
 * What Shopify's Admin API answered instead of data. Each is a DomainError, so one that escapes a
 * route is a problem+json the office can show (with Shopify's own message); jobs and handlers
 * catch them to reschedule or record a sync failure.
 */

/** Shopify's cost budget is spent (THROTTLED, or the budget known before the call is too short): call again after `retryAfterMs`. */
export class ShopifyThrottledError extends DomainError {
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, detail = 'Shopify asks KiTS to slow down (its API cost budget is spent).') {
    super('shopify.throttled', 503, `${detail} Try again in ${Math.ceil(retryAfterMs / 1000)} s.`, { retryAfterMs });
    this.name = 'ShopifyThrottledError';
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Shopify refused the access token (401, or 403 for a token without a scope the call needs): the
 * app was uninstalled, the token revoked or the custom app's token rotated. `openAdminApi`'s
 * `graphql` has already marked the connection disconnected (with this message as the reason) in
 * the caller's transaction when it throws this — keep that write: catch it rather than rolling back.
 */
export class ShopifyAuthError extends DomainError {
  readonly httpStatus: number;
  readonly shopifyMessage: string;

  constructor(httpStatus: number, shopifyMessage: string) {
    super(
      'shopify.token_refused',
      502,
      `Shopify refused KiTS's access token (${httpStatus}: ${shopifyMessage}). Connect the store again on the Shopify page.`,
      { shopifyStatus: httpStatus, shopifyMessage },
    );
    this.name = 'ShopifyAuthError';
    this.httpStatus = httpStatus;
    this.shopifyMessage = shopifyMessage;
  }
}

/** One of Shopify's `userErrors` of a mutation (`code` is set on the mutations that have one, like COMPARE_QUANTITY_STALE). */
export interface ShopifyUserError {
  readonly field?: readonly string[] | null;
  readonly message: string;
  readonly code?: string | null;
}

/** A mutation answered with `userErrors`: Shopify changed nothing. */
export class ShopifyUserErrors extends DomainError {
  readonly userErrors: readonly ShopifyUserError[];
  readonly operation: string;

  constructor(operation: string, userErrors: readonly ShopifyUserError[]) {
    super('shopify.refused', 422, `Shopify refused ${operation}: ${userErrors.map((e) => e.message).join('; ')}`, {
      operation,
      userErrors,
      shopifyCode: userErrors.find((e) => e.code)?.code ?? null,
    });
    this.name = 'ShopifyUserErrors';
    this.userErrors = userErrors;
    this.operation = operation;
  }
}

/**
 * Any other failure: Shopify unreachable, a 5xx, a GraphQL error (a query Shopify does not accept),
 * a store that is frozen or gone. `retryable` says whether asking again later may succeed.
 */
export class ShopifyRequestError extends DomainError {
  readonly retryable: boolean;
  readonly shopifyCode: string | null;

  constructor(detail: string, options: { retryable: boolean; shopifyCode?: string | null; httpStatus?: number }) {
    super('shopify.request_failed', 502, detail, {
      retryable: options.retryable,
      shopifyCode: options.shopifyCode ?? null,
      ...(options.httpStatus !== undefined ? { shopifyStatus: options.httpStatus } : {}),
    });
    this.name = 'ShopifyRequestError';
    this.retryable = options.retryable;
    this.shopifyCode = options.shopifyCode ?? null;
  }
}

/** Shopify's message and code of any error the admin API throws, for a sync failure row. */
export function shopifySays(error: unknown): { message: string; code: string | null } {
  if (error instanceof ShopifyUserErrors) return { message: error.message, code: error.userErrors.find((e) => e.code)?.code ?? null };
  if (error instanceof ShopifyAuthError) return { message: error.message, code: String(error.httpStatus) };
  if (error instanceof ShopifyThrottledError) return { message: error.message, code: 'THROTTLED' };
  if (error instanceof ShopifyRequestError) return { message: error.message, code: error.shopifyCode };
  if (error instanceof DomainError) return { message: error.message, code: error.code };
  return { message: error instanceof Error ? error.message : String(error), code: null };
}
