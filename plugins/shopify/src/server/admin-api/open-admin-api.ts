import type { TenantTransaction } from '@kits/plugin-sdk';
import { ACCESS_TOKEN_PURPOSE, disconnect, readConnection } from '../connection/connection-store.ts';
import type { ShopifySettings } from '../settings.ts';
import { createShopifyClient } from './client.ts';
import { ShopifyAuthError } from './errors.ts';
import { adminGraphql, type AdminCallOptions } from './graphql.ts';

/** The tenant's connected store, ready for Admin GraphQL calls. */
export interface AdminApi {
  readonly shopDomain: string;
  /** The shop's currency as Shopify answered it on connecting (ISO 4217), when known. */
  readonly currency: string | null;
  /** One Admin GraphQL call (see adminGraphql); a refused token disconnects the store in `tx` before it throws ShopifyAuthError. */
  graphql<T>(document: string, variables?: Record<string, unknown>, options?: AdminCallOptions): Promise<T>;
}

/**
 * The tenant's store, from its connection row and the sealed token; undefined when no store is
 * connected (never connected, disconnected, or a token the kernel's key no longer opens — the
 * store is then marked disconnected so the office says to connect again).
 */
export async function openAdminApi(tx: TenantTransaction, settings: ShopifySettings): Promise<AdminApi | undefined> {
  const connection = await readConnection(tx);
  if (!connection || connection.status !== 'connected' || !connection.sealedToken) return undefined;
  const accessToken = tx.secrets.open(ACCESS_TOKEN_PURPOSE, connection.sealedToken);
  if (accessToken === undefined) {
    await disconnect(tx, 'KiTS can no longer open the stored access token (its key was replaced): connect the store again.');
    return undefined;
  }
  const client = createShopifyClient({
    shopDomain: connection.shopDomain,
    accessToken,
    ...(settings.apiBase ? { apiBase: settings.apiBase } : {}),
  });
  return {
    shopDomain: connection.shopDomain,
    currency: connection.currency,
    async graphql<T>(document: string, variables: Record<string, unknown> = {}, options: AdminCallOptions = {}): Promise<T> {
      try {
        return await adminGraphql<T>(client, document, variables, options);
      } catch (error) {
        if (error instanceof ShopifyAuthError) await markTokenRefused(tx, error);
        throw error;
      }
    },
  };
}

/**
 * Records that Shopify refused the token: the connection is disconnected with Shopify's words as
 * the reason the office shows. Idempotent: a caller whose savepoint undid the first write calls it
 * again outside the savepoint.
 */
export async function markTokenRefused(tx: TenantTransaction, error: ShopifyAuthError): Promise<void> {
  await disconnect(
    tx,
    `Shopify refused the access token (${error.httpStatus}: ${error.shopifyMessage}) — the app was uninstalled or the token revoked. Connect the store again.`,
  );
}
