import { randomBytes } from 'node:crypto';
import { DomainError } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/database.ts';
import type { SettingsCipher } from '../../plugins/plugin-settings.ts';
import { sha256 } from '../authenticator.ts';
import type { ProviderRefresh } from '../sessions/session-refresh.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { Session } from '../sessions/session-tokens.ts';
import type { SignInContext } from '../sessions/session-records.ts';
import type { IdentityProviders } from './identity-providers.ts';
import { authorizationUrl, exchangeCode, newAttemptSecrets, refreshAtProvider, type DiscoveredProvider } from './oidc-client.ts';
import { linkAccount } from './sso-accounts.ts';

/** How long a person has at their provider before the attempt's state expires. */
export const SSO_ATTEMPT_SECONDS = 600;
/** How long the office has to exchange the one-time code the callback gives it. */
const HANDOFF_SECONDS = 120;
const HANDOFF_TOKEN = /^kitssso_[A-Za-z0-9_-]{43}$/;

/** What a provider's refresh token is sealed for: its shop. Exported for re-sealing (reseal.ts). */
export const refreshContext = (tenantId: string) => `sso-refresh:${tenantId}`;

const refused = (code: string, detail: string) => new DomainError(code, 401, detail);

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
    const secrets = newAttemptSecrets();
    await this.#db.transaction({ tenantId: tenant.tenant_id }, async (tx) => {
      await tx.query(`delete from kernel.sso_attempts where expires_at < now() - interval '1 day'`);
      await tx.query(
        `insert into kernel.sso_attempts (tenant_id, attempt_id, state_hash, nonce, code_verifier, expires_at)
         values ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
        [tenant.tenant_id, uuidv7(), sha256(secrets.state), secrets.nonce, secrets.verifier, SSO_ATTEMPT_SECONDS],
      );
    });
    return authorizationUrl(provider, callbackUrl, secrets, loginHint);
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
    const { claims, refreshToken } = await exchangeCode(provider, callbackUrl, {
      state,
      nonce: attempt.nonce,
      verifier: attempt.code_verifier,
    });
    const handoff = `kitssso_${randomBytes(32).toString('base64url')}`;
    await this.#db.transaction({ tenantId }, async (tx) => {
      const userId = await linkAccount(tx, tenantId, provider.view, claims);
      await tx.query(`update kernel.sso_attempts set user_id = $2, handoff_hash = $3, provider_refresh_sealed = $4 where attempt_id = $1`, [
        attempt.attempt_id,
        userId,
        sha256(handoff),
        refreshToken ? this.#cipher.seal(refreshToken, refreshContext(tenantId)) : null,
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
    let provider: DiscoveredProvider;
    try {
      provider = await this.#providers.forSignIn(tenantId, sql);
    } catch (error) {
      // The shop removed its provider: its SSO sessions end with it.
      if (error instanceof DomainError && error.code === 'auth.sso_not_configured') return { outcome: 'ended' };
      return { outcome: 'unreachable' };
    }
    const answer = await refreshAtProvider(provider, refreshToken);
    return answer.outcome === 'confirmed'
      ? { outcome: 'confirmed', sealedRefreshToken: this.#cipher.seal(answer.refreshToken, refreshContext(tenantId)) }
      : answer;
  };
}
