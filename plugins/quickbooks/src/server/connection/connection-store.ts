import type { TenantTransaction } from '@kits/plugin-sdk';
import type { TokenSet } from '../qbo-api/tokens.ts';

/** The purposes the tokens are sealed under (tx.secrets): a token sealed for another purpose does not open. */
export const ACCESS_TOKEN_PURPOSE = 'quickbooks.access-token';
export const REFRESH_TOKEN_PURPOSE = 'quickbooks.refresh-token';

export type ConnectionStatus = 'connected' | 'reconnect_required' | 'disconnected';

/** The tenant's QuickBooks company as `quickbooks.connections` keeps it (tokens stay sealed). */
export interface ConnectionRow {
  readonly realmId: string;
  readonly companyName: string | null;
  readonly currency: string | null;
  readonly status: ConnectionStatus;
  readonly sealedAccessToken: string | null;
  readonly accessExpiresAt: Date | null;
  readonly sealedRefreshToken: string | null;
  readonly reason: string | null;
  readonly connectedAt: string;
  readonly refreshedAt: string | null;
}

interface Row {
  realm_id: string;
  company_name: string | null;
  currency: string | null;
  status: ConnectionStatus;
  access_token: string | null;
  access_expires_at: Date | string | null;
  refresh_token: string | null;
  reason: string | null;
  connected_at: Date | string;
  refreshed_at: Date | string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The connection, or undefined when QuickBooks was never connected; `forUpdate` locks it (a refresh holds it). */
export async function readConnection(tx: TenantTransaction, options: { forUpdate?: boolean } = {}): Promise<ConnectionRow | undefined> {
  const [row] = await tx.query<Row>(
    `select realm_id, company_name, currency, status, access_token, access_expires_at, refresh_token, reason, connected_at, refreshed_at
       from quickbooks.connections${options.forUpdate ? ' for update' : ''}`,
  );
  if (!row) return undefined;
  return {
    realmId: row.realm_id,
    companyName: row.company_name,
    currency: row.currency,
    status: row.status,
    sealedAccessToken: row.access_token,
    accessExpiresAt: row.access_expires_at === null ? null : new Date(row.access_expires_at),
    sealedRefreshToken: row.refresh_token,
    reason: row.reason,
    connectedAt: iso(row.connected_at)!,
    refreshedAt: iso(row.refreshed_at),
  };
}

/** A company connected (or connected again): both tokens sealed, what QuickBooks said of the company. */
export async function saveConnection(
  tx: TenantTransaction,
  connection: { realmId: string; companyName: string; currency: string | null; tokens: TokenSet },
): Promise<void> {
  const { tokens } = connection;
  await tx.query(
    `insert into quickbooks.connections
       (tenant_id, realm_id, company_name, currency, status, access_token, access_expires_at, refresh_token, refresh_expires_at,
        reason, connected_at, refreshed_at, disconnected_at)
     values ($1, $2, $3, $4, 'connected', $5, $6, $7, $8, null, now(), null, null)
     on conflict (tenant_id) do update
        set realm_id = excluded.realm_id, company_name = excluded.company_name, currency = excluded.currency, status = 'connected',
            access_token = excluded.access_token, access_expires_at = excluded.access_expires_at,
            refresh_token = excluded.refresh_token, refresh_expires_at = excluded.refresh_expires_at,
            reason = null, connected_at = now(), refreshed_at = null, disconnected_at = null`,
    [
      tx.tenantId,
      connection.realmId,
      connection.companyName,
      connection.currency,
      tx.secrets.seal(ACCESS_TOKEN_PURPOSE, tokens.accessToken),
      tokens.accessExpiresAt,
      tx.secrets.seal(REFRESH_TOKEN_PURPOSE, tokens.refreshToken),
      tokens.refreshExpiresAt,
    ],
  );
}

/** A refresh's answer: the new access token and the rotated refresh token (the old one no longer works). */
export async function saveRefreshedTokens(tx: TenantTransaction, tokens: TokenSet): Promise<void> {
  await tx.query(
    `update quickbooks.connections
        set access_token = $1, access_expires_at = $2, refresh_token = $3, refresh_expires_at = coalesce($4, refresh_expires_at),
            refreshed_at = now()
      where status = 'connected'`,
    [
      tx.secrets.seal(ACCESS_TOKEN_PURPOSE, tokens.accessToken),
      tokens.accessExpiresAt,
      tx.secrets.seal(REFRESH_TOKEN_PURPOSE, tokens.refreshToken),
      tokens.refreshExpiresAt,
    ],
  );
}

/**
 * The connection is lost (a refresh Intuit refused, the merchant disconnected): the tokens are
 * forgotten, `reason` kept for the office. Answers whether a connected company changed status.
 */
export async function loseConnection(
  tx: TenantTransaction,
  status: Exclude<ConnectionStatus, 'connected'>,
  reason: string,
): Promise<boolean> {
  const changed = await tx.query(
    `update quickbooks.connections
        set status = $1, access_token = null, access_expires_at = null, refresh_token = null, refresh_expires_at = null,
            reason = $2, disconnected_at = now()
      where status = 'connected'
      returning 1`,
    [status, reason],
  );
  return changed.length > 0;
}
