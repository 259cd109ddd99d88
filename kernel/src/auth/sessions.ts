import { randomBytes } from 'node:crypto';
import { DomainError } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../db/database.ts';
import type { PermissionGrants } from './authenticated.ts';
import { sha256 } from './authenticator.ts';
import { verifyAgainstNothing, verifySecret } from './passwords.ts';
import { checkPinWithLockout } from './pin-check.ts';
import type { TokenSigner } from './tokens.ts';

export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

export { PIN_ATTEMPTS } from './pin-check.ts';

const invalidCredentials = () => new DomainError('auth.invalid_credentials', 401, 'The tenant, e-mail or password is wrong.');

/** A user's permissions per location, from their role grants. */
export async function grantsOf(sql: Sql, tenantId: string, userId: string): Promise<PermissionGrants> {
  const rows = await sql.query<{ location_id: string | null; permissions: string[] }>(
    `select g.location_id, r.permissions from kernel.role_grants g join kernel.roles r on r.tenant_id = g.tenant_id and r.role_id = g.role_id
      where g.tenant_id = $1 and g.user_id = $2`,
    [tenantId, userId],
  );
  const grants: Record<string, string[]> = {};
  for (const row of rows) {
    const key = row.location_id ?? '*';
    grants[key] = [...new Set([...(grants[key] ?? []), ...row.permissions])].sort();
  }
  return grants;
}

export interface SessionService {
  login(tenantSlug: string, email: string, password: string): Promise<Session>;
  /** A cashier signs in on a device with their PIN, named by e-mail or (picked from the till's staff list) by user id. */
  pinLogin(
    tenantSlug: string,
    deviceId: string,
    cashier: { readonly email: string } | { readonly userId: string },
    pin: string,
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
export function createSessionService(deps: { db: Database; signer: TokenSigner; refreshTtlSeconds: number }): SessionService {
  const { db, signer } = deps;

  async function issue(
    sql: Sql,
    input: { tenantId: string; userId: string; familyId?: string; deviceId?: string; locationId?: string },
  ): Promise<Session> {
    const grants = await grantsOf(sql, input.tenantId, input.userId);
    const { token, expiresIn } = await signer.sign({
      sub: input.userId,
      kind: input.deviceId ? 'cashier' : 'user',
      tid: input.tenantId,
      ...(input.deviceId ? { dev: input.deviceId } : {}),
      ...(input.locationId ? { loc: input.locationId } : {}),
      grants,
    });
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    await sql.query(
      `insert into kernel.refresh_tokens (tenant_id, token_id, family_id, user_id, device_id, token_hash, expires_at)
       values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
      [
        input.tenantId,
        uuidv7(),
        input.familyId ?? uuidv7(),
        input.userId,
        input.deviceId ?? null,
        sha256(refreshToken),
        deps.refreshTtlSeconds,
      ],
    );
    return { accessToken: token, refreshToken, tokenType: 'Bearer', expiresIn };
  }

  async function tenantBySlug(slug: string): Promise<string | undefined> {
    const [row] = await db.query<{ tenant_id: string }>('select tenant_id from kernel.tenants where slug = $1', [slug]);
    return row?.tenant_id;
  }

  return {
    async login(tenantSlug, email, password) {
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
      return db.transaction({ tenantId }, (tx) => issue(tx, { tenantId, userId: user.user_id }));
    },

    async pinLogin(tenantSlug, deviceId, cashier, pin) {
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
        (tx) => issue(tx, { tenantId, userId: user.user_id, deviceId, locationId: found.device!.location_id }),
      );
    },

    async refresh(refreshToken) {
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
        if (token.used_at) {
          await tx.query(
            'update kernel.refresh_tokens set revoked_at = now() where tenant_id = $1 and family_id = $2 and revoked_at is null',
            [token.tenant_id, token.family_id],
          );
          return {
            error: new DomainError(
              'auth.refresh_reused',
              401,
              'This refresh token was already used, so the session is revoked for safety; sign in again.',
            ),
          };
        }
        if (token.expired) return { error: new DomainError('auth.refresh_expired', 401, 'The session has expired; sign in again.') };
        await tx.query('update kernel.refresh_tokens set used_at = now() where token_hash = $1', [sha256(refreshToken)]);
        const [user] = await tx.query<{ active: boolean }>('select active from kernel.users where tenant_id = $1 and user_id = $2', [
          token.tenant_id,
          token.user_id,
        ]);
        if (!user?.active) return { error: new DomainError('auth.invalid_refresh', 401, 'This user is no longer active.') };
        let locationId: string | undefined;
        if (token.device_id) {
          const [device] = await tx.query<{ location_id: string }>(
            'select location_id from kernel.devices where tenant_id = $1 and device_id = $2 and revoked_at is null',
            [token.tenant_id, token.device_id],
          );
          if (!device) return { error: new DomainError('auth.unknown_device', 401, 'This device was revoked; pair it again.') };
          locationId = device.location_id;
        }
        const session = await issue(tx, {
          tenantId: token.tenant_id,
          userId: token.user_id,
          familyId: token.family_id,
          ...(token.device_id ? { deviceId: token.device_id } : {}),
          ...(locationId ? { locationId } : {}),
        });
        return { session };
      });
      // The family revocation above commits; only then is the reuse reported.
      if ('error' in outcome) throw outcome.error;
      return outcome.session;
    },

    async logout(refreshToken) {
      await db.query(
        `update kernel.refresh_tokens set revoked_at = now()
          where revoked_at is null and (tenant_id, family_id) in (select tenant_id, family_id from kernel.refresh_tokens where token_hash = $1)`,
        [sha256(refreshToken)],
      );
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
