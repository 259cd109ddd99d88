import { AccountingNotConnectedError, DomainError, type TenantTransaction } from '@kits/plugin-sdk';
import { QboClient } from '../qbo-api/client.ts';
import { QboTokenRefused } from '../qbo-api/errors.ts';
import { refreshTokens } from '../qbo-api/tokens.ts';
import { endpointsOf, type QuickBooksSettings } from '../settings.ts';
import { appCredentials, tokenEndpoint } from './app-credentials.ts';
import {
  ACCESS_TOKEN_PURPOSE,
  loseConnection,
  readConnection,
  REFRESH_TOKEN_PURPOSE,
  saveRefreshedTokens,
  type ConnectionRow,
} from './connection-store.ts';

/** An access token this close to its end is renewed before use rather than sent to fail. */
const RENEW_BEFORE_MS = 60_000;

/** What the merchant is told when nothing is connected. */
export const NOT_CONNECTED = 'QuickBooks is not connected: connect your company on the QuickBooks page of the back office.';

/** The connected company and a client of it, for one transaction. */
export interface CompanySession {
  readonly connection: ConnectionRow;
  readonly client: QboClient;
}

/**
 * The tenant's company, ready to call: the access token opened (renewed when it is about to end, or
 * once after a 401). A refresh Intuit refuses loses the connection (`reconnect_required`, with
 * Intuit's words) and throws `AccountingNotConnectedError`; so does a company that is not connected.
 */
export async function openCompany(tx: TenantTransaction, settings: QuickBooksSettings): Promise<CompanySession> {
  const connection = await readConnection(tx);
  if (!connection || connection.status !== 'connected') throw new AccountingNotConnectedError(connection?.reason ?? NOT_CONNECTED);
  const access = connection.sealedAccessToken && tx.secrets.open(ACCESS_TOKEN_PURPOSE, connection.sealedAccessToken);
  if (!access) return lose(tx, 'The stored QuickBooks token can no longer be opened (the server key changed). Connect QuickBooks again.');
  appCredentials(settings);
  let token = access;
  let expiresAt = connection.accessExpiresAt;
  const renew = async () => {
    ({ token, expiresAt } = await renewTokens(tx, settings, token));
    return token;
  };
  const { apiBase, timeoutMs } = endpointsOf(settings);
  const client = new QboClient({
    apiBase,
    realmId: connection.realmId,
    timeoutMs,
    auth: {
      current: async () => (expiresAt && expiresAt.getTime() - Date.now() < RENEW_BEFORE_MS ? renew() : token),
      renew,
    },
  });
  return { connection, client };
}

/**
 * Refreshes the tokens and stores the rotated refresh token at once. The connection row is locked
 * first: a transaction that waited on another one's refresh takes the token that one stored instead of
 * sending a refresh token Intuit has already rotated away (which Intuit refuses).
 */
export async function renewTokens(
  tx: TenantTransaction,
  settings: QuickBooksSettings,
  accessTokenInHand: string | null,
): Promise<{ token: string; expiresAt: Date | null }> {
  if (await readOnly(tx))
    // A refresh here would rotate the refresh token without storing the new one: the connection would be lost.
    throw new DomainError(
      'quickbooks.token_renewing',
      503,
      'The QuickBooks access token is due for renewal, which this read-only request cannot store; KiTS renews it within five minutes. Try again shortly.',
    );
  const locked = await readConnection(tx, { forUpdate: true });
  if (!locked || locked.status !== 'connected') throw new AccountingNotConnectedError(locked?.reason ?? NOT_CONNECTED);
  const stored = locked.sealedAccessToken && tx.secrets.open(ACCESS_TOKEN_PURPOSE, locked.sealedAccessToken);
  if (stored && stored !== accessTokenInHand && locked.accessExpiresAt && locked.accessExpiresAt.getTime() - Date.now() > RENEW_BEFORE_MS)
    return { token: stored, expiresAt: locked.accessExpiresAt };
  const refresh = locked.sealedRefreshToken && tx.secrets.open(REFRESH_TOKEN_PURPOSE, locked.sealedRefreshToken);
  if (!refresh) return lose(tx, 'The stored QuickBooks token can no longer be opened (the server key changed). Connect QuickBooks again.');
  try {
    const tokens = await refreshTokens(tokenEndpoint(settings), refresh);
    await saveRefreshedTokens(tx, tokens);
    return { token: tokens.accessToken, expiresAt: tokens.accessExpiresAt };
  } catch (error) {
    if (error instanceof QboTokenRefused) return lose(tx, `QuickBooks refused to renew the connection: ${error.intuitSays}`);
    throw error;
  }
}

async function lose(tx: TenantTransaction, reason: string): Promise<never> {
  if (await readOnly(tx)) throw new AccountingNotConnectedError(reason);
  await loseConnection(tx, 'reconnect_required', reason);
  await tx.audit('quickbooks.reconnect_required', { reason });
  throw new AccountingNotConnectedError(reason);
}

async function readOnly(tx: TenantTransaction): Promise<boolean> {
  const [row] = await tx.query<{ transaction_read_only: string }>('show transaction_read_only');
  return row?.transaction_read_only === 'on';
}
