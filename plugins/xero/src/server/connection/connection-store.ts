import type { TenantTransaction } from '@kits/plugin-sdk';

/** The purposes Xero's tokens are sealed under (tx.secrets): a value sealed for another purpose does not open. */
export const ACCESS_TOKEN_PURPOSE = 'xero.access-token';
export const REFRESH_TOKEN_PURPOSE = 'xero.refresh-token';

export type ConnectionStatus = 'connected' | 'reconnect_required' | 'disconnected';

/** The tenant's Xero organisation as `xero.connections` keeps it (tokens still sealed). */
export interface ConnectionRow {
  readonly status: ConnectionStatus;
  readonly xeroTenantId: string;
  readonly organisationName: string;
  readonly baseCurrency: string;
  readonly shortCode: string | null;
  readonly sealedAccessToken: string | null;
  readonly sealedRefreshToken: string | null;
  readonly accessExpiresAt: Date | null;
  readonly reason: string | null;
  readonly connectedAt: string;
  readonly salesContactId: string | null;
}

interface Row {
  status: ConnectionStatus;
  xero_tenant_id: string;
  organisation_name: string;
  base_currency: string;
  short_code: string | null;
  access_token: string | null;
  refresh_token: string | null;
  access_expires_at: Date | string | null;
  reason: string | null;
  connected_at: Date | string;
  sales_contact_id: string | null;
}

/**
 * The connection row; `forUpdate` locks it, so two transactions that both find the access token
 * expired refresh it one after the other (the second sees the first's rotated refresh token).
 */
export async function readConnection(tx: TenantTransaction, options: { forUpdate?: boolean } = {}): Promise<ConnectionRow | undefined> {
  const [row] = await tx.query<Row>(
    `select status, xero_tenant_id, organisation_name, base_currency, short_code, access_token, refresh_token,
            access_expires_at, reason, connected_at, sales_contact_id
       from xero.connections${options.forUpdate ? ' for update' : ''}`,
  );
  if (!row) return undefined;
  return {
    status: row.status,
    xeroTenantId: row.xero_tenant_id,
    organisationName: row.organisation_name,
    baseCurrency: row.base_currency,
    shortCode: row.short_code,
    sealedAccessToken: row.access_token,
    sealedRefreshToken: row.refresh_token,
    accessExpiresAt: row.access_expires_at === null ? null : new Date(row.access_expires_at),
    reason: row.reason,
    connectedAt: new Date(row.connected_at).toISOString(),
    salesContactId: row.sales_contact_id,
  };
}

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires (Xero's `expires_in` after it was issued). */
  readonly expiresAt: Date;
}

/** An organisation connected (or connected again): tokens sealed, what Xero said of the organisation. */
export async function saveConnection(
  tx: TenantTransaction,
  connection: {
    xeroTenantId: string;
    organisationName: string;
    baseCurrency: string;
    shortCode: string | null;
    tokens: TokenPair;
    connectedBy: string;
  },
): Promise<void> {
  const { tokens } = connection;
  await tx.query(
    `insert into xero.connections (tenant_id, status, xero_tenant_id, organisation_name, base_currency, short_code,
                                   access_token, refresh_token, access_expires_at, connected_by, connected_at, refreshed_at)
     values ($1, 'connected', $2, $3, $4, $5, $6, $7, $8, $9, now(), now())
     on conflict (tenant_id) do update
        set status = 'connected', xero_tenant_id = excluded.xero_tenant_id, organisation_name = excluded.organisation_name,
            base_currency = excluded.base_currency, short_code = excluded.short_code, access_token = excluded.access_token,
            refresh_token = excluded.refresh_token, access_expires_at = excluded.access_expires_at, reason = null,
            connected_by = excluded.connected_by, connected_at = now(), refreshed_at = now(),
            -- Another organisation has its own contacts.
            sales_contact_id = case when xero.connections.xero_tenant_id = excluded.xero_tenant_id
                                    then xero.connections.sales_contact_id end`,
    [
      tx.tenantId,
      connection.xeroTenantId,
      connection.organisationName,
      connection.baseCurrency,
      connection.shortCode,
      tx.secrets.seal(ACCESS_TOKEN_PURPOSE, tokens.accessToken),
      tx.secrets.seal(REFRESH_TOKEN_PURPOSE, tokens.refreshToken),
      tokens.expiresAt,
      connection.connectedBy,
    ],
  );
}

/** A refresh gave a new pair: Xero's refresh tokens rotate, so the new one replaces the old at once. */
export async function saveRefreshedTokens(tx: TenantTransaction, tokens: TokenPair): Promise<void> {
  await tx.query(
    `update xero.connections set access_token = $1, refresh_token = $2, access_expires_at = $3, refreshed_at = now()
      where status = 'connected'`,
    [
      tx.secrets.seal(ACCESS_TOKEN_PURPOSE, tokens.accessToken),
      tx.secrets.seal(REFRESH_TOKEN_PURPOSE, tokens.refreshToken),
      tokens.expiresAt,
    ],
  );
}

/**
 * Xero refused the refresh (revoked, expired after 60 days unused, the app's secret changed): the
 * tokens are forgotten and the merchant asked to connect again; the organisation stays named so
 * the office says which one.
 */
export async function requireReconnect(tx: TenantTransaction, reason: string): Promise<void> {
  await tx.query(
    `update xero.connections
        set status = 'reconnect_required', access_token = null, refresh_token = null, access_expires_at = null, reason = $1
      where status = 'connected'`,
    [reason],
  );
}

/** The merchant disconnected: the tokens are forgotten. Answers whether there was a connection to end. */
export async function disconnect(tx: TenantTransaction, reason: string): Promise<boolean> {
  const changed = await tx.query(
    `update xero.connections
        set status = 'disconnected', access_token = null, refresh_token = null, access_expires_at = null, reason = $1
      where status <> 'disconnected'
      returning 1`,
    [reason],
  );
  return changed.length > 0;
}

export async function saveSalesContact(tx: TenantTransaction, contactId: string): Promise<void> {
  await tx.query('update xero.connections set sales_contact_id = $1', [contactId]);
}
