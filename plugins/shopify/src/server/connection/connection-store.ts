import type { TenantTransaction } from '@kits/plugin-sdk';

/** The purpose the offline access token is sealed under (tx.secrets): a token sealed for another purpose does not open. */
export const ACCESS_TOKEN_PURPOSE = 'shopify.access-token';

/** The tenant's Shopify store as `shopify.connections` keeps it (the token stays sealed). */
export interface ConnectionRow {
  readonly shopDomain: string;
  readonly shopName: string | null;
  readonly mode: 'oauth' | 'token';
  readonly sealedToken: string | null;
  readonly scopes: readonly string[];
  readonly status: 'connected' | 'disconnected';
  readonly disconnectedReason: string | null;
  readonly connectedAt: string;
  readonly currency: string | null;
  readonly webhookCallbackUrl: string | null;
  readonly webhookTopics: readonly string[];
}

interface Row {
  shop_domain: string;
  shop_name: string | null;
  mode: 'oauth' | 'token';
  access_token: string | null;
  scopes: string[];
  status: 'connected' | 'disconnected';
  disconnected_reason: string | null;
  connected_at: Date | string;
  currency: string | null;
  webhook_callback_url: string | null;
  webhook_topics: string[];
}

export async function readConnection(tx: TenantTransaction): Promise<ConnectionRow | undefined> {
  const [row] = await tx.query<Row>(
    `select shop_domain, shop_name, mode, access_token, scopes, status, disconnected_reason, connected_at, currency,
            webhook_callback_url, webhook_topics
       from shopify.connections`,
  );
  if (!row) return undefined;
  return {
    shopDomain: row.shop_domain,
    shopName: row.shop_name,
    mode: row.mode,
    sealedToken: row.access_token,
    scopes: row.scopes,
    status: row.status,
    disconnectedReason: row.disconnected_reason,
    connectedAt: new Date(row.connected_at).toISOString(),
    currency: row.currency,
    webhookCallbackUrl: row.webhook_callback_url,
    webhookTopics: row.webhook_topics,
  };
}

/** A store connected (or connected again): the token sealed, what Shopify said of the shop. */
export async function saveConnection(
  tx: TenantTransaction,
  connection: {
    shopDomain: string;
    shopName: string;
    mode: 'oauth' | 'token';
    accessToken: string;
    scopes: readonly string[];
    currency: string;
  },
): Promise<void> {
  const sealed = tx.secrets.seal(ACCESS_TOKEN_PURPOSE, connection.accessToken);
  await tx.query(
    `insert into shopify.connections (tenant_id, shop_domain, shop_name, mode, access_token, scopes, status, connected_at, currency)
     values ($1, $2, $3, $4, $5, $6, 'connected', now(), $7)
     on conflict (tenant_id) do update
        set shop_domain = excluded.shop_domain, shop_name = excluded.shop_name, mode = excluded.mode,
            access_token = excluded.access_token, scopes = excluded.scopes, status = 'connected',
            disconnected_reason = null, disconnected_at = null, connected_at = now(), currency = excluded.currency,
            webhook_callback_url = null, webhook_topics = '{}'`,
    [tx.tenantId, connection.shopDomain, connection.shopName, connection.mode, sealed, connection.scopes, connection.currency],
  );
}

/** The webhook subscriptions made for the connection: where they point and which topics. */
export async function saveWebhookSubscriptions(tx: TenantTransaction, callbackUrl: string, topics: readonly string[]): Promise<void> {
  await tx.query('update shopify.connections set webhook_callback_url = $1, webhook_topics = $2', [callbackUrl, topics]);
}

/**
 * The store is no longer reachable by KiTS (the merchant disconnected, the app was uninstalled, the
 * token was refused): the token is forgotten, the reason kept for the office. Jobs stop calling
 * Shopify until the merchant connects again. Answers whether a connected store was disconnected.
 */
export async function disconnect(tx: TenantTransaction, reason: string): Promise<boolean> {
  const changed = await tx.query(
    `update shopify.connections
        set status = 'disconnected', access_token = null, disconnected_reason = $1, disconnected_at = now()
      where status = 'connected'
      returning 1`,
    [reason],
  );
  return changed.length > 0;
}
