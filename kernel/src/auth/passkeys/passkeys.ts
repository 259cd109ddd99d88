import { DomainError, notFound } from '@kits/plugin-sdk';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { parse as uuidBytes, v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/database.ts';

/** How long a browser has to answer a challenge. */
const CHALLENGE_SECONDS = 300;

/** Where the browser is: the relying party's id (the host name) and the origin it must sign for. */
export interface WebAuthnSite {
  readonly rpId: string;
  readonly origin: string;
}

/** A person's passkey as they see it in their account. */
export interface PasskeyView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

const refused = (code: string, detail: string) => new DomainError(code, 401, detail);

/**
 * Passkeys (WebAuthn) with `@simplewebauthn/server`: a signed-in person registers one (user
 * verification required, discoverable, so it names the account itself); anyone signs in with one
 * without typing a shop or an e-mail. A challenge works once and for five minutes; the signature
 * counter is kept, and one that goes backwards (a cloned authenticator) is refused.
 */
export class Passkeys {
  readonly #db: Database;

  constructor(deps: { db: Database }) {
    this.#db = deps.db;
  }

  async #newChallenge(purpose: 'register' | 'sign-in', challenge: string, person?: string): Promise<void> {
    await this.#db.query(`delete from kernel.webauthn_challenges where expires_at < now() - interval '1 day'`);
    await this.#db.query(
      `insert into kernel.webauthn_challenges (challenge, purpose, person, expires_at) values ($1, $2, $3, now() + make_interval(secs => $4))`,
      [challenge, purpose, person ?? null, CHALLENGE_SECONDS],
    );
  }

  /** Spends a challenge the browser signed: true once, while it is fresh and for this purpose (and person). */
  #spend(sql: Sql, purpose: 'register' | 'sign-in', person?: string) {
    return async (challenge: string): Promise<boolean> => {
      const [spent] = await sql.query(
        `update kernel.webauthn_challenges set used_at = now()
          where challenge = $1 and purpose = $2 and used_at is null and expires_at > now() and person is not distinct from $3
          returning 1`,
        [challenge, purpose, person ?? null],
      );
      return spent !== undefined;
    };
  }

  async list(sql: Sql, userId: string): Promise<PasskeyView[]> {
    const rows = await sql.query<{ passkey_id: string; name: string; created_at: Date; last_used_at: Date | null }>(
      'select passkey_id, name, created_at, last_used_at from kernel.passkeys where user_id = $1 order by created_at',
      [userId],
    );
    return rows.map((row) => ({
      id: row.passkey_id,
      name: row.name,
      createdAt: new Date(row.created_at).toISOString(),
      lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    }));
  }

  /** Options for the browser to make a passkey for this person (their existing ones excluded). */
  async registrationOptions(site: WebAuthnSite, tenantId: string, userId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const { person, existing } = await this.#db.transaction({ tenantId }, async (tx) => {
      const [row] = await tx.query<{ email: string; display_name: string; shop: string }>(
        `select u.email, u.display_name, t.name as shop from kernel.users u join kernel.tenants t on t.tenant_id = u.tenant_id where u.user_id = $1`,
        [userId],
      );
      const keys = await tx.query<{ credential_id: string; transports: string[] }>(
        'select credential_id, transports from kernel.passkeys where user_id = $1',
        [userId],
      );
      return { person: row!, existing: keys };
    });
    const options = await generateRegistrationOptions({
      rpName: `KiTS · ${person.shop}`,
      rpID: site.rpId,
      userName: person.email,
      userDisplayName: person.display_name,
      // The WebAuthn user handle: the user id's 16 bytes (at most 64 are allowed; ids are unique across tenants).
      userID: uuidBytes(userId),
      attestationType: 'none',
      excludeCredentials: existing.map((key) => ({ id: key.credential_id, transports: key.transports as AuthenticatorTransportFuture[] })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      timeout: CHALLENGE_SECONDS * 1000,
    });
    await this.#newChallenge('register', options.challenge, `${tenantId}:${userId}`);
    return options;
  }

  /** Checks the browser's new credential against the challenge and keeps it under `name`. */
  async register(
    sql: Sql,
    site: WebAuthnSite,
    tenantId: string,
    userId: string,
    name: string,
    response: RegistrationResponseJSON,
  ): Promise<PasskeyView> {
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: this.#spend(sql, 'register', `${tenantId}:${userId}`),
        expectedOrigin: site.origin,
        expectedRPID: site.rpId,
        requireUserVerification: true,
      });
    } catch (error) {
      throw new DomainError(
        'auth.passkey_invalid',
        400,
        `The new passkey could not be checked (${(error as Error).message}); try adding it again.`,
      );
    }
    if (!verified.verified)
      throw new DomainError('auth.passkey_invalid', 400, 'The new passkey could not be checked; try adding it again.');
    const { credential } = verified.registrationInfo;
    const passkeyId = uuidv7();
    await sql.query(
      `insert into kernel.passkeys (tenant_id, passkey_id, user_id, credential_id, public_key, counter, transports, name)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        tenantId,
        passkeyId,
        userId,
        credential.id,
        Buffer.from(credential.publicKey),
        credential.counter,
        credential.transports ?? [],
        name,
      ],
    );
    return { id: passkeyId, name, createdAt: new Date().toISOString(), lastUsedAt: null };
  }

  async remove(sql: Sql, userId: string, passkeyId: string): Promise<void> {
    const removed = await sql.query('delete from kernel.passkeys where user_id = $1 and passkey_id = $2 returning 1', [userId, passkeyId]);
    if (removed.length === 0) throw notFound('auth.unknown_passkey', 'You have no passkey with that id.');
  }

  /** Options for the browser to sign in with any passkey of this site (it names the account). */
  async signInOptions(site: WebAuthnSite): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await generateAuthenticationOptions({
      rpID: site.rpId,
      userVerification: 'required',
      timeout: CHALLENGE_SECONDS * 1000,
    });
    await this.#newChallenge('sign-in', options.challenge);
    return options;
  }

  /** Whose passkey signed the challenge: the person (their tenant and user id), after every check. */
  async signIn(site: WebAuthnSite, response: AuthenticationResponseJSON): Promise<{ tenantId: string; userId: string; slug: string }> {
    const [key] = await this.#db.query<{
      tenant_id: string;
      passkey_id: string;
      user_id: string;
      public_key: Buffer;
      counter: string;
      transports: string[];
      active: boolean;
      slug: string;
    }>(
      `select p.tenant_id, p.passkey_id, p.user_id, p.public_key, p.counter, p.transports, u.active, t.slug
         from kernel.passkeys p
         join kernel.users u on u.tenant_id = p.tenant_id and u.user_id = p.user_id
         join kernel.tenants t on t.tenant_id = p.tenant_id
        where p.credential_id = $1`,
      [response.id],
    );
    if (!key) throw refused('auth.passkey_unknown', 'This passkey is not one of this KiTS: sign in with your e-mail and password.');
    let verified;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: this.#spend(this.#db, 'sign-in'),
        expectedOrigin: site.origin,
        expectedRPID: site.rpId,
        credential: {
          id: response.id,
          publicKey: new Uint8Array(key.public_key),
          counter: Number(key.counter),
          transports: key.transports as AuthenticatorTransportFuture[],
        },
        requireUserVerification: true,
      });
    } catch (error) {
      throw refused('auth.passkey_refused', `The passkey's answer failed its checks (${(error as Error).message}); try again.`);
    }
    if (!verified.verified) throw refused('auth.passkey_refused', "The passkey's answer failed its checks; try again.");
    if (!key.active) throw refused('auth.invalid_credentials', 'This account was deactivated; ask a manager to reactivate it.');
    // A counter that does not move on (authenticators that keep none stay at 0) is a cloned key.
    const counted = await this.#db.transaction({ tenantId: key.tenant_id }, (tx) =>
      tx.query(
        `update kernel.passkeys set counter = $2, last_used_at = now()
          where passkey_id = $1 and (counter < $2 or ($2 = 0 and counter = 0)) returning 1`,
        [key.passkey_id, verified.authenticationInfo.newCounter],
      ),
    );
    if (counted.length === 0)
      throw refused('auth.passkey_cloned', 'This passkey answered with an old counter (it may have been copied); sign in another way.');
    return { tenantId: key.tenant_id, userId: key.user_id, slug: key.slug };
  }
}
