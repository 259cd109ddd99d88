import { randomBytes } from 'node:crypto';
import { badRequest, DomainError, type TenantTransaction } from '@kits/plugin-sdk';
import { QboClient } from '../qbo-api/client.ts';
import { QboFault, QboTokenRefused, QboUnreachable } from '../qbo-api/errors.ts';
import { exchangeCode, type TokenSet } from '../qbo-api/tokens.ts';
import { endpointsOf, INTUIT, type QuickBooksSettings } from '../settings.ts';
import { appCredentials, tokenEndpoint } from './app-credentials.ts';

/** How long the connect may take between start and Intuit's redirect back. */
const STATE_MINUTES = 10;

/**
 * Starts connecting: a random state bound to the tenant and the user, kept 10 minutes, and the URL
 * of Intuit's consent screen (accounting scope) the office sends the merchant to.
 */
export async function startOAuth(
  tx: TenantTransaction,
  settings: QuickBooksSettings,
  request: { redirectUri: string; userId: string },
): Promise<{ authorizeUrl: string }> {
  const { clientId } = appCredentials(settings);
  const state = randomBytes(24).toString('base64url');
  await tx.query('delete from quickbooks.oauth_states where expires_at < now()');
  await tx.query(
    `insert into quickbooks.oauth_states (tenant_id, state, user_id, redirect_uri, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
    [tx.tenantId, state, request.userId, request.redirectUri, STATE_MINUTES],
  );
  const url = new URL(endpointsOf(settings).authorizeUrl);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', INTUIT.scope);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('state', state);
  return { authorizeUrl: url.toString() };
}

/**
 * Spends the state of Intuit's redirect: issued to this tenant and user, unexpired, used once.
 * Answers the redirect_uri the connect started with (the token exchange must repeat it). A state
 * that does not qualify is a 400 that changes nothing.
 */
export async function spendState(tx: TenantTransaction, state: string, userId: string): Promise<{ redirectUri: string }> {
  const [issued] = await tx.query<{ user_id: string; redirect_uri: string; live: boolean }>(
    'select user_id, redirect_uri, expires_at > now() as live from quickbooks.oauth_states where state = $1 for update',
    [state],
  );
  if (!issued || !issued.live || issued.user_id !== userId)
    throw badRequest(
      'quickbooks.oauth_state',
      'This answer from Intuit is not one KiTS is waiting for (already used, more than 10 minutes old, or started by someone else): start connecting again.',
    );
  await tx.query('delete from quickbooks.oauth_states where state = $1', [state]);
  return { redirectUri: issued.redirect_uri };
}

/** The code exchanged for the company's tokens; a refusal is a 400 the merchant can act on. */
export async function tokensForCode(settings: QuickBooksSettings, code: string, redirectUri: string): Promise<TokenSet> {
  try {
    return await exchangeCode(tokenEndpoint(settings), code, redirectUri);
  } catch (error) {
    if (error instanceof QboTokenRefused)
      throw badRequest(
        'quickbooks.oauth_exchange_refused',
        `Intuit refused to finish connecting: ${error.intuitSays} Start connecting again.`,
      );
    if (error instanceof QboUnreachable)
      throw new DomainError(
        'quickbooks.unreachable',
        502,
        `Intuit could not be reached to finish connecting (${error.message}). Try again.`,
      );
    throw error;
  }
}

/** The company the tokens open: its name (CompanyInfo) and home currency (Preferences). */
export async function companyFacts(
  settings: QuickBooksSettings,
  realmId: string,
  accessToken: string,
): Promise<{ companyName: string; currency: string | null }> {
  const { apiBase, timeoutMs } = endpointsOf(settings);
  const client = new QboClient({
    apiBase,
    realmId,
    timeoutMs,
    auth: {
      current: async () => accessToken,
      renew: async () => {
        throw badRequest('quickbooks.oauth_company', `QuickBooks refused the new token for company ${realmId}: start connecting again.`);
      },
    },
  });
  try {
    const info = await client.get<{ CompanyInfo?: { CompanyName?: string; LegalName?: string } }>(
      `companyinfo/${encodeURIComponent(realmId)}`,
    );
    const [preferences] = await client.query<{ CurrencyPrefs?: { HomeCurrency?: { value?: string } } }>(
      'Preferences',
      'select * from Preferences',
    );
    const currency = preferences?.CurrencyPrefs?.HomeCurrency?.value ?? null;
    return {
      companyName: info.CompanyInfo?.CompanyName || info.CompanyInfo?.LegalName || `Company ${realmId}`,
      currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : null,
    };
  } catch (error) {
    if (error instanceof QboFault)
      throw badRequest('quickbooks.oauth_company', `QuickBooks did not show company ${realmId} to KiTS: ${error.intuitSays}`);
    if (error instanceof QboUnreachable)
      throw new DomainError(
        'quickbooks.unreachable',
        502,
        `QuickBooks could not be reached to read the company (${error.message}). Try again.`,
      );
    throw error;
  }
}
