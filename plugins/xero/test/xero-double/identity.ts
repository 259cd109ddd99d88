import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Xero's identity side for the tests: `GET /identity/connect/authorize` (the merchant approves at
 * once: a redirect back with `code` and `state`), `POST /connect/token` (authorization_code and
 * refresh_token grants, client id and secret as HTTP Basic, form encoded; refresh tokens rotate —
 * the old one stops working once used; a code works once), and which access tokens are alive.
 */
export interface IssuedPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

const ACCESS_SECONDS = 1800;

export class Identity {
  private readonly codes = new Map<string, { redirectUri: string; authEventId: string }>();
  private readonly refreshTokens = new Map<string, string>(); // refresh token → auth event
  private readonly accessTokens = new Map<string, number>(); // access token → expiry ms
  /** How many refresh grants were answered with a new pair. */
  refreshes = 0;
  /** The next refresh grant answers invalid_grant (as a revoked connection does). */
  refuseRefresh = false;

  private readonly clientId: string;
  private readonly clientSecret: string;
  /** A new consent's authentication event (the double's /connections shows the latest). */
  private readonly authEventId: () => string;

  constructor(clientId: string, clientSecret: string, authEventId: () => string) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.authEventId = authEventId;
  }

  authorize(query: URLSearchParams): { status: 302; location: string } | { status: 400; message: string } {
    if (query.get('client_id') !== this.clientId)
      return { status: 400, message: 'unauthorized_client: Unknown client or client not enabled' };
    if (query.get('response_type') !== 'code') return { status: 400, message: 'unsupported_response_type' };
    const scopes = (query.get('scope') ?? '').split(' ');
    for (const needed of ['offline_access', 'accounting.transactions', 'accounting.settings'])
      if (!scopes.includes(needed)) return { status: 400, message: `invalid_scope: ${needed} is missing` };
    const redirectUri = query.get('redirect_uri');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return { status: 400, message: 'invalid_request: redirect_uri' };
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { redirectUri, authEventId: this.authEventId() });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scopes.join(' '));
    back.searchParams.set('state', query.get('state') ?? '');
    back.searchParams.set('session_state', randomBytes(8).toString('hex'));
    return { status: 302, location: back.toString() };
  }

  /** `POST /connect/token`: the answer status and body. */
  token(authorization: string | undefined, contentType: string | undefined, form: URLSearchParams): { status: number; body: unknown } {
    if (!/^application\/x-www-form-urlencoded/.test(contentType ?? '')) return { status: 400, body: { error: 'invalid_request' } };
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (authorization !== expected) return { status: 400, body: { error: 'invalid_client' } };
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const issued = this.codes.get(form.get('code') ?? '');
      if (!issued || issued.redirectUri !== form.get('redirect_uri')) return { status: 400, body: { error: 'invalid_grant' } };
      this.codes.delete(form.get('code')!);
      return { status: 200, body: this.issue(issued.authEventId) };
    }
    if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      const event = this.refreshTokens.get(refresh);
      if (!event || this.refuseRefresh) {
        this.refuseRefresh = false;
        return { status: 400, body: { error: 'invalid_grant' } };
      }
      this.refreshTokens.delete(refresh);
      this.refreshes++;
      return { status: 200, body: this.issue(event) };
    }
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }

  /** Whether `Authorization: Bearer <token>` names a live access token. */
  live(authorization: string | undefined): boolean {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const expiry = token ? this.accessTokens.get(token) : undefined;
    return expiry !== undefined && expiry > Date.now();
  }

  /** Every token stops working (the merchant disconnected the app in Xero). */
  revokeAll(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  /** Every access token expires now (refresh tokens stay good). */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
  }

  private issue(authEventId: string) {
    // Xero's access tokens are JWTs; the plugin reads authentication_event_id to pick the organisation.
    const claims = { sub: randomUUID(), authentication_event_id: authEventId, exp: Math.floor(Date.now() / 1000) + ACCESS_SECONDS };
    const accessToken = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
    const refreshToken = randomBytes(24).toString('hex');
    this.accessTokens.set(accessToken, Date.now() + ACCESS_SECONDS * 1000);
    this.refreshTokens.set(refreshToken, authEventId);
    return {
      id_token: 'eyJhbGciOiJub25lIn0.e30.',
      access_token: accessToken,
      expires_in: ACCESS_SECONDS,
      token_type: 'Bearer',
      refresh_token: refreshToken,
      scope: 'openid profile email accounting.transactions accounting.settings offline_access',
    };
  }
}
