import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../../db/database.ts';
import type { PermissionGrants } from '../authenticated.ts';
import { sha256 } from '../authenticator.ts';
import type { TokenSigner } from '../tokens.ts';

/** What a sign-in answers: a short-lived access token and the refresh token of its session. */
export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

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

/** What a session's tokens are issued for: the person, the session (refresh-token family), the till they use. */
export interface TokenSubject {
  readonly tenantId: string;
  readonly userId: string;
  readonly familyId: string;
  readonly deviceId?: string;
  readonly locationId?: string;
}

/**
 * An access token (with the person's grants and the session's id) and the next refresh token of the
 * session's family, stored hashed for `refreshTtlSeconds`.
 */
export async function issueTokens(sql: Sql, signer: TokenSigner, refreshTtlSeconds: number, input: TokenSubject): Promise<Session> {
  const grants = await grantsOf(sql, input.tenantId, input.userId);
  const { token, expiresIn } = await signer.sign({
    sub: input.userId,
    kind: input.deviceId ? 'cashier' : 'user',
    tid: input.tenantId,
    sid: input.familyId,
    ...(input.deviceId ? { dev: input.deviceId } : {}),
    ...(input.locationId ? { loc: input.locationId } : {}),
    grants,
  });
  const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
  await sql.query(
    `insert into kernel.refresh_tokens (tenant_id, token_id, family_id, user_id, device_id, token_hash, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
    [input.tenantId, uuidv7(), input.familyId, input.userId, input.deviceId ?? null, sha256(refreshToken), refreshTtlSeconds],
  );
  return { accessToken: token, refreshToken, tokenType: 'Bearer', expiresIn };
}
