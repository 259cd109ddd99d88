import { randomBytes } from 'node:crypto';
import { DomainError } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { KernelConfig } from '../../config/config.ts';
import type { Database } from '../../db/database.ts';
import { sha256 } from '../authenticator.ts';
import type { TokenSigner } from '../tokens.ts';
import { authorizationUrl, discoverProvider, exchangeCode, newAttemptSecrets, type DiscoveredProvider } from './oidc-client.ts';
import { SSO_ATTEMPT_SECONDS } from './sso-sign-in.ts';

const HANDOFF_SECONDS = 120;
const HANDOFF_TOKEN = /^kitsopsso_[A-Za-z0-9_-]{43}$/;
/** How long the operators' provider's discovery (and its JWKS) is kept. */
const DISCOVERY_TTL_MS = 10 * 60_000;

const refused = (code: string, detail: string) => new DomainError(code, 401, detail);

/**
 * Operators' single sign-on through the platform's own identity provider (OPERATOR_OIDC_*): the same
 * code flow and checks as a shop's, matched to an existing operator account by verified e-mail the
 * first time and by the provider's subject after (accounts are never made at sign-in: operators are
 * few, and each is made on purpose). It answers an operator access token, as a password sign-in does.
 */
export class OperatorSso {
  readonly #db: Database;
  readonly #signer: TokenSigner;
  readonly #settings: KernelConfig['operatorOidc'];
  #discovered: { at: number; provider: Promise<DiscoveredProvider> } | undefined;

  constructor(deps: { db: Database; signer: TokenSigner; settings: KernelConfig['operatorOidc'] }) {
    this.#db = deps.db;
    this.#signer = deps.signer;
    this.#settings = deps.settings;
  }

  /** OPERATOR_OIDC_* are set. */
  get enabled(): boolean {
    return this.#settings !== undefined;
  }

  async #provider(): Promise<DiscoveredProvider> {
    const settings = this.#settings;
    if (!settings)
      throw new DomainError(
        'auth.operator_sso_not_configured',
        404,
        'Operators sign in with their e-mail and password here: this kernel has no OPERATOR_OIDC_ISSUER.',
      );
    if (!this.#discovered || Date.now() - this.#discovered.at > DISCOVERY_TTL_MS) {
      const provider = discoverProvider(new URL(settings.issuer), settings.clientId, settings.clientSecret);
      this.#discovered = { at: Date.now(), provider };
      provider.catch(() => (this.#discovered = undefined));
    }
    try {
      return await this.#discovered.provider;
    } catch (error) {
      throw new DomainError(
        'auth.sso_provider_unreachable',
        503,
        `The operators' identity provider cannot be reached (${(error as Error).message}); try again in a minute.`,
      );
    }
  }

  async start(callbackUrl: string): Promise<URL> {
    const provider = await this.#provider();
    const secrets = newAttemptSecrets();
    await this.#db.query(`delete from kernel.operator_sso_attempts where expires_at < now() - interval '1 day'`);
    await this.#db.query(
      `insert into kernel.operator_sso_attempts (attempt_id, state_hash, nonce, code_verifier, expires_at)
       values ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [uuidv7(), sha256(secrets.state), secrets.nonce, secrets.verifier, SSO_ATTEMPT_SECONDS],
    );
    return authorizationUrl(provider, callbackUrl, secrets);
  }

  /** The provider sent the operator back: the one-time code their window exchanges for the token. */
  async callback(callbackUrl: URL): Promise<string> {
    const state = callbackUrl.searchParams.get('state');
    if (!state) throw refused('auth.sso_state_invalid', 'The sign-in answer carries no state; start signing in again.');
    const [attempt] = await this.#db.query<{ attempt_id: string; nonce: string; code_verifier: string; expired: boolean }>(
      `update kernel.operator_sso_attempts set called_back_at = now() where state_hash = $1 and called_back_at is null
       returning attempt_id, nonce, code_verifier, expires_at < now() as expired`,
      [sha256(state)],
    );
    if (!attempt) throw refused('auth.sso_state_invalid', 'This sign-in answer is unknown or was used already; start signing in again.');
    if (attempt.expired)
      throw refused('auth.sso_state_expired', `The sign-in took longer than ${SSO_ATTEMPT_SECONDS / 60} minutes; start signing in again.`);
    const provider = await this.#provider();
    const { claims } = await exchangeCode(provider, callbackUrl, { state, nonce: attempt.nonce, verifier: attempt.code_verifier });
    const issuer = this.#settings!.issuer;
    const handoff = `kitsopsso_${randomBytes(32).toString('base64url')}`;
    await this.#db.transaction({}, async (tx) => {
      const [linked] = await tx.query<{ operator_id: string }>(
        'select operator_id from kernel.operator_identities where issuer = $1 and subject = $2',
        [issuer, claims.sub],
      );
      let operatorId = linked?.operator_id;
      if (!operatorId) {
        const email = typeof claims.email === 'string' && claims.email_verified !== false ? claims.email : undefined;
        const [byEmail] = email
          ? await tx.query<{ operator_id: string }>('select operator_id from kernel.operators where lower(email) = lower($1)', [email])
          : [];
        if (!byEmail)
          throw new DomainError(
            'auth.sso_no_account',
            403,
            `There is no operator account for ${email ?? 'this company account'}; an operator adds one first.`,
          );
        operatorId = byEmail.operator_id;
        await tx.query('insert into kernel.operator_identities (issuer, subject, operator_id) values ($1, $2, $3)', [
          issuer,
          claims.sub,
          operatorId,
        ]);
      }
      await tx.query('update kernel.operator_sso_attempts set operator_id = $2, handoff_hash = $3 where attempt_id = $1', [
        attempt.attempt_id,
        operatorId,
        sha256(handoff),
      ]);
    });
    return handoff;
  }

  /** The operator's access token for the callback's one-time code (once, within two minutes). */
  async complete(handoff: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const invalid = () => refused('auth.sso_handoff_invalid', 'This sign-in link was used already or is too old; sign in again.');
    if (!HANDOFF_TOKEN.test(handoff)) throw invalid();
    const [attempt] = await this.#db.query<{ operator_id: string }>(
      `update kernel.operator_sso_attempts set completed_at = now()
        where handoff_hash = $1 and completed_at is null and called_back_at > now() - make_interval(secs => $2)
       returning operator_id`,
      [sha256(handoff), HANDOFF_SECONDS],
    );
    if (!attempt) throw invalid();
    const { token, expiresIn } = await this.#signer.sign({ sub: attempt.operator_id, kind: 'operator' });
    return { accessToken: token, tokenType: 'Bearer', expiresIn };
  }
}
