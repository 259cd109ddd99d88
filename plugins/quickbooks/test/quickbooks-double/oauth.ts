import { randomBytes } from 'node:crypto';
import type { DoubleAnswer } from './faults.ts';

/**
 * Intuit's OAuth 2.0 server as its docs describe it: the authorize endpoint (here it approves at
 * once and redirects back with `code`, `state` and `realmId`), and the token endpoint
 * (`POST /oauth2/v1/tokens/bearer`, form-encoded, client id and secret as HTTP Basic) with the
 * authorization_code and refresh_token grants. Codes work once; every refresh rotates the refresh
 * token and the one sent stops working; access tokens end after `accessTtlSeconds`.
 */
export interface OAuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly realmId: string;
  readonly accessTtlSeconds: number;
}

const SCOPE = 'com.intuit.quickbooks.accounting';
const REFRESH_TTL_SECONDS = 8_726_400;

interface Code {
  readonly redirectUri: string;
  used: boolean;
}

export class OAuthServer {
  private readonly codes = new Map<string, Code>();
  /** access token → when it ends (ms). */
  private readonly accessTokens = new Map<string, number>();
  /** The refresh tokens that work now (one per connect; each refresh replaces its own). */
  private readonly refreshTokens = new Set<string>();
  /** Refresh grants answered, and those refused. */
  refreshes = 0;
  refusedRefreshes = 0;
  /** Every refresh token issued, oldest first (a test sends a rotated-away one to see it refused). */
  readonly issuedRefreshTokens: string[] = [];

  private readonly options: OAuthOptions;
  constructor(options: OAuthOptions) {
    this.options = options;
  }

  /** `GET /connect/oauth2?client_id&response_type=code&scope&redirect_uri&state`: approved, back to redirect_uri. */
  authorize(query: URLSearchParams): DoubleAnswer {
    const redirectUri = query.get('redirect_uri');
    const problem =
      query.get('client_id') !== this.options.clientId
        ? 'invalid client_id'
        : query.get('response_type') !== 'code'
          ? 'response_type must be code'
          : !(query.get('scope') ?? '').split(' ').includes(SCOPE)
            ? `scope must include ${SCOPE}`
            : !redirectUri || !/^https?:\/\//.test(redirectUri)
              ? 'redirect_uri is missing'
              : !query.get('state')
                ? 'state is missing'
                : undefined;
    if (problem) return { status: 400, body: { error: 'invalid_request', error_description: problem } };
    const code = `AB${randomBytes(18).toString('base64url')}`;
    this.codes.set(code, { redirectUri: redirectUri!, used: false });
    const back = new URL(redirectUri!);
    back.searchParams.set('code', code);
    back.searchParams.set('state', query.get('state')!);
    back.searchParams.set('realmId', this.options.realmId);
    return { status: 302, body: '', headers: { location: back.toString() } };
  }

  /** An authorization code as the authorize page gives it, for tests that skip the browser. */
  issueCode(redirectUri: string): string {
    const code = `AB${randomBytes(18).toString('base64url')}`;
    this.codes.set(code, { redirectUri, used: false });
    return code;
  }

  /** `POST /oauth2/v1/tokens/bearer`. */
  token(authorization: string | undefined, contentType: string | undefined, rawBody: string): DoubleAnswer {
    const expected = `Basic ${Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64')}`;
    if (authorization !== expected) return { status: 401, body: { error: 'invalid_client' } };
    if (!contentType?.startsWith('application/x-www-form-urlencoded'))
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' },
      };
    const form = new URLSearchParams(rawBody);
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code || code.used || code.redirectUri !== form.get('redirect_uri')) return { status: 400, body: { error: 'invalid_grant' } };
      code.used = true;
      return this.issueTokens();
    }
    if (grant === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.delete(refreshToken)) {
        this.refusedRefreshes++;
        return { status: 400, body: { error: 'invalid_grant' } };
      }
      this.refreshes++;
      return this.issueTokens();
    }
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }

  /** Whether `authorization` is `Bearer <a live access token>`; the reason when it is not. */
  checkBearer(authorization: string | undefined): string | undefined {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) return 'No bearer token (Authorization: Bearer <access token>) was sent.';
    const endsAt = this.accessTokens.get(token);
    if (endsAt === undefined) return 'Token revoked or unknown.';
    if (endsAt <= Date.now()) return `Token expired: ${token.slice(0, 6)}…`;
    return undefined;
  }

  /** Every access token ends now (they live an hour at Intuit): the next call is a 401 and the client refreshes. */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
  }

  /** The merchant disconnected the app in QuickBooks: no token works any more, and refreshes are refused. */
  revokeAll(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  private issueTokens(): DoubleAnswer {
    const accessToken = `eyJ${randomBytes(24).toString('base64url')}`;
    const refreshToken = `RT1-${randomBytes(24).toString('base64url')}`;
    this.accessTokens.set(accessToken, Date.now() + this.options.accessTtlSeconds * 1000);
    this.refreshTokens.add(refreshToken);
    this.issuedRefreshTokens.push(refreshToken);
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        access_token: accessToken,
        refresh_token: refreshToken,
        expires_in: this.options.accessTtlSeconds,
        x_refresh_token_expires_in: REFRESH_TTL_SECONDS,
      },
    };
  }
}
