import { DomainError } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../../db/database.ts';
import { auditLog } from '../../tenancy/audit.ts';
import type { GroupRole, IdentityProviderView } from './identity-providers.ts';
import type { ProviderClaims } from './oidc-client.ts';

const refused = (code: string, detail: string) => new DomainError(code, 403, detail);

/** The groups a claim names: an array of strings, or one string. */
function groupsOf(claims: ProviderClaims, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  return typeof value === 'string' ? [value] : [];
}

/**
 * The account a provider's person signs in to: the one linked to their issuer and subject; else,
 * the first time, the active account with their verified e-mail (then linked); else a new one when
 * the shop creates accounts at first sign-in. Then the roles their groups map to replace the ones
 * an earlier SSO sign-in gave (grants a manager gave by hand stay).
 */
export async function linkAccount(sql: Sql, tenantId: string, provider: IdentityProviderView, claims: ProviderClaims): Promise<string> {
  const issuer = provider.issuer;
  const [linked] = await sql.query<{ user_id: string; active: boolean }>(
    `select i.user_id, u.active from kernel.user_identities i join kernel.users u on u.tenant_id = i.tenant_id and u.user_id = i.user_id
      where i.issuer = $1 and i.subject = $2`,
    [issuer, claims.sub],
  );
  let userId = linked?.user_id;
  const actor = (id: string) => ({ kind: 'user' as const, id, tenantId });
  if (linked && !linked.active)
    throw refused('auth.sso_account_inactive', 'Your account in this shop was deactivated; ask a manager to reactivate it.');
  if (!userId) {
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined;
    if (!email || claims.email_verified === false)
      throw refused(
        'auth.sso_no_verified_email',
        "Your company account has no verified e-mail, so KiTS cannot tell which account is yours; ask your company's IT.",
      );
    const [byEmail] = await sql.query<{ user_id: string; active: boolean }>(
      'select user_id, active from kernel.users where lower(email) = $1',
      [email],
    );
    if (byEmail && !byEmail.active)
      throw refused('auth.sso_account_inactive', 'Your account in this shop was deactivated; ask a manager to reactivate it.');
    if (byEmail) userId = byEmail.user_id;
    else if (provider.createAccounts) {
      userId = uuidv7();
      const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
      await sql.query('insert into kernel.users (tenant_id, user_id, email, display_name) values ($1, $2, $3, $4)', [
        tenantId,
        userId,
        email,
        name,
      ]);
      await auditLog(sql, actor(userId), 'auth.sso.account_created', { userId, email, issuer });
    } else
      throw refused(
        'auth.sso_no_account',
        `There is no account for ${email} in this shop; ask a manager to invite you (this shop does not create accounts at first sign-in).`,
      );
    await sql.query('insert into kernel.user_identities (tenant_id, issuer, subject, user_id) values ($1, $2, $3, $4)', [
      tenantId,
      issuer,
      claims.sub,
      userId,
    ]);
  }
  if (provider.groupRoles.length > 0)
    await applyGroupRoles(sql, tenantId, userId, provider.groupRoles, groupsOf(claims, provider.groupClaim));
  return userId;
}

async function applyGroupRoles(sql: Sql, tenantId: string, userId: string, mappings: readonly GroupRole[], groups: readonly string[]) {
  const wanted = mappings.filter((mapping) => groups.includes(mapping.group));
  const key = (roleId: string, locationId: string | null) => `${roleId}@${locationId ?? '*'}`;
  const wantedKeys = new Set(wanted.map((mapping) => key(mapping.roleId, mapping.locationId)));
  const held = await sql.query<{ grant_id: string; role_id: string; location_id: string | null }>(
    `select grant_id, role_id, location_id from kernel.role_grants where user_id = $1 and source = 'sso'`,
    [userId],
  );
  const stale = held.filter((grant) => !wantedKeys.has(key(grant.role_id, grant.location_id)));
  if (stale.length > 0)
    await sql.query('delete from kernel.role_grants where grant_id = any($1::uuid[])', [stale.map((grant) => grant.grant_id)]);
  const heldKeys = new Set(held.map((grant) => key(grant.role_id, grant.location_id)));
  for (const mapping of wanted) {
    if (heldKeys.has(key(mapping.roleId, mapping.locationId))) continue;
    await sql.query(
      `insert into kernel.role_grants (tenant_id, grant_id, user_id, role_id, location_id, source) values ($1, $2, $3, $4, $5, 'sso')
       on conflict do nothing`,
      [tenantId, uuidv7(), userId, mapping.roleId, mapping.locationId],
    );
  }
  if (stale.length > 0 || wanted.some((mapping) => !heldKeys.has(key(mapping.roleId, mapping.locationId))))
    await auditLog(sql, { kind: 'user', id: userId, tenantId }, 'auth.sso.roles_mapped', {
      userId,
      groups,
      roles: wanted.map((mapping) => ({ roleId: mapping.roleId, locationId: mapping.locationId })),
    });
}
