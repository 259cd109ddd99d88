import { DomainError } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/database.ts';
import { sha256 } from '../authenticator.ts';
import { verifyAgainstNothing, verifySecret } from '../passwords.ts';
import { checkPinWithLockout } from '../pin-check.ts';
import { refreshSession, type ProviderRefresh } from './session-refresh.ts';
import { issueTokens, type Session, type TokenSubject } from './session-tokens.ts';
import type { TokenSigner } from '../tokens.ts';
import type { SecondFactorProof, SecondFactors } from '../second-factor/second-factors.ts';
import { endSessions, insertSession, type EndedSessions, type SessionStart, type SignInContext } from './session-records.ts';
import { createChallenge, findChallenge, spendChallenge, type ChallengeDetails } from '../second-factor/challenges.ts';

export { PIN_ATTEMPTS } from '../pin-check.ts';

const invalidCredentials = () => new DomainError('auth.invalid_credentials', 401, 'The tenant, e-mail or password is wrong.');
const passwordSignInOff = () =>
  new DomainError(
    'auth.password_sign_in_off',
    403,
    'This shop signs its people in with their company account: use "Continue with your company account".',
  );
const secondFactorDue = (purpose: 'verify' | 'enrol', challenge: string) =>
  purpose === 'verify'
    ? new DomainError(
        'auth.second_factor_required',
        401,
        'Enter the code from your authenticator app (or a recovery code) to finish signing in.',
        {
          challenge,
          methods: ['totp', 'recovery-code'],
        },
      )
    : new DomainError(
        'auth.second_factor_enrolment_required',
        403,
        'This shop asks people who can do what you can to use two-step verification: set it up now to finish signing in.',
        { challenge },
      );

/** A session signed in with a second factor it just set up: the recovery codes, shown once. */
export type SessionWithRecoveryCodes = Session & { readonly recoveryCodes?: readonly string[] };

export interface SessionService {
  /**
   * Password sign-in. Throws 401 `auth.second_factor_required` (or 403
   * `auth.second_factor_enrolment_required`) with a `challenge` when a second factor is due.
   */
  login(tenantSlug: string, email: string, password: string, context?: SignInContext): Promise<Session>;
  /** Opens a session for a person whose identity was proven elsewhere (an SSO callback). */
  open(start: SessionStart): Promise<Session>;
  /** Finishes a sign-in challenge with a code or recovery code (the enrolment's first code answers recovery codes). */
  completeSecondFactor(challenge: string, proof: SecondFactorProof): Promise<SessionWithRecoveryCodes>;
  /** Starts setting up the second factor a challenge of purpose `enrol` asks for. */
  startChallengeEnrolment(challenge: string): Promise<{ secret: string; otpauthUri: string }>;
  /** A cashier signs in on a device with their PIN, named by e-mail or (picked from the till's staff list) by user id. */
  pinLogin(
    tenantSlug: string,
    deviceId: string,
    cashier: { readonly email: string } | { readonly userId: string },
    pin: string,
    context?: SignInContext,
  ): Promise<Session>;
  refresh(refreshToken: string): Promise<Session>;
  logout(refreshToken: string): Promise<void>;
  operatorLogin(email: string, password: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }>;
}

/**
 * Sign-in and token lifecycle. Refresh tokens are opaque, stored hashed, and rotate: each use
 * marks the token used and issues the next of its family; presenting a used token again revokes
 * the whole family (it was stolen or replayed).
 */
export function createSessionService(deps: {
  db: Database;
  signer: TokenSigner;
  refreshTtlSeconds: number;
  secondFactors: SecondFactors;
  endedSessions: EndedSessions;
  providerRefresh?: ProviderRefresh;
}): SessionService {
  const { db, signer, secondFactors } = deps;

  async function open(sql: Sql, start: SessionStart & { locationId?: string }): Promise<Session> {
    const sessionId = uuidv7();
    await insertSession(sql, sessionId, start);
    return issue(sql, {
      tenantId: start.tenantId,
      userId: start.userId,
      familyId: sessionId,
      ...(start.deviceId ? { deviceId: start.deviceId } : {}),
      ...(start.locationId ? { locationId: start.locationId } : {}),
    });
  }

  const issue = (sql: Sql, subject: TokenSubject) => issueTokens(sql, signer, deps.refreshTtlSeconds, subject);

  async function tenantBySlug(slug: string): Promise<string | undefined> {
    const [row] = await db.query<{ tenant_id: string }>('select tenant_id from kernel.tenants where slug = $1', [slug]);
    return row?.tenant_id;
  }

  return {
    async login(tenantSlug, email, password, context = {}) {
      const tenantId = await tenantBySlug(tenantSlug);
      const [user] = tenantId
        ? await db.transaction({ tenantId }, (tx) =>
            tx.query<{ user_id: string; password_hash: string | null }>(
              'select user_id, password_hash from kernel.users where lower(email) = lower($1) and active',
              [email],
            ),
          )
        : [];
      if (!tenantId || !user?.password_hash) {
        await verifyAgainstNothing(password);
        throw invalidCredentials();
      }
      if (!(await verifySecret(user.password_hash, password))) throw invalidCredentials();
      const userId = user.user_id;
      const details: ChallengeDetails = { client: 'office', method: 'password', ...context };
      const outcome = await db.transaction({ tenantId }, async (tx) => {
        const [tenant] = await tx.query<{ password_sign_in: boolean }>('select password_sign_in from kernel.tenants where tenant_id = $1', [
          tenantId,
        ]);
        if (tenant && !tenant.password_sign_in) return { refused: passwordSignInOff() };
        if (await secondFactors.isEnrolled(tx, userId))
          return { refused: secondFactorDue('verify', await createChallenge(tx, tenantId, userId, 'verify', details)) };
        if (await secondFactors.isRequired(tx, tenantId, userId))
          return { refused: secondFactorDue('enrol', await createChallenge(tx, tenantId, userId, 'enrol', details)) };
        return { session: await open(tx, { tenantId, userId, client: 'office', method: 'password', context }) };
      });
      // The challenge commits; only then is the sign-in answered with it.
      if ('refused' in outcome) throw outcome.refused;
      return outcome.session;
    },

    async open(start) {
      return db.transaction({ tenantId: start.tenantId }, (tx) => open(tx, start));
    },

    async completeSecondFactor(token, proof) {
      const challenge = await findChallenge(db, token);
      return secondFactors.check(
        challenge.tenantId,
        challenge.userId,
        proof,
        { confirming: challenge.purpose === 'enrol' },
        async (tx, recoveryCodes) => {
          await spendChallenge(tx, challenge);
          const session = await open(tx, {
            tenantId: challenge.tenantId,
            userId: challenge.userId,
            client: challenge.details.client,
            method: challenge.details.method,
            secondFactor: true,
            context: { userAgent: challenge.details.userAgent, address: challenge.details.address },
          });
          return recoveryCodes ? { ...session, recoveryCodes } : session;
        },
      );
    },

    async startChallengeEnrolment(token) {
      const challenge = await findChallenge(db, token);
      if (challenge.purpose !== 'enrol')
        throw new DomainError('auth.second_factor_enrolled', 409, 'Two-step verification is already set up: enter a code from your app.');
      return db.transaction({ tenantId: challenge.tenantId }, (tx) =>
        secondFactors.startEnrolment(tx, challenge.tenantId, challenge.userId),
      );
    },

    async pinLogin(tenantSlug, deviceId, cashier, pin, context = {}) {
      // Picked from the till's list, the cashier is known: only the PIN can be wrong.
      const wrong = 'email' in cashier ? 'The e-mail or PIN is wrong' : 'The PIN is wrong';
      const tenantId = await tenantBySlug(tenantSlug);
      if (!tenantId) throw new DomainError('auth.unknown_device', 401, 'This device is not registered with that tenant; pair it first.');
      const found = await db.transaction({ tenantId }, async (tx) => {
        const [device] = await tx.query<{ location_id: string; revoked: boolean }>(
          'select location_id, revoked_at is not null as revoked from kernel.devices where device_id = $1',
          [deviceId],
        );
        const [user] = await tx.query<{ user_id: string; pin_hash: string | null }>(
          'email' in cashier
            ? 'select user_id, pin_hash from kernel.users where lower(email) = lower($1) and active'
            : 'select user_id, pin_hash from kernel.users where user_id = $1 and active',
          ['email' in cashier ? cashier.email : cashier.userId],
        );
        return { device, user };
      });
      if (!found.device)
        throw new DomainError('auth.unknown_device', 401, 'This device is not registered with that tenant; pair it first.');
      // The till recognises this answer: it sends what it holds with its device key, then erases (decision D-198).
      if (found.device.revoked)
        throw new DomainError('auth.device_revoked', 401, 'This till was revoked in the back office: nobody can sign in on it any more.');
      const { user } = found;
      if (!user?.pin_hash) {
        await verifyAgainstNothing(pin);
        throw new DomainError('auth.invalid_credentials', 401, `${wrong}.`);
      }
      return checkPinWithLockout(
        db,
        tenantId,
        { userId: user.user_id, pinHash: user.pin_hash },
        pin,
        (left) => new DomainError('auth.invalid_credentials', 401, `${wrong} (${left} tries left before the PIN locks).`),
        (tx) =>
          open(tx, {
            tenantId,
            userId: user.user_id,
            client: 'till',
            method: 'pin',
            deviceId,
            locationId: found.device!.location_id,
            context,
          }),
      );
    },

    refresh: (refreshToken) =>
      refreshSession({ db, endedSessions: deps.endedSessions, providerRefresh: deps.providerRefresh, issue }, refreshToken),

    async logout(refreshToken) {
      await db.transaction({}, async (tx) => {
        const [token] = await tx.query<{ tenant_id: string; user_id: string; family_id: string }>(
          'select tenant_id, user_id, family_id from kernel.refresh_tokens where token_hash = $1',
          [sha256(refreshToken)],
        );
        if (token) deps.endedSessions.add(await endSessions(tx, token.user_id, { only: token.family_id }));
      });
    },

    async operatorLogin(email, password) {
      const [operator] = await db.query<{ operator_id: string; password_hash: string }>(
        'select operator_id, password_hash from kernel.operators where lower(email) = lower($1)',
        [email],
      );
      if (!operator) {
        await verifyAgainstNothing(password);
        throw new DomainError('auth.invalid_credentials', 401, 'The e-mail or password is wrong.');
      }
      if (!(await verifySecret(operator.password_hash, password)))
        throw new DomainError('auth.invalid_credentials', 401, 'The e-mail or password is wrong.');
      const { token, expiresIn } = await signer.sign({ sub: operator.operator_id, kind: 'operator' });
      return { accessToken: token, tokenType: 'Bearer', expiresIn };
    },
  };
}
