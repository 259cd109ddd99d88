import type { TokenPair } from './connection-store.ts';

/**
 * Xero's identity endpoints, called with fetch (xero-node's `initialize()`, refresh and
 * `updateTenants()` are bound to Xero's own hosts): the token endpoint (authorization code and
 * refresh grants, client id and secret as HTTP Basic) and `/connections` (which organisations a
 * token reaches). Refresh tokens rotate: every refresh answers a new one and the old stops working.
 */

const IDENTITY_TIMEOUT_MS = 15_000;

/** Xero refused the grant (`invalid_grant`, `invalid_client`, …): the words it gave, for the merchant. */
export class XeroGrantRefused extends Error {
  readonly xeroError: string;
  readonly xeroMessage: string;
  constructor(xeroError: string, xeroMessage: string) {
    super(`Xero refused the token request (${xeroError}${xeroMessage ? `: ${xeroMessage}` : ''})`);
    this.xeroError = xeroError;
    this.xeroMessage = xeroMessage;
  }
}

/** Xero could not be reached, or answered something that is not a token: worth trying again later. */
export class XeroIdentityUnavailable extends Error {}

export interface AppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Trades the code Xero's redirect carried for the first token pair. */
export function exchangeCode(tokenUrl: string, app: AppCredentials, code: string, redirectUri: string): Promise<TokenPair> {
  return tokenRequest(tokenUrl, app, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
}

/** Trades the refresh token for a new pair (the new refresh token replaces the old one). */
export function refreshTokens(tokenUrl: string, app: AppCredentials, refreshToken: string): Promise<TokenPair> {
  return tokenRequest(tokenUrl, app, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

async function tokenRequest(tokenUrl: string, app: AppCredentials, form: Record<string, string>): Promise<TokenPair> {
  const issuedAt = Date.now();
  let response: Response;
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(IDENTITY_TIMEOUT_MS),
    });
  } catch (error) {
    throw new XeroIdentityUnavailable(`Xero's token endpoint could not be reached: ${(error as Error).message}`);
  }
  const body = await jsonOf(response);
  if (response.status === 400 || response.status === 401) {
    const xeroError = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new XeroGrantRefused(xeroError, typeof body?.error_description === 'string' ? body.error_description : '');
  }
  if (!response.ok || typeof body?.access_token !== 'string' || typeof body.refresh_token !== 'string')
    throw new XeroIdentityUnavailable(`Xero's token endpoint answered ${response.status} without a token pair.`);
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 1800;
  return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresAt: new Date(issuedAt + expiresIn * 1000) };
}

/** One organisation (or practice) a token may reach, as `/connections` lists it. */
export interface XeroTenantConnection {
  readonly id: string;
  readonly authEventId: string | null;
  readonly tenantId: string;
  readonly tenantType: string;
  readonly tenantName: string | null;
  readonly updatedDateUtc: string | null;
}

/** `GET /connections` with the access token. */
export async function listConnections(connectionsUrl: string, accessToken: string): Promise<XeroTenantConnection[]> {
  let response: Response;
  try {
    response = await fetch(connectionsUrl, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(IDENTITY_TIMEOUT_MS),
    });
  } catch (error) {
    throw new XeroIdentityUnavailable(`Xero's connections endpoint could not be reached: ${(error as Error).message}`);
  }
  const body = (await jsonOf(response)) as unknown;
  if (!response.ok || !Array.isArray(body))
    throw new XeroIdentityUnavailable(`Xero's connections endpoint answered ${response.status} without a list of organisations.`);
  return body.flatMap((item: Record<string, unknown>) =>
    typeof item?.tenantId === 'string' && typeof item.id === 'string'
      ? [
          {
            id: item.id,
            authEventId: typeof item.authEventId === 'string' ? item.authEventId : null,
            tenantId: item.tenantId,
            tenantType: typeof item.tenantType === 'string' ? item.tenantType : '',
            tenantName: typeof item.tenantName === 'string' ? item.tenantName : null,
            updatedDateUtc: typeof item.updatedDateUtc === 'string' ? item.updatedDateUtc : null,
          },
        ]
      : [],
  );
}

/**
 * The organisation the merchant just approved: Xero's access token is a JWT whose
 * `authentication_event_id` names the consent, and each connection made by it carries that
 * `authEventId`. Without a match (an older connection re-approved), the most recently updated
 * organisation is taken. Practices and other tenant types are not organisations and are skipped.
 */
export function approvedOrganisation(connections: readonly XeroTenantConnection[], accessToken: string): XeroTenantConnection | undefined {
  const organisations = connections.filter((c) => c.tenantType === 'ORGANISATION');
  const event = authenticationEventOf(accessToken);
  const byEvent = event ? organisations.filter((c) => c.authEventId === event) : [];
  const candidates = byEvent.length > 0 ? byEvent : organisations;
  return [...candidates].sort((a, b) => (b.updatedDateUtc ?? '').localeCompare(a.updatedDateUtc ?? ''))[0];
}

/** The token's `authentication_event_id` claim (read only to pick the organisation; Xero signed it, TLS brought it). */
function authenticationEventOf(accessToken: string): string | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { authentication_event_id?: unknown };
    return typeof claims.authentication_event_id === 'string' ? claims.authentication_event_id : undefined;
  } catch {
    return undefined;
  }
}

async function jsonOf(response: Response): Promise<Record<string, unknown> | undefined> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
