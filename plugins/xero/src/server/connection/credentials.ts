import { AccountingNotConnectedError, DomainError, type TenantTransaction } from '@kits/plugin-sdk';
import { ACCESS_TOKEN_PURPOSE, REFRESH_TOKEN_PURPOSE, type ConnectionRow } from './connection-store.ts';
import type { AppCredentials } from './identity.ts';
import type { XeroSettings } from '../settings.ts';

/** The Xero app's client id and secret from the settings, or a 409 naming what to fill in. */
export function appCredentials(settings: XeroSettings): AppCredentials {
  if (!settings.clientId || !settings.clientSecret)
    throw new DomainError(
      'xero.app_not_configured',
      409,
      'The Xero app is not set up: fill in the clientId and clientSecret settings of the Xero plugin (developer.xero.com → My Apps → your app → Configuration).',
      { settings: ['clientId', 'clientSecret'] },
    );
  return { clientId: settings.clientId, clientSecret: settings.clientSecret };
}

/** The connection's tokens opened; a token that no longer opens (kernel key replaced) asks for a reconnect. */
export function openTokens(tx: TenantTransaction, connection: ConnectionRow): { accessToken: string; refreshToken: string } {
  const accessToken = connection.sealedAccessToken ? tx.secrets.open(ACCESS_TOKEN_PURPOSE, connection.sealedAccessToken) : undefined;
  const refreshToken = connection.sealedRefreshToken ? tx.secrets.open(REFRESH_TOKEN_PURPOSE, connection.sealedRefreshToken) : undefined;
  if (!accessToken || !refreshToken)
    throw new AccountingNotConnectedError("KiTS can no longer read the stored Xero tokens (the server's key changed): connect Xero again.");
  return { accessToken, refreshToken };
}
