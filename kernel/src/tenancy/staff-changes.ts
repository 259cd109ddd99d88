import { badRequest, conflict, DomainError, NonBlankText, notFound, Uuid, type Actor } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { hasPermission } from '../auth/authenticated.ts';
import { requirePermission } from '../auth/authenticator.ts';
import { hashSecret } from '../auth/passwords.ts';
import { endSessions } from '../auth/sessions/session-records.ts';
import type { Database, Sql, Transaction } from '../db/database.ts';
import { auditLog } from './audit.ts';
import { StaffMember } from './staff.ts';

const tags = ['Tenancy'];
const GrantInput = Type.Object(
  { roleId: Uuid, locationId: Type.Optional(Type.With(Uuid, { description: 'left out: at every location' })) },
  { additionalProperties: false },
);
const Invitation = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    displayName: NonBlankText(200),
    password: Type.Optional(NonBlankText(200, { minLength: 10, description: 'to sign in to the back office (10 characters or more)' })),
    pin: Type.Optional(Type.String({ pattern: '^[0-9]{4,8}$', description: 'to sign in on a till: 4 to 8 digits' })),
    grants: Type.Array(GrantInput, { maxItems: 50, default: [], description: 'roles to give at once, each at a location or everywhere' }),
  },
  { additionalProperties: false },
);
const UserChange = Type.Object(
  {
    displayName: Type.Optional(NonBlankText(200)),
    active: Type.Optional(Type.Boolean({ description: 'false: the person can no longer sign in anywhere (back office, till, refresh)' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

type StaffRow = Static<typeof StaffMember>;

/** One staff member as the staff list shows them (with their grants), read in `sql`'s transaction. */
async function staffMember(sql: Sql, userId: string): Promise<StaffRow | undefined> {
  const [row] = await sql.query<{ member: StaffRow }>(
    `select json_build_object(
              'id', u.user_id, 'email', u.email, 'displayName', u.display_name, 'active', u.active,
              'hasPassword', u.password_hash is not null, 'hasPin', u.pin_hash is not null,
              'pinLocked', u.pin_locked_at is not null, 'createdAt', u.created_at,
              'grants', coalesce((select json_agg(json_build_object('grantId', g.grant_id, 'roleId', g.role_id, 'roleName', r.name,
                                                                    'locationId', g.location_id) order by r.name, g.location_id nulls first)
                                    from kernel.role_grants g join kernel.roles r on r.tenant_id = g.tenant_id and r.role_id = g.role_id
                                   where g.tenant_id = u.tenant_id and g.user_id = u.user_id), '[]'::json)) as member
       from kernel.users u where u.user_id = $1`,
    [userId],
  );
  return row ? { ...row.member, createdAt: new Date(row.member.createdAt).toISOString() } : undefined;
}

/**
 * Changes to the staff a back office makes: invite a person with their roles in one step, rename
 * or deactivate them, take a role away. (Creating users one field at a time stays in routes.ts.)
 */
export function registerStaffChangeRoutes(app: FastifyInstance, deps: { readonly db: Database }): void {
  const { db } = deps;
  const inTenant = <T>(actor: Actor, fn: (tx: Transaction) => Promise<T>) => db.transaction({ tenantId: actor.tenantId }, fn);

  const requireRolesToo = (request: FastifyRequest, grants: readonly unknown[]) => {
    const { grants: held } = requirePermission(request, 'kernel:users.manage');
    if (grants.length > 0 && !hasPermission(held, 'kernel:roles.manage'))
      throw new DomainError(
        'auth.forbidden',
        403,
        'You need the permission "kernel:roles.manage" to give roles; ask an admin to grant it.',
        {
          permission: 'kernel:roles.manage',
        },
      );
  };

  app.get('/api/v1/tenants/current/staff/:userId', {
    schema: {
      tags,
      summary: 'One staff member with their roles',
      description: 'Needs `kernel:users.manage`.',
      params: Type.Object({ userId: Uuid }, { additionalProperties: false }),
      response: { 200: StaffMember },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:users.manage');
      const { userId } = request.params as { userId: string };
      const member = await db.transaction({ tenantId: actor.tenantId, readOnly: true }, (tx) => staffMember(tx, userId));
      if (!member) throw notFound('tenancy.unknown_user', `There is no user ${userId} in this tenant.`);
      return member;
    },
  });

  app.post('/api/v1/tenants/current/staff', {
    schema: {
      tags,
      summary: 'Invite a person: a user with a back-office password and/or a till PIN, and their roles, in one step',
      description: 'Needs `kernel:users.manage` (and `kernel:roles.manage` to give roles). Nothing is written when any part is refused.',
      body: Invitation,
      response: { 201: StaffMember },
    },
    handler: async (request, reply) => {
      const input = request.body as Static<typeof Invitation>;
      requireRolesToo(request, input.grants);
      const { actor } = requirePermission(request, 'kernel:users.manage');
      if (!input.password && !input.pin)
        throw badRequest(
          'tenancy.sign_in_required',
          'Give a password (back office), a PIN (till), or both: otherwise they cannot sign in.',
          {
            errors: [{ field: 'password', message: 'give a password or a PIN' }],
          },
        );
      const [passwordHash, pinHash] = await Promise.all([
        input.password ? hashSecret(input.password) : null,
        input.pin ? hashSecret(input.pin) : null,
      ]);
      const member = await inTenant(actor, async (tx) => {
        const [taken] = await tx.query('select 1 from kernel.users where lower(email) = lower($1)', [input.email]);
        if (taken)
          throw conflict('tenancy.email_taken', `A user with the e-mail ${input.email} exists already in this tenant.`, {
            errors: [{ field: 'email', message: 'is taken by another user of this shop' }],
          });
        for (const [index, grant] of input.grants.entries()) {
          const [role] = await tx.query('select 1 from kernel.roles where role_id = $1', [grant.roleId]);
          if (!role)
            throw badRequest('tenancy.unknown_role', `There is no role ${grant.roleId} in this tenant.`, {
              errors: [{ field: `grants.${index}.roleId`, message: 'is not a role of this shop' }],
            });
          if (grant.locationId) {
            const [location] = await tx.query('select 1 from kernel.locations where location_id = $1', [grant.locationId]);
            if (!location)
              throw badRequest('tenancy.unknown_location', `There is no location ${grant.locationId} in this tenant.`, {
                errors: [{ field: `grants.${index}.locationId`, message: 'is not a location of this shop' }],
              });
          }
        }
        const id = uuidv7();
        await tx.query(
          'insert into kernel.users (tenant_id, user_id, email, display_name, password_hash, pin_hash) values ($1, $2, $3, $4, $5, $6)',
          [actor.tenantId, id, input.email, input.displayName, passwordHash, pinHash],
        );
        for (const grant of input.grants) {
          await tx.query(
            `insert into kernel.role_grants (tenant_id, grant_id, user_id, role_id, location_id) values ($1, $2, $3, $4, $5) on conflict do nothing`,
            [actor.tenantId, uuidv7(), id, grant.roleId, grant.locationId ?? null],
          );
        }
        await auditLog(tx, actor, 'tenancy.user.invited', { userId: id, email: input.email, grants: input.grants });
        return (await staffMember(tx, id))!;
      });
      reply.code(201);
      return member;
    },
  });

  app.patch('/api/v1/tenants/current/users/:userId', {
    schema: {
      tags,
      summary: 'Rename a user, or deactivate (active: false) or reactivate them',
      description: 'Needs `kernel:users.manage`. You cannot deactivate yourself.',
      params: Type.Object({ userId: Uuid }, { additionalProperties: false }),
      body: UserChange,
      response: { 200: StaffMember },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:users.manage');
      const { userId } = request.params as { userId: string };
      const change = request.body as Static<typeof UserChange>;
      if (change.active === false && actor.kind !== 'api-key' && actor.id === userId)
        throw conflict('tenancy.cannot_deactivate_self', 'You cannot deactivate your own account; ask another admin.', {
          errors: [{ field: 'active', message: 'you cannot deactivate yourself' }],
        });
      return inTenant(actor, async (tx) => {
        const updated = await tx.query(
          `update kernel.users set display_name = coalesce($2, display_name), active = coalesce($3, active) where user_id = $1 returning 1`,
          [userId, change.displayName ?? null, change.active ?? null],
        );
        if (updated.length === 0) throw notFound('tenancy.unknown_user', `There is no user ${userId} in this tenant.`);
        // A deactivated person is signed out everywhere (their access tokens are refused within seconds).
        if (change.active === false) await endSessions(tx, userId, {});
        const action =
          change.active === false
            ? 'tenancy.user.deactivated'
            : change.active === true
              ? 'tenancy.user.reactivated'
              : 'tenancy.user.renamed';
        await auditLog(tx, actor, action, { userId, ...change });
        return (await staffMember(tx, userId))!;
      });
    },
  });

  app.delete('/api/v1/tenants/current/users/:userId/grants/:grantId', {
    schema: {
      tags,
      summary: 'Take a role away from a user (one grant: the role at a location, or everywhere)',
      description: 'Needs `kernel:roles.manage`. It takes effect when their session is next refreshed (minutes).',
      params: Type.Object({ userId: Uuid, grantId: Uuid }, { additionalProperties: false }),
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      const { actor } = requirePermission(request, 'kernel:roles.manage');
      const { userId, grantId } = request.params as { userId: string; grantId: string };
      await inTenant(actor, async (tx) => {
        const [removed] = await tx.query<{ role_id: string; location_id: string | null }>(
          'delete from kernel.role_grants where user_id = $1 and grant_id = $2 returning role_id, location_id',
          [userId, grantId],
        );
        if (!removed) throw notFound('tenancy.unknown_grant', `User ${userId} has no grant ${grantId}; the staff list names each grant.`);
        await auditLog(tx, actor, 'tenancy.role.revoked', { grantId, userId, roleId: removed.role_id, locationId: removed.location_id });
      });
      return reply.code(204).send();
    },
  });
}
