import { randomBytes } from 'node:crypto';
import { badRequest, DomainError, NonBlankText, notFound, Nullable, Timestamp, Uuid } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/database.ts';
import { auditLog } from '../tenancy/audit.ts';
import { redeemPairingCode } from '../tenancy/pairing.ts';
import { requirePermission, requireTenantActor, sha256 } from './authenticator.ts';
import type { RateLimiter } from '../coordination/coordination.ts';
import type { SessionService } from './sessions/session-service.ts';
import { registerTillAuthRoutes } from './till-routes.ts';
import { registerIdentityRoutes, signInContext } from './identity/identity-routes.ts';
import type { IdentityProviders } from './identity/identity-providers.ts';
import type { SsoSignIn } from './identity/sso-sign-in.ts';
import type { OperatorSso } from './identity/operator-sso.ts';
import { registerSecondFactorRoutes } from './second-factor/second-factor-routes.ts';
import type { SecondFactors } from './second-factor/second-factors.ts';
import type { EndedSessions } from './sessions/session-records.ts';
import { registerSessionRoutes } from './sessions/session-routes.ts';
import { registerPasskeyRoutes } from './passkeys/passkey-routes.ts';
import type { Passkeys } from './passkeys/passkeys.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

const Email = Type.String({ format: 'email', maxLength: 254 });
const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });

const SessionSchema = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer(),
});
const ApiKeySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  permissions: Type.Array(Type.String()),
  locationId: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
});

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export interface AuthRouteDeps {
  readonly db: Database;
  readonly sessions: SessionService;
  readonly permissionCatalog: () => readonly string[];
  readonly rateLimits: RateLimiter;
  readonly secondFactors: SecondFactors;
  readonly endedSessions: EndedSessions;
  readonly identityProviders: IdentityProviders;
  readonly sso: SsoSignIn;
  readonly operatorSso: OperatorSso;
  readonly passkeys: Passkeys;
}

/** Sign-in attempts allowed in a minute per account, and per client address (a shop's tills share one). */
export const SIGN_IN_LIMITS = { perAccount: 20, perAddress: 300 } as const;

/** `/api/v1/auth`: sign-in (password, cashier PIN, operator), token refresh and logout, API keys; the tills' staff list and step-up. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const { db, sessions } = deps;
  const tags = ['Auth'];

  /** Throttles guessing: per account and per client address, across every kernel process when Redis is configured. */
  const throttle: SignInThrottle = async (request, account) => {
    const checks = [
      [`sign-in:account:${account.toLowerCase()}`, SIGN_IN_LIMITS.perAccount],
      [`sign-in:ip:${request.ip}`, SIGN_IN_LIMITS.perAddress],
    ] as const;
    for (const [key, limit] of checks) {
      const result = await deps.rateLimits.hit(key, limit, 60);
      if (!result.allowed) {
        throw new DomainError('auth.rate_limited', 429, `Too many sign-in attempts; wait ${result.retryAfterSeconds} s and try again.`, {
          retryAfterSeconds: result.retryAfterSeconds,
        });
      }
    }
  };

  registerTillAuthRoutes(app, { db, permissionCatalog: deps.permissionCatalog, throttle, secondFactors: deps.secondFactors });
  registerIdentityRoutes(app, {
    db,
    providers: deps.identityProviders,
    sso: deps.sso,
    operatorSso: deps.operatorSso,
    permissionCatalog: deps.permissionCatalog,
    throttle,
  });
  registerSecondFactorRoutes(app, { db, sessions, secondFactors: deps.secondFactors, throttle });
  registerSessionRoutes(app, { db, endedSessions: deps.endedSessions, throttle });
  registerPasskeyRoutes(app, { db, passkeys: deps.passkeys, sessions, throttle });

  app.post('/api/v1/auth/login', {
    schema: {
      tags,
      summary: 'Sign in with e-mail and password',
      security: [],
      body: Type.Object({ tenant: Slug, email: Email, password: NonBlankText(200) }, { additionalProperties: false }),
      response: { 200: SessionSchema },
    },
    handler: async (request) => {
      const body = request.body as { tenant: string; email: string; password: string };
      await throttle(request, `${body.tenant}:${body.email}`);
      return sessions.login(body.tenant, body.email, body.password, signInContext(request));
    },
  });

  app.post('/api/v1/auth/pin-login', {
    schema: {
      tags,
      summary: 'Cashier sign-in with a PIN on a registered till device',
      security: [],
      description: "The cashier is named by `email`, or by `userId` as the till's staff list gives it — one of the two.",
      body: Type.Object(
        {
          tenant: Slug,
          deviceId: Uuid,
          email: Type.Optional(Email),
          userId: Type.Optional(Uuid),
          pin: Type.String({ pattern: '^[0-9]{4,8}$' }),
        },
        { additionalProperties: false },
      ),
      response: { 200: SessionSchema },
    },
    handler: async (request) => {
      const body = request.body as { tenant: string; deviceId: string; email?: string; userId?: string; pin: string };
      if ((body.email === undefined) === (body.userId === undefined))
        throw badRequest(
          'auth.cashier_required',
          'Name the cashier who signs in: send either "email" or "userId" (from the staff list), not both.',
        );
      await throttle(request, `${body.tenant}:${body.email ?? body.userId}`);
      return sessions.pinLogin(
        body.tenant,
        body.deviceId,
        body.email !== undefined ? { email: body.email } : { userId: body.userId! },
        body.pin,
        signInContext(request),
      );
    },
  });

  app.post('/api/v1/auth/pair', {
    schema: {
      tags,
      summary: 'Pair a till with a device using the one-time code an admin created; cashiers then sign in with a PIN',
      security: [],
      body: Type.Object({ code: NonBlankText(20, { minLength: 6 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          tenant: Type.String(),
          deviceId: Type.String(),
          deviceName: Type.String(),
          locationId: Type.String(),
          /** Shown once: the till lists its location's staff with it (`Authorization: Device <key>`). */
          deviceKey: Type.String(),
        }),
      },
    },
    handler: async (request) => {
      await throttle(request, `pairing:${request.ip}`);
      return redeemPairingCode(deps.db, (request.body as { code: string }).code);
    },
  });

  app.post('/api/v1/auth/refresh', {
    schema: {
      tags,
      summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)',
      security: [],
      body: Type.Object({ refreshToken: NonBlankText(200, { minLength: 10 }) }, { additionalProperties: false }),
      response: { 200: SessionSchema },
    },
    handler: async (request) => sessions.refresh((request.body as { refreshToken: string }).refreshToken),
  });

  app.post('/api/v1/auth/logout', {
    schema: {
      tags,
      summary: 'Sign out: revokes the refresh token and every token rotated from it',
      security: [],
      body: Type.Object({ refreshToken: NonBlankText(200, { minLength: 10 }) }, { additionalProperties: false }),
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      await sessions.logout((request.body as { refreshToken: string }).refreshToken);
      return reply.code(204).send();
    },
  });

  app.post('/api/v1/auth/operator/login', {
    schema: {
      tags,
      summary: 'Operator sign-in',
      security: [],
      body: Type.Object({ email: Email, password: NonBlankText(200) }, { additionalProperties: false }),
      response: { 200: Type.Object({ accessToken: Type.String(), tokenType: Type.Literal('Bearer'), expiresIn: Type.Integer() }) },
    },
    handler: async (request) => {
      const body = request.body as { email: string; password: string };
      await throttle(request, `operator:${body.email}`);
      return sessions.operatorLogin(body.email, body.password);
    },
  });

  app.get('/api/v1/auth/me', {
    schema: {
      tags,
      summary: 'Who the credentials belong to, and their permissions per location',
      response: {
        200: Type.Object({
          kind: Type.String(),
          id: Type.String(),
          tenantId: Type.Optional(Type.String()),
          deviceId: Type.Optional(Type.String()),
          locationId: Type.Optional(Type.String()),
          grants: Type.Record(Type.String(), Type.Array(Type.String())),
          displayName: Type.Optional(Type.String({ description: "a person's name (users only)" })),
          email: Type.Optional(Type.String({ description: "a person's e-mail (users only)" })),
          tenant: Type.Optional(
            Type.Object(
              { name: Type.String(), slug: Type.String(), currency: Type.String(), timezone: Type.String() },
              { description: 'the tenant signed in to' },
            ),
          ),
        }),
      },
    },
    handler: async (request) => {
      if (request.principal && 'operatorId' in request.principal) return { kind: 'operator', id: request.principal.operatorId, grants: {} };
      const { actor, grants } = requireTenantActor(request);
      // The back office greets the person and formats money in the tenant's currency.
      return db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        const [tenant] = await tx.query<{ name: string; slug: string; currency: string; timezone: string }>(
          'select name, slug, currency, timezone from kernel.tenants where tenant_id = $1',
          [actor.tenantId],
        );
        const [person] =
          actor.kind === 'user' || actor.kind === 'cashier'
            ? await tx.query<{ display_name: string; email: string }>('select display_name, email from kernel.users where user_id = $1', [
                actor.id,
              ])
            : [];
        return {
          ...actor,
          grants,
          ...(person ? { displayName: person.display_name, email: person.email } : {}),
          ...(tenant ? { tenant } : {}),
        };
      });
    },
  });

  app.post('/api/v1/auth/api-keys', {
    schema: {
      tags,
      summary: 'Create an API key for an integration (the key is shown once)',
      body: Type.Object(
        {
          name: NonBlankText(100),
          permissions: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100, uniqueItems: true }),
          locationId: Type.Optional(Uuid),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Intersect([ApiKeySchema, Type.Object({ key: Type.String() })]) },
    },
    handler: async (request, reply) => {
      const { actor } = requirePermission(request, 'kernel:api-keys.manage');
      const body = request.body as { name: string; permissions: string[]; locationId?: string };
      const known = new Set(deps.permissionCatalog());
      const unknown = body.permissions.filter((permission) => permission !== '*' && !known.has(permission));
      if (unknown.length > 0)
        throw badRequest(
          'auth.unknown_permission',
          `Unknown permission${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. GET /api/v1/tenants/current/permissions lists them.`,
          { unknown },
        );
      const prefix = randomBytes(6).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const id = uuidv7();
      const row = await db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        if (body.locationId) {
          const [location] = await tx.query('select 1 from kernel.locations where location_id = $1', [body.locationId]);
          if (!location) throw badRequest('tenancy.unknown_location', `There is no location ${body.locationId} in this tenant.`);
        }
        const [created] = await tx.query<{ created_at: Date }>(
          `insert into kernel.api_keys (tenant_id, api_key_id, name, prefix, key_hash, permissions, location_id, created_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8) returning created_at`,
          [
            actor.tenantId,
            id,
            body.name,
            prefix,
            sha256(secret),
            body.permissions,
            body.locationId ?? null,
            actor.kind === 'api-key' ? null : actor.id,
          ],
        );
        await auditLog(tx, actor, 'auth.api_key.created', { apiKeyId: id, name: body.name, permissions: body.permissions });
        return created!;
      });
      reply.code(201);
      return {
        id,
        name: body.name,
        prefix,
        permissions: body.permissions,
        locationId: body.locationId ?? null,
        createdAt: iso(row.created_at)!,
        lastUsedAt: null,
        revokedAt: null,
        key: `kits_${prefix}_${secret}`,
      };
    },
  });

  app.get('/api/v1/auth/api-keys', {
    schema: {
      tags,
      summary: "The tenant's API keys (without their secrets)",
      response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }) },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:api-keys.manage');
      const rows = await db.transaction({ tenantId: actor.tenantId }, (tx) =>
        tx.query<{
          api_key_id: string;
          name: string;
          prefix: string;
          permissions: string[];
          location_id: string | null;
          created_at: Date;
          last_used_at: Date | null;
          revoked_at: Date | null;
        }>(
          'select api_key_id, name, prefix, permissions, location_id, created_at, last_used_at, revoked_at from kernel.api_keys order by created_at',
        ),
      );
      return {
        items: rows.map((row) => ({
          id: row.api_key_id,
          name: row.name,
          prefix: row.prefix,
          permissions: row.permissions,
          locationId: row.location_id,
          createdAt: iso(row.created_at)!,
          lastUsedAt: iso(row.last_used_at),
          revokedAt: iso(row.revoked_at),
        })),
      };
    },
  });

  app.delete('/api/v1/auth/api-keys/:apiKeyId', {
    schema: {
      tags,
      summary: 'Revoke an API key',
      params: Type.Object({ apiKeyId: Uuid }, { additionalProperties: false }),
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      const { actor } = requirePermission(request, 'kernel:api-keys.manage');
      const { apiKeyId } = request.params as { apiKeyId: string };
      await db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        const revoked = await tx.query(
          'update kernel.api_keys set revoked_at = coalesce(revoked_at, now()) where api_key_id = $1 returning 1',
          [apiKeyId],
        );
        if (revoked.length === 0) throw notFound('auth.unknown_api_key', `There is no API key ${apiKeyId} in this tenant.`);
        await auditLog(tx, actor, 'auth.api_key.revoked', { apiKeyId });
      });
      return reply.code(204).send();
    },
  });
}
