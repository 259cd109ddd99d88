import { QboTokenRefused, QboUnreachable } from './errors.ts';

/**
 * Intuit's OAuth 2.0 token endpoint (`/oauth2/v1/tokens/bearer`): form-encoded, the app's client id
 * and secret as HTTP Basic. Both grants answer a new access token (an hour) and a refresh token
 * that replaces the one sent — Intuit rotates it, so the caller stores the new one every time.
 */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token stops working. */
  readonly accessExpiresAt: Date;
  /** When the refresh token stops working (Intuit: about 100 days), or null when not said. */
  readonly refreshExpiresAt: Date | null;
}

export interface TokenEndpoint {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly timeoutMs: number;
}

/** `authorization_code`: the code Intuit's redirect carried, with the same redirect_uri the connect started with. */
export function exchangeCode(endpoint: TokenEndpoint, code: string, redirectUri: string): Promise<TokenSet> {
  return requestTokens(endpoint, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
}

/** `refresh_token`: a new access token; the answer's refresh token replaces `refreshToken` (which then no longer works). */
export function refreshTokens(endpoint: TokenEndpoint, refreshToken: string): Promise<TokenSet> {
  return requestTokens(endpoint, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

async function requestTokens(endpoint: TokenEndpoint, form: Record<string, string>): Promise<TokenSet> {
  const basic = Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString('base64');
  let response: Response;
  let body: Record<string, unknown>;
  try {
    response = await fetch(endpoint.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    body = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    throw new QboUnreachable('the token request', error);
  }
  if (!response.ok || typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
    const error = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    const says = typeof body.error_description === 'string' ? body.error_description : describeTokenError(error);
    throw new QboTokenRefused(error, says);
  }
  const now = Date.now();
  const seconds = (value: unknown, fallback: number | null) => (typeof value === 'number' && value > 0 ? value : fallback);
  const accessSeconds = seconds(body.expires_in, 3600)!;
  const refreshSeconds = seconds(body.x_refresh_token_expires_in, null);
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    accessExpiresAt: new Date(now + accessSeconds * 1000),
    refreshExpiresAt: refreshSeconds === null ? null : new Date(now + refreshSeconds * 1000),
  };
}

/** Intuit often answers only `{ "error": "invalid_grant" }`: words for the merchant. */
function describeTokenError(error: string): string {
  if (error === 'invalid_grant')
    return 'The authorization was revoked, has expired, or was already used (invalid_grant). Connect QuickBooks again.';
  if (error === 'invalid_client') return 'The app client ID or secret is wrong (invalid_client). Check the QuickBooks plugin settings.';
  return `Intuit answered ${error}.`;
}
