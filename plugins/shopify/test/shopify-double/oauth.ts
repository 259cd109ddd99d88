import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Shopify's authorization-code grant for an app's offline token: `GET /admin/oauth/authorize`
 * (the merchant approves at once here) redirects to `redirect_uri` with `code`, `hmac`, `host`,
 * `shop`, `state` and `timestamp`, the hmac being hex HMAC-SHA256 with the client secret over the
 * other parameters sorted and joined as `k=v&…`; `POST /admin/oauth/access_token` trades a code,
 * once and within a minute, for `{ access_token, scope }`.
 */

const CODE_LIFETIME_MS = 60_000;

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  shopDomain: string;
}

export interface IssuedCode {
  scope: string;
  redirectUri: string;
  expiresAt: number;
}

/** Hex HMAC-SHA256 over the query without `hmac` (and the legacy `signature`), sorted by key. */
export function queryHmac(params: Record<string, string>, secret: string): string {
  const message = Object.keys(params)
    .filter((key) => key !== 'hmac' && key !== 'signature')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
  return createHmac('sha256', secret).update(message).digest('hex');
}

export function queryHmacMatches(params: Record<string, string>, secret: string): boolean {
  const given = Buffer.from(params.hmac ?? '', 'utf8');
  const expected = Buffer.from(queryHmac(params, secret), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export class OAuthServer {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly app: OAuthApp;
  private readonly issueToken: (scope: string, prefix: string) => string;

  constructor(app: OAuthApp, issueToken: (scope: string, prefix: string) => string) {
    this.app = app;
    this.issueToken = issueToken;
  }

  /** The redirect Shopify sends the merchant's browser to, or a 400 for a bad request. */
  authorize(query: URLSearchParams): { status: 302; location: string } | { status: 400; message: string } {
    if (query.get('client_id') !== this.app.clientId)
      return { status: 400, message: 'Oauth error invalid_request: The client_id provided is invalid' };
    const redirectUri = query.get('redirect_uri');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri))
      return { status: 400, message: 'Oauth error invalid_request: The redirect_uri is missing or not whitelisted' };
    const code = randomBytes(16).toString('hex');
    const scope = query.get('scope') ?? '';
    this.codes.set(code, { scope, redirectUri, expiresAt: Date.now() + CODE_LIFETIME_MS });
    const shopName = this.app.shopDomain.replace(/\.myshopify\.com$/, '');
    const params: Record<string, string> = {
      code,
      host: Buffer.from(`admin.shopify.com/store/${shopName}`).toString('base64url'),
      shop: this.app.shopDomain,
      state: query.get('state') ?? '',
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    params.hmac = queryHmac(params, this.app.clientSecret);
    const location = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) location.searchParams.set(key, value);
    return { status: 302, location: location.toString() };
  }

  /** The token for a code, once; Shopify's 400 answers otherwise. */
  exchange(body: Record<string, unknown>): { status: number; body: Record<string, unknown> } {
    if (body.client_id !== this.app.clientId || body.client_secret !== this.app.clientSecret) {
      return { status: 400, body: { error: 'invalid_client', error_description: 'Client credentials are invalid' } };
    }
    const code = typeof body.code === 'string' ? body.code : '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    if (!issued || issued.expiresAt < Date.now()) {
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' },
      };
    }
    return { status: 200, body: { access_token: this.issueToken(issued.scope, 'shpua_'), scope: issued.scope } };
  }
}
