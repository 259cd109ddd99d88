import { createHash } from 'node:crypto';
import Shopify from 'shopify-api-node';
import { SHOPIFY_API_VERSION } from '../../shared/api-version.ts';

/** How long one Admin API call may take before it counts as failed (a job or webhook handler waits on it). */
const TIMEOUT_MS = 15_000;

export interface ShopifyClientOptions {
  /** The store's permanent domain, `<shop>.myshopify.com`. */
  readonly shopDomain: string;
  readonly accessToken: string;
  /** Where the store's Admin API is reached instead of `https://<shopDomain>` (a proxy, a test double); production leaves it out. */
  readonly apiBase?: string;
}

/** One client per (shop, token, API base): a client keeps the cost budget Shopify last reported, which every call of the shop shares. */
const clients = new Map<string, Shopify>();

/**
 * The official client (`shopify-api-node`) for a store, GraphQL only. It has no base-URL option:
 * its public `baseUrl` field is set from `apiBase`. No automatic retries: the caller decides
 * (a throttled call is rescheduled, not retried in a loop inside a transaction).
 */
export function createShopifyClient(options: ShopifyClientOptions): Shopify {
  const key = createHash('sha256')
    .update(`${options.shopDomain}\u0000${options.accessToken}\u0000${options.apiBase ?? ''}`)
    .digest('base64url');
  let client = clients.get(key);
  if (!client) {
    client = new Shopify({
      shopName: options.shopDomain,
      accessToken: options.accessToken,
      apiVersion: SHOPIFY_API_VERSION,
      timeout: TIMEOUT_MS,
      maxRetries: 0,
    });
    if (options.apiBase) {
      const base = new URL(options.apiBase);
      (client as unknown as { baseUrl: Record<string, unknown> }).baseUrl = {
        protocol: base.protocol,
        hostname: base.hostname,
        ...(base.port ? { port: Number(base.port) } : {}),
      };
    }
    clients.set(key, client);
  }
  return client;
}

/** Where the store's OAuth and Admin endpoints are: `apiBase` when set, else the store itself. */
export function shopOrigin(shopDomain: string, apiBase: string | undefined): string {
  return apiBase ? new URL(apiBase).origin : `https://${shopDomain}`;
}
