import { DomainError } from '@kits/plugin-sdk';
import type { Database, Sql } from '../../db/database.ts';
import { sha256 } from '../authenticator.ts';
import { endSessions, type EndedSessions } from './session-records.ts';
import type { Session, TokenSubject } from './session-tokens.ts';

/**
 * An SSO session's check at its provider at each refresh (kernel/src/auth/identity/): `ended` when
 * the provider refuses the person (removed, disabled), `unreachable` when it cannot be asked.
 */
export type ProviderRefresh = (
  sql: Sql,
  tenantId: string,
  sealedRefreshToken: string,
  sessionId: string,
) => Promise<{ outcome: 'confirmed'; sealedRefreshToken: string } | { outcome: 'ended' | 'unreachable' }>;

/** How long an SSO session goes on while its provider cannot be reached, since it last confirmed the person. */
export const PROVIDER_GRACE_SECONDS = 3600;

/**
 * A refresh: the token is checked under its row's lock (used, revoked, expired, its person active, its
 * session not ended, its till not revoked, and an SSO session's person still known to the provider),
 * marked used, and the next of its family issued. Presenting a used token again ends the session
 * (it was stolen or replayed).
 */
export async function refreshSession(
  deps: {
    readonly db: Database;
    readonly endedSessions: EndedSessions;
    readonly providerRefresh?: ProviderRefresh;
    readonly issue: (sql: Sql, subject: TokenSubject) => Promise<Session>;
  },
  refreshToken: string,
): Promise<Session> {
  const { db } = deps;
  const outcome = await db.transaction({}, async (tx) => {
    const [token] = await tx.query<{
      tenant_id: string;
      family_id: string;
      user_id: string;
      device_id: string | null;
      used_at: Date | null;
      revoked_at: Date | null;
      expired: boolean;
    }>(
      'select tenant_id, family_id, user_id, device_id, used_at, revoked_at, expires_at < now() as expired from kernel.refresh_tokens where token_hash = $1 for update',
      [sha256(refreshToken)],
    );
    if (!token) return { error: new DomainError('auth.invalid_refresh', 401, 'The refresh token is not valid; sign in again.') };
    if (token.revoked_at)
      return { error: new DomainError('auth.refresh_revoked', 401, 'This session was signed out or revoked; sign in again.') };
    const end = async () => {
      deps.endedSessions.add(await endSessions(tx, token.user_id, { only: token.family_id }));
    };
    if (token.used_at) {
      await end();
      return {
        error: new DomainError(
          'auth.refresh_reused',
          401,
          'This refresh token was already used, so the session is revoked for safety; sign in again.',
        ),
      };
    }
    if (token.expired) return { error: new DomainError('auth.refresh_expired', 401, 'The session has expired; sign in again.') };
    const [user] = await tx.query<{ active: boolean }>('select active from kernel.users where tenant_id = $1 and user_id = $2', [
      token.tenant_id,
      token.user_id,
    ]);
    if (!user?.active) return { error: new DomainError('auth.invalid_refresh', 401, 'This user is no longer active.') };
    const [session] = await tx.query<{ ended: boolean; provider_refresh_sealed: string | null; confirmed_ago: number | null }>(
      `select ended_at is not null as ended, provider_refresh_sealed, extract(epoch from now() - provider_checked_at)::float8 as confirmed_ago
           from kernel.sessions where tenant_id = $1 and session_id = $2`,
      [token.tenant_id, token.family_id],
    );
    if (!session || session.ended)
      return {
        error: new DomainError('auth.session_ended', 401, 'This session was ended (from the list of sessions); sign in again.'),
      };
    if (session.provider_refresh_sealed) {
      // An SSO session: the provider says whether the person may still sign in (held under the token's lock, so once at a time).
      const check = deps.providerRefresh
        ? await deps.providerRefresh(tx, token.tenant_id, session.provider_refresh_sealed, token.family_id)
        : ({ outcome: 'unreachable' } as const);
      if (check.outcome === 'ended') {
        await end();
        return {
          error: new DomainError(
            'auth.sso_account_removed',
            401,
            "Your company account no longer signs in to this shop (the identity provider refused it); ask your company's admin.",
          ),
        };
      }
      if (check.outcome === 'confirmed')
        await tx.query(
          'update kernel.sessions set provider_refresh_sealed = $3, provider_checked_at = now() where tenant_id = $1 and session_id = $2',
          [token.tenant_id, token.family_id, check.sealedRefreshToken],
        );
      else if ((session.confirmed_ago ?? Infinity) > PROVIDER_GRACE_SECONDS)
        return {
          error: new DomainError(
            'auth.sso_provider_unreachable',
            503,
            "Your company's identity provider cannot be reached to confirm your account; try again in a minute.",
          ),
        };
    }
    await tx.query('update kernel.refresh_tokens set used_at = now() where token_hash = $1', [sha256(refreshToken)]);
    await tx.query('update kernel.sessions set last_used_at = now() where tenant_id = $1 and session_id = $2', [
      token.tenant_id,
      token.family_id,
    ]);
    let locationId: string | undefined;
    if (token.device_id) {
      const [device] = await tx.query<{ location_id: string }>(
        'select location_id from kernel.devices where tenant_id = $1 and device_id = $2 and revoked_at is null',
        [token.tenant_id, token.device_id],
      );
      if (!device) return { error: new DomainError('auth.unknown_device', 401, 'This device was revoked; pair it again.') };
      locationId = device.location_id;
    }
    const issued = await deps.issue(tx, {
      tenantId: token.tenant_id,
      userId: token.user_id,
      familyId: token.family_id,
      ...(token.device_id ? { deviceId: token.device_id } : {}),
      ...(locationId ? { locationId } : {}),
    });
    return { session: issued };
  });
  // The family revocation above commits; only then is the reuse reported.
  if ('error' in outcome) throw outcome.error;
  return outcome.session;
}
