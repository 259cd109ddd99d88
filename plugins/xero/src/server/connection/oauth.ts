import { randomBytes } from 'node:crypto';
import { badRequest, DomainError, type TenantTransaction } from '@kits/plugin-sdk';
import { endpoints, type XeroSettings } from '../settings.ts';
import { readOrganisation } from '../accounting-api/organisation.ts';
import { saveConnection } from './connection-store.ts';
import { appCredentials } from './credentials.ts';
import { approvedOrganisation, exchangeCode, listConnections, XeroGrantRefused, XeroIdentityUnavailable } from './identity.ts';

/** What KiTS asks the merchant to allow: post journals, invoices and payments, read the chart and tax rates, stay connected. */
export const OAUTH_SCOPES = ['openid', 'profile', 'email', 'accounting.transactions', 'accounting.settings', 'offline_access'] as const;

/** How long the merchant may take between starting and Xero's redirect back. */
const STATE_MINUTES = 10;

/** Starts connecting: a random state bound to the tenant and user, kept 10 minutes, and Xero's consent URL. */
export async function startOAuth(
  tx: TenantTransaction,
  settings: XeroSettings,
  request: { redirectUri: string; userId: string },
): Promise<{ authorizeUrl: string }> {
  const { clientId } = appCredentials(settings);
  const state = randomBytes(24).toString('base64url');
  await tx.query('delete from xero.oauth_states where expires_at < now()');
  await tx.query(
    `insert into xero.oauth_states (tenant_id, state, user_id, redirect_uri, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
    [tx.tenantId, state, request.userId, request.redirectUri, STATE_MINUTES],
  );
  const url = new URL(endpoints(settings).authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', OAUTH_SCOPES.join(' '));
  url.searchParams.set('state', state);
  return { authorizeUrl: url.toString() };
}

/**
 * Finishes connecting with what Xero's redirect carried: the state must be one this tenant and
 * user started, unexpired, and it is spent here (a failure later rolls the transaction back, so
 * it can be tried again within its 10 minutes); the code is exchanged for tokens, the approved
 * organisation found through /connections, its name and base currency read, and the tokens stored sealed.
 */
export async function completeOAuth(
  tx: TenantTransaction,
  settings: XeroSettings,
  request: { code: string; state: string; userId: string },
): Promise<void> {
  const app = appCredentials(settings);
  const [issued] = await tx.query<{ user_id: string; redirect_uri: string; live: boolean }>(
    'select user_id, redirect_uri, expires_at > now() as live from xero.oauth_states where state = $1 for update',
    [request.state],
  );
  if (!issued || !issued.live || issued.user_id !== request.userId)
    throw badRequest(
      'xero.oauth_state',
      'This answer from Xero is not one KiTS is waiting for (already used, more than 10 minutes old, or started by someone else): press Connect to Xero again.',
    );
  await tx.query('delete from xero.oauth_states where state = $1', [request.state]);

  const { tokenUrl, connectionsUrl } = endpoints(settings);
  let tokens;
  try {
    tokens = await exchangeCode(tokenUrl, app, request.code, issued.redirect_uri);
  } catch (error) {
    if (error instanceof XeroGrantRefused)
      throw badRequest(
        'xero.oauth_code_refused',
        `Xero refused the sign-in code (${error.xeroError}${error.xeroMessage ? `: ${error.xeroMessage}` : ''}): press Connect to Xero again. If it keeps failing, check the clientId and clientSecret settings.`,
      );
    throw unavailable(error);
  }
  let organisation;
  try {
    organisation = approvedOrganisation(await listConnections(connectionsUrl, tokens.accessToken), tokens.accessToken);
  } catch (error) {
    throw unavailable(error);
  }
  if (!organisation)
    throw badRequest(
      'xero.no_organisation',
      'Xero did not give KiTS access to any organisation: connect again and choose an organisation on Xero’s page.',
    );
  const details = await readOrganisation(settings, tokens.accessToken, organisation.tenantId);
  await saveConnection(tx, {
    xeroTenantId: organisation.tenantId,
    organisationName: details.name ?? organisation.tenantName ?? 'Xero organisation',
    baseCurrency: details.baseCurrency,
    shortCode: details.shortCode,
    tokens,
    connectedBy: request.userId,
  });
  await tx.audit('xero.connected', { xeroTenantId: organisation.tenantId, organisation: details.name });
}

function unavailable(error: unknown): DomainError {
  const message = error instanceof XeroIdentityUnavailable || error instanceof Error ? error.message : String(error);
  return new DomainError('xero.unavailable', 502, `${message} Nothing was connected: try again in a moment.`);
}
