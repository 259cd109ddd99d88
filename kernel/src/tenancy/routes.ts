import { badRequest, conflict, CurrencyCode, NonBlankText, notFound, Timestamp, Uuid, type Actor } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requireOperator, requirePermission } from '../auth/authenticator.ts';
import { hashSecret } from '../auth/passwords.ts';
import type { Database, Transaction } from '../db/database.ts';
import { auditLog } from './audit.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerLocationRoutes } from './locations.ts';
import { registerDeviceRoutes } from './devices/device-routes.ts';
import { registerStaffChangeRoutes } from './staff-changes.ts';
import { createTenant, type NewTenant } from './tenants.ts';

const Email = Type.String({ format: 'email', maxLength: 254 });
const Name = NonBlankText(200);
const Pin = Type.String({ pattern: '^[0-9]{4,8}$', description: '4 to 8 digits' });
const Password = NonBlankText(200, { minLength: 10 });
const body = (properties: Record<string, TSchema>) => Type.Object(properties, { additionalProperties: false });
const iso = (value: Date | string) => new Date(value).toISOString();

const TenantSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  timezone: Type.String(),
  createdAt: Timestamp,
});
const UserSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  active: Type.Boolean(),
  hasPassword: Type.Boolean(),
  hasPin: Type.Boolean(),
  pinLocked: Type.Boolean(),
  createdAt: Timestamp,
});
const RoleSchema = Type.Object({ id: Uuid, name: Type.String(), permissions: Type.Array(Type.String()), createdAt: Timestamp });
const GrantSchema = Type.Object({
  id: Uuid,
  userId: Uuid,
  roleId: Uuid,
  locationId: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
});
const list = (item: TSchema) => Type.Object({ items: Type.Array(item) });

export interface TenancyRouteDeps {
  readonly db: Database;
  readonly permissionCatalog: () => readonly string[];
}

type UserRow = {
  user_id: string;
  email: string;
  display_name: string;
  active: boolean;
  has_password: boolean;
  has_pin: boolean;
  pin_locked: boolean;
  created_at: Date;
};
const userView = (row: UserRow) => ({
  id: row.user_id,
  email: row.email,
  displayName: row.display_name,
  active: row.active,
  hasPassword: row.has_password,
  hasPin: row.has_pin,
  pinLocked: row.pin_locked,
  createdAt: iso(row.created_at),
});
const USER_COLUMNS = `user_id, email, display_name, active, password_hash is not null as has_password, pin_hash is not null as has_pin, pin_locked_at is not null as pin_locked, created_at`;

/** Tenants (operators) and, for the signed-in tenant, its locations, devices, users, roles and grants. */
export function registerTenancyRoutes(app: FastifyInstance, deps: TenancyRouteDeps): void {
  const { db } = deps;
  const tags = ['Tenancy'];

  /** Runs `fn` in the caller's tenant transaction after checking `permission`. */
  const asTenant = <T>(request: FastifyRequest, permission: string, fn: (tx: Transaction, actor: Actor) => Promise<T>): Promise<T> => {
    const { actor } = requirePermission(request, permission);
    return db.transaction({ tenantId: actor.tenantId }, (tx) => fn(tx, actor));
  };

  const requireLocation = async (tx: Transaction, locationId: string) => {
    const [location] = await tx.query('select 1 from kernel.locations where location_id = $1', [locationId]);
    if (!location)
      throw badRequest(
        'tenancy.unknown_location',
        `There is no location ${locationId} in this tenant; GET /api/v1/tenants/current/locations lists them.`,
      );
  };

  app.post('/api/v1/tenants', {
    schema: {
      tags,
      summary: 'Create a tenant with its first admin (operators only)',
      body: body({
        slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$', description: 'lower-case letters, digits and dashes' }),
        name: Name,
        currency: CurrencyCode,
        timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        admin: body({ email: Email, password: Password, displayName: Name }),
      }),
      response: { 201: TenantSchema },
    },
    handler: async (request, reply) => {
      const operatorId = requireOperator(request);
      const input = request.body as NewTenant;
      if (input.timezone !== undefined && !Intl.supportedValuesOf('timeZone').includes(input.timezone) && input.timezone !== 'UTC') {
        throw badRequest('tenancy.unknown_timezone', `"${input.timezone}" is not an IANA time zone (e.g. Europe/Amsterdam).`);
      }
      const tenant = await createTenant(db, input, { kind: 'operator', id: operatorId });
      reply.code(201);
      return tenant;
    },
  });

  app.get('/api/v1/tenants', {
    schema: { tags, summary: 'All tenants (operators only)', response: { 200: list(TenantSchema) } },
    handler: async (request) => {
      requireOperator(request);
      const rows = await db.query<{ tenant_id: string; slug: string; name: string; currency: string; timezone: string; created_at: Date }>(
        'select tenant_id, slug, name, currency, timezone, created_at from kernel.tenants order by created_at',
      );
      return {
        items: rows.map((r) => ({
          id: r.tenant_id,
          slug: r.slug,
          name: r.name,
          currency: r.currency,
          timezone: r.timezone,
          createdAt: iso(r.created_at),
        })),
      };
    },
  });

  registerLocationRoutes(app, db);

  registerDeviceRoutes(app, { db });

  app.get('/api/v1/tenants/current/users', {
    schema: { tags, summary: "The tenant's users", response: { 200: list(UserSchema) } },
    handler: async (request) =>
      asTenant(request, 'kernel:users.manage', async (tx) => ({
        items: (await tx.query<UserRow>(`select ${USER_COLUMNS} from kernel.users order by created_at`)).map(userView),
      })),
  });

  app.post('/api/v1/tenants/current/users', {
    schema: {
      tags,
      summary: 'Add a user (back-office password, till PIN, or both)',
      body: body({ email: Email, displayName: Name, password: Type.Optional(Password), pin: Type.Optional(Pin) }),
      response: { 201: UserSchema },
    },
    handler: async (request, reply) => {
      const input = request.body as { email: string; displayName: string; password?: string; pin?: string };
      const [passwordHash, pinHash] = await Promise.all([
        input.password ? hashSecret(input.password) : null,
        input.pin ? hashSecret(input.pin) : null,
      ]);
      return asTenant(request, 'kernel:users.manage', async (tx, actor) => {
        const [taken] = await tx.query('select 1 from kernel.users where lower(email) = lower($1)', [input.email]);
        if (taken) throw conflict('tenancy.email_taken', `A user with the e-mail ${input.email} exists already in this tenant.`);
        const id = uuidv7();
        const [row] = await tx.query<UserRow>(
          `insert into kernel.users (tenant_id, user_id, email, display_name, password_hash, pin_hash) values ($1, $2, $3, $4, $5, $6) returning ${USER_COLUMNS}`,
          [actor.tenantId, id, input.email, input.displayName, passwordHash, pinHash],
        );
        await auditLog(tx, actor, 'tenancy.user.created', { userId: id, email: input.email });
        reply.code(201);
        return userView(row!);
      });
    },
  });

  app.put('/api/v1/tenants/current/users/:userId/pin', {
    schema: {
      tags,
      summary: "Set a user's till PIN (also unlocks a locked PIN)",
      params: body({ userId: Uuid }),
      body: body({ pin: Pin }),
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      const { userId } = request.params as { userId: string };
      const pinHash = await hashSecret((request.body as { pin: string }).pin);
      await asTenant(request, 'kernel:users.manage', async (tx, actor) => {
        const updated = await tx.query(
          'update kernel.users set pin_hash = $2, pin_failures = 0, pin_locked_at = null where user_id = $1 returning 1',
          [userId, pinHash],
        );
        if (updated.length === 0) throw notFound('tenancy.unknown_user', `There is no user ${userId} in this tenant.`);
        await auditLog(tx, actor, 'tenancy.user.pin_set', { userId });
      });
      return reply.code(204).send();
    },
  });

  app.get('/api/v1/tenants/current/permissions', {
    schema: {
      tags,
      summary: 'Every permission a role can hold (the kernel’s and every plugin’s)',
      response: { 200: Type.Object({ items: Type.Array(Type.String()) }) },
    },
    handler: async (request) => {
      requirePermission(request, 'kernel:roles.manage');
      return { items: [...deps.permissionCatalog()] };
    },
  });

  app.get('/api/v1/tenants/current/roles', {
    schema: { tags, summary: "The tenant's roles", response: { 200: list(RoleSchema) } },
    handler: async (request) =>
      asTenant(request, 'kernel:roles.manage', async (tx) => {
        const rows = await tx.query<{ role_id: string; name: string; permissions: string[]; created_at: Date }>(
          'select role_id, name, permissions, created_at from kernel.roles order by created_at',
        );
        return { items: rows.map((r) => ({ id: r.role_id, name: r.name, permissions: r.permissions, createdAt: iso(r.created_at) })) };
      }),
  });

  app.post('/api/v1/tenants/current/roles', {
    schema: {
      tags,
      summary: 'Create a role from permissions',
      body: body({
        name: NonBlankText(100),
        permissions: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 500, uniqueItems: true }),
      }),
      response: { 201: RoleSchema },
    },
    handler: async (request, reply) =>
      asTenant(request, 'kernel:roles.manage', async (tx, actor) => {
        const input = request.body as { name: string; permissions: string[] };
        const known = new Set(deps.permissionCatalog());
        const unknown = input.permissions.filter((p) => p !== '*' && !known.has(p));
        if (unknown.length > 0) {
          throw badRequest(
            'tenancy.unknown_permission',
            `Unknown permission${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. GET /api/v1/tenants/current/permissions lists them.`,
            { unknown },
          );
        }
        const [taken] = await tx.query('select 1 from kernel.roles where name = $1', [input.name]);
        if (taken) throw conflict('tenancy.role_name_taken', `A role named "${input.name}" exists already.`);
        const id = uuidv7();
        const [row] = await tx.query<{ created_at: Date }>(
          'insert into kernel.roles (tenant_id, role_id, name, permissions) values ($1, $2, $3, $4) returning created_at',
          [actor.tenantId, id, input.name, input.permissions],
        );
        await auditLog(tx, actor, 'tenancy.role.created', { roleId: id, name: input.name, permissions: input.permissions });
        reply.code(201);
        return { id, name: input.name, permissions: input.permissions, createdAt: iso(row!.created_at) };
      }),
  });

  app.post('/api/v1/tenants/current/users/:userId/grants', {
    schema: {
      tags,
      summary: 'Give a user a role at one location, or at every location when locationId is left out',
      params: body({ userId: Uuid }),
      body: body({ roleId: Uuid, locationId: Type.Optional(Uuid) }),
      response: { 201: GrantSchema },
    },
    handler: async (request, reply) =>
      asTenant(request, 'kernel:roles.manage', async (tx, actor) => {
        const { userId } = request.params as { userId: string };
        const input = request.body as { roleId: string; locationId?: string };
        const [user] = await tx.query('select 1 from kernel.users where user_id = $1', [userId]);
        if (!user) throw notFound('tenancy.unknown_user', `There is no user ${userId} in this tenant.`);
        const [role] = await tx.query('select 1 from kernel.roles where role_id = $1', [input.roleId]);
        if (!role)
          throw badRequest(
            'tenancy.unknown_role',
            `There is no role ${input.roleId} in this tenant; GET /api/v1/tenants/current/roles lists them.`,
          );
        if (input.locationId) await requireLocation(tx, input.locationId);
        const id = uuidv7();
        const [row] = await tx.query<{ created_at: Date }>(
          `insert into kernel.role_grants (tenant_id, grant_id, user_id, role_id, location_id) values ($1, $2, $3, $4, $5)
           on conflict do nothing returning created_at`,
          [actor.tenantId, id, userId, input.roleId, input.locationId ?? null],
        );
        if (!row) throw conflict('tenancy.grant_exists', 'The user has that role at that location already.');
        await auditLog(tx, actor, 'tenancy.role.granted', {
          grantId: id,
          userId,
          roleId: input.roleId,
          locationId: input.locationId ?? null,
        });
        reply.code(201);
        return { id, userId, roleId: input.roleId, locationId: input.locationId ?? null, createdAt: iso(row.created_at) };
      }),
  });

  registerAuditRoutes(app, { db });
  registerStaffChangeRoutes(app, { db });
}
