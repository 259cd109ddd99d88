import {
  containsPattern,
  decodeCursor,
  Page,
  PageQuery,
  pageOf,
  pageRequest,
  SqlConditions,
  Timestamp,
  timestampKeySql,
  Uuid,
} from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { requirePermission } from '../auth/authenticator.ts';
import type { Database } from '../db/database.ts';

export const StaffMember = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  active: Type.Boolean(),
  hasPassword: Type.Boolean(),
  hasPin: Type.Boolean(),
  pinLocked: Type.Boolean(),
  createdAt: Timestamp,
  grants: Type.Array(
    Type.Object({
      grantId: Uuid,
      roleId: Uuid,
      roleName: Type.String(),
      locationId: Type.Union([Uuid, Type.Null()], { description: 'null: at every location' }),
    }),
  ),
});

const StaffQuery = PageQuery({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Text in the name or email, in any case' })),
  locationId: Type.Optional(Type.With(Uuid, { description: 'Staff with a role there (or at every location)' })),
  roleId: Type.Optional(Type.With(Uuid, { description: 'Staff with this role (at the location, when one is named)' })),
  active: Type.Optional(Type.Boolean({ description: 'Only active (true) or deactivated (false) users' })),
});

interface StaffRow {
  user_id: string;
  email: string;
  display_name: string;
  active: boolean;
  has_password: boolean;
  has_pin: boolean;
  pin_locked: boolean;
  created_at: Date | string;
  sort_time: string;
  grants: Array<{ grantId: string; roleId: string; roleName: string; locationId: string | null }>;
}

/** The tenant's staff with their roles, a page at a time: who works where, for a back office or a script. */
export function registerStaffRoutes(app: FastifyInstance, deps: { readonly db: Database }): void {
  app.get('/api/v1/tenants/current/staff', {
    schema: {
      tags: ['Tenancy'],
      summary: "The tenant's staff with their roles, oldest first, a page at a time; by text, location, role or whether active",
      description: 'Needs `kernel:users.manage`.',
      querystring: StaffQuery,
      response: { 200: Page(StaffMember) },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:users.manage');
      const query = request.query as Static<typeof StaffQuery>;
      const page = pageRequest(query);
      const after = decodeCursor(page.cursor, ['timestamp', 'uuid']);
      const sql = new SqlConditions();
      if (query.q !== undefined) {
        const q = sql.param(containsPattern(query.q));
        sql.and(`(u.display_name ilike ${q} or u.email ilike ${q})`);
      }
      if (query.active !== undefined) sql.and(`u.active = ${sql.param(query.active)}`);
      if (query.locationId !== undefined || query.roleId !== undefined) {
        const grant = [
          query.roleId !== undefined ? `g.role_id = ${sql.param(query.roleId)}::uuid` : 'true',
          query.locationId !== undefined ? `(g.location_id = ${sql.param(query.locationId)}::uuid or g.location_id is null)` : 'true',
        ];
        sql.and(
          `exists (select 1 from kernel.role_grants g where g.tenant_id = u.tenant_id and g.user_id = u.user_id and ${grant.join(' and ')})`,
        );
      }
      if (after) sql.and(`(u.created_at, u.user_id) > (${sql.param(after[0])}::timestamptz, ${sql.param(after[1])}::uuid)`);
      const rows = await deps.db.transaction({ tenantId: actor.tenantId, readOnly: true }, (tx) =>
        tx.query<StaffRow>(
          `select u.user_id, u.email, u.display_name, u.active, u.password_hash is not null as has_password, u.pin_hash is not null as has_pin,
                  u.pin_locked_at is not null as pin_locked, u.created_at, ${timestampKeySql('u.created_at')} as sort_time,
                  coalesce((select json_agg(json_build_object('grantId', g.grant_id, 'roleId', g.role_id, 'roleName', r.name, 'locationId', g.location_id)
                                            order by r.name, g.location_id nulls first)
                              from kernel.role_grants g join kernel.roles r on r.tenant_id = g.tenant_id and r.role_id = g.role_id
                             where g.tenant_id = u.tenant_id and g.user_id = u.user_id), '[]'::json) as grants
             from kernel.users u ${sql.where}
            order by u.created_at, u.user_id limit ${sql.param(page.limit + 1)}`,
          sql.params,
        ),
      );
      return pageOf(
        rows,
        page.limit,
        (r) => ({
          id: r.user_id,
          email: r.email,
          displayName: r.display_name,
          active: r.active,
          hasPassword: r.has_password,
          hasPin: r.has_pin,
          pinLocked: r.pin_locked,
          createdAt: new Date(r.created_at).toISOString(),
          grants: r.grants,
        }),
        (r) => [r.sort_time, r.user_id],
      );
    },
  });
}
