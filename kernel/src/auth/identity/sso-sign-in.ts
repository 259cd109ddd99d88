import { randomBytes } from 'node:crypto';
import { DomainError } from '@kits/plugin-sdk';
import { errors as joseErrors, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/database.ts';
import type { SettingsCipher } from '../../plugins/plugin-settings.ts';
import { sha256 } from '../authenticator.ts';
import type { ProviderRefresh, Session, SessionService } from '../sessions/session-service.ts';
import type { SignInContext } from '../sessions/session-records.ts';
import type { IdentityProviders } from './identity-providers.ts';
import { linkAccount, type ProviderClaims } from './sso-accounts.ts';

/** How long a person has at their provider before the attempt's state expires. */
export const SSO_ATTEMPT_SECONDS = 600;
/** How long the office has to exchange the one-time code the callback gives it. */
const HANDOFF_SECONDS = 120;
/** What the kernel asks the provider for: who the person is, and a refresh token to ask again later. */
const SCOPES = 'openid email profile offline_access';
const HANDOFF_TOKEN = /^kitssso_[A-Za-z0-9_-]{43}$/;

const refreshContext = (tenantId: string) => `sso-refresh:${tenantId}`;

const refused = (code: string, detail: string) => new DomainError(code, 401, detail);

/** An error and its causes, as one line (openid-client wraps what oauth4webapi found). */
function causes(error: unknown): { text: string; claims: string[] } {
  const texts: string[] = [];
  const claims: string[] = [];
  for (let at: unknown = error, depth = 0; at && depth < 5; at = (at as { cause?: unknown }).cause, depth += 1) {
    if (at instanceof Error) texts.push(at.message);
    const claim = (at as { claim?: unknown }).claim;
    if (typeof claim === 'string') claims.push(claim);
  }
  return { text: texts.join(': '), claims };
}

/** Why the provider's answer was refused, in words a person (and the shop's IT) can act on. */
function tokenCheckFailed(error: unknown): DomainError {
  if (error instanceof oidc.ResponseBodyError)
    return refused('auth.sso_code_refused', `The identity provider refused the sign-in (${error.error}); sign in again.`);
  if (error instanceof oidc.AuthorizationResponseError)
    return refused(
      'auth.sso_denied',
      `The identity provider did not sign you in (${error.error}); sign in again or ask your company's IT.`,
    );
  const { text, claims } = causes(error);
  if (claims.includes('nonce'))
    return refused('auth.sso_nonce_mismatch', 'The sign-in answer was not for this attempt (nonce mismatch); start signing in again.');
  return refused(
    'auth.sso_token_invalid',
    `The identity provider's ID token failed its checks (${text}); start signing in again, and tell your company's IT if it happens again.`,
  );
}

/**
 * Single sign-on through a shop's OIDC provider: authorization code flow with PKCE, `state` and
 * `nonce` kept server-side (hashed state, 10 minutes, used once), the ID token verified by
 * `openid-client` against the provider's JWKS. The callback hands the office a one-time code, which
 * it exchanges for the session; the provider's refresh token stays with the session (sealed) so each
 * refresh asks the provider whether the person may still sign in.
 */
export class SsoSignIn {
  readonly #db: Database;
  readonly #providers: IdentityProviders;
  readonly #sessions: SessionService;
  readonly #cipher: SettingsCipher;

  constructor(deps: { db: Database; providers: IdentityProviders; sessions: SessionService; cipher: SettingsCipher }) {
    this.#db = deps.db;
    this.#providers = deps.providers;
    this.#sessions = deps.sessions;
    this.#cipher = deps.cipher;
  }

  /** Where to send the browser: the provider's authorization URL for a new attempt. */
  async start(tenantSlug: string, callbackUrl: string, loginHint: string | undefined): Promise<URL> {
    const [tenant] = await this.#db.query<{ tenant_id: string }>('select tenant_id from kernel.tenants where slug = $1', [tenantSlug]);
    if (!tenant) throw new DomainError('auth.sso_not_configured', 404, `No shop "${tenantSlug}" signs in with a company account.`);
    const provider = await this.#providers.forSignIn(tenant.tenant_id);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    await this.#db.transaction({ tenantId: tenant.tenant_id }, (tx) =>
      tx.query(
        `insert into kernel.sso_attempts (tenant_id, attempt_id, state_hash, nonce, code_verifier, expires_at)
         values ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
        [tenant.tenant_id, uuidv7(), sha256(state), nonce, verifier, SSO_ATTEMPT_SECONDS],
      ),
    );
    return oidc.buildAuthorizationUrl(provider.config, {
      redirect_uri: callbackUrl,
      scope: SCOPES,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
  }

  /** The provider sent the person back: checks everything, links the account, and answers the office's one-time code. */
  async callback(callbackUrl: URL): Promise<string> {
    const state = callbackUrl.searchParams.get('state');
    if (!state) throw refused('auth.sso_state_invalid', 'The sign-in answer carries no state; start signing in again.');
    // The state works once: it is spent before anything else is checked, whatever follows.
    const [attempt] = await this.#db.query<{
      tenant_id: string;
      attempt_id: string;
      nonce: string;
      code_verifier: string;
      expired: boolean;
    }>(
      `update kernel.sso_attempts set called_back_at = now() where state_hash = $1 and called_back_at is null
       returning tenant_id, attempt_id, nonce, code_verifier, expires_at < now() as expired`,
      [sha256(state)],
    );
    if (!attempt) throw refused('auth.sso_state_invalid', 'This sign-in answer is unknown or was used already; start signing in again.');
    if (attempt.expired)
      throw refused('auth.sso_state_expired', `The sign-in took longer than ${SSO_ATTEMPT_SECONDS / 60} minutes; start signing in again.`);
    const tenantId = attempt.tenant_id;
    const provider = await this.#providers.forSignIn(tenantId);
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(provider.config, callbackUrl, {
        pkceCodeVerifier: attempt.code_verifier,
        expectedState: state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw tokenCheckFailed(error);
    }
    const claims = tokens.claims() as ProviderClaims | undefined;
    if (!claims || !tokens.id_token)
      throw refused('auth.sso_token_invalid', 'The identity provider sent no ID token; ask your company IT to allow OpenID Connect.');
    // openid-client checked its claims (issuer, audience, expiry, nonce); its signature is checked against the provider's JWKS.
    const verify = () =>
      jwtVerify(tokens.id_token!, provider.jwks, { issuer: provider.config.serverMetadata().issuer, audience: provider.view.clientId });
    try {
      await verify().catch(async (error: unknown) => {
        // A key not seen yet: the provider rotated it. Its JWKS is read again at once, and checked once more.
        if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
        await provider.jwks.reload();
        return verify();
      });
    } catch (error) {
      throw tokenCheckFailed(error);
    }
    const handoff = `kitssso_${randomBytes(32).toString('base64url')}`;
    await this.#db.transaction({ tenantId }, async (tx) => {
      const userId = await linkAccount(tx, tenantId, provider.view, claims);
      await tx.query(`update kernel.sso_attempts set user_id = $2, handoff_hash = $3, provider_refresh_sealed = $4 where attempt_id = $1`, [
        attempt.attempt_id,
        userId,
        sha256(handoff),
        tokens.refresh_token ? this.#cipher.seal(tokens.refresh_token, refreshContext(tenantId)) : null,
      ]);
    });
    return handoff;
  }

  /** The office exchanges the callback's one-time code for the session (once, within two minutes). */
  async complete(handoff: string, context: SignInContext): Promise<Session & { tenant: string }> {
    const invalid = () => refused('auth.sso_handoff_invalid', 'This sign-in link was used already or is too old; sign in again.');
    if (!HANDOFF_TOKEN.test(handoff)) throw invalid();
    const [attempt] = await this.#db.query<{ tenant_id: string; user_id: string; provider_refresh_sealed: string | null; slug: string }>(
      `update kernel.sso_attempts a set completed_at = now()
         from kernel.tenants t
        where a.handoff_hash = $1 and a.completed_at is null and a.called_back_at > now() - make_interval(secs => $2) and t.tenant_id = a.tenant_id
       returning a.tenant_id, a.user_id, a.provider_refresh_sealed, t.slug`,
      [sha256(handoff), HANDOFF_SECONDS],
    );
    if (!attempt) throw invalid();
    const session = await this.#sessions.open({
      tenantId: attempt.tenant_id,
      userId: attempt.user_id,
      client: 'office',
      method: 'sso',
      ...(attempt.provider_refresh_sealed ? { providerRefreshSealed: attempt.provider_refresh_sealed } : {}),
      context,
    });
    return { ...session, tenant: attempt.slug };
  }

  /** At each refresh of an SSO session: the provider still signs the person in, or it refuses them. */
  readonly providerRefresh: ProviderRefresh = async (sql, tenantId, sealed) => {
    const refreshToken = this.#cipher.open(sealed, refreshContext(tenantId));
    if (refreshToken === undefined) return { outcome: 'ended' };
    let config: oidc.Configuration;
    try {
      config = (await this.#providers.forSignIn(tenantId, sql)).config;
    } catch (error) {
      // The shop removed its provider: its SSO sessions end with it.
      if (error instanceof DomainError && error.code === 'auth.sso_not_configured') return { outcome: 'ended' };
      return { outcome: 'unreachable' };
    }
    try {
      const tokens = await oidc.refreshTokenGrant(config, refreshToken);
      return {
        outcome: 'confirmed',
        sealedRefreshToken: this.#cipher.seal(tokens.refresh_token ?? refreshToken, refreshContext(tenantId)),
      };
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError && ['invalid_grant', 'unauthorized_client', 'invalid_client'].includes(error.error))
        return { outcome: 'ended' };
      return { outcome: 'unreachable' };
    }
  };
}
