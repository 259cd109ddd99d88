import { badRequest, decodeCursor, Page, PageQuery, pageOf, pageRequest, SqlConditions, Timestamp, Uuid } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { requirePermission } from '../auth/authenticator.ts';
import type { Database } from '../db/database.ts';

const AuditEntry = Type.Object({
  id: Uuid,
  actorKind: Type.String(),
  actorId: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()], { description: "the user's name or the API key's name; null for the system" }),
  deviceId: Type.Union([Uuid, Type.Null()]),
  deviceName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  detail: Type.Unknown(),
  occurredAt: Timestamp,
});

const AuditQuery = PageQuery({
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'who: a user id, an API key id' })),
  action: Type.Optional(
    Type.String({
      pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9_-]*)*$',
      maxLength: 120,
      description: 'an action (tenancy.user.created) or the start of one (tenancy.user)',
    }),
  ),
  from: Type.Optional(Type.With(Timestamp, { description: 'at or after this instant' })),
  to: Type.Optional(Type.With(Timestamp, { description: 'before this instant' })),
  deviceId: Type.Optional(Type.With(Uuid, { description: 'done on this till' })),
});

interface AuditRow {
  audit_id: string;
  actor_kind: string;
  actor_id: string;
  actor_name: string | null;
  device_id: string | null;
  device_name: string | null;
  action: string;
  detail: unknown;
  occurred_at: Date | string;
}

/** The tenant's audit log, newest first, in the page shape of every list (ids are UUIDv7: their order is time's). */
export function registerAuditRoutes(app: FastifyInstance, deps: { readonly db: Database }): void {
  app.get('/api/v1/tenants/current/audit', {
    schema: {
      tags: ['Tenancy'],
      summary: 'The audit log, newest first, a page at a time: who changed what, when, from which device; by person, action, time or till',
      description: 'Needs `kernel:audit.read`.',
      querystring: AuditQuery,
      response: { 200: Page(AuditEntry) },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:audit.read');
      const query = request.query as Static<typeof AuditQuery>;
      if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) >= Date.parse(query.to))
        throw badRequest('tenancy.audit_range_empty', '"from" must be before "to": the range holds no time.', {
          errors: [{ field: 'query.to', message: 'must be after "from"' }],
        });
      const page = pageRequest(query);
      const before = decodeCursor(page.cursor, ['uuid']);
      const sql = new SqlConditions();
      if (query.actorId !== undefined) sql.and(`a.actor_id = ${sql.param(query.actorId)}`);
      if (query.action !== undefined) {
        const action = sql.param(query.action);
        sql.and(`(a.action = ${action} or left(a.action, length(${action}) + 1) = ${action} || '.')`);
      }
      if (query.from !== undefined) sql.and(`a.occurred_at >= ${sql.param(query.from)}::timestamptz`);
      if (query.to !== undefined) sql.and(`a.occurred_at < ${sql.param(query.to)}::timestamptz`);
      if (query.deviceId !== undefined) sql.and(`a.device_id = ${sql.param(query.deviceId)}::uuid`);
      if (before) sql.and(`a.audit_id < ${sql.param(before[0])}::uuid`);
      const rows = await deps.db.transaction({ tenantId: actor.tenantId, readOnly: true }, (tx) =>
        tx.query<AuditRow>(
          `select a.audit_id, a.actor_kind, a.actor_id, a.device_id, a.action, a.detail, a.occurred_at,
                  coalesce((select u.display_name from kernel.users u where u.tenant_id = a.tenant_id and u.user_id::text = a.actor_id),
                           (select k.name from kernel.api_keys k where k.tenant_id = a.tenant_id and k.api_key_id::text = a.actor_id)) as actor_name,
                  (select d.name from kernel.devices d where d.tenant_id = a.tenant_id and d.device_id = a.device_id) as device_name
             from kernel.audit_log a ${sql.where}
            order by a.audit_id desc limit ${sql.param(page.limit + 1)}`,
          sql.params,
        ),
      );
      return pageOf(
        rows,
        page.limit,
        (r) => ({
          id: r.audit_id,
          actorKind: r.actor_kind,
          actorId: r.actor_id,
          actorName: r.actor_name,
          deviceId: r.device_id,
          deviceName: r.device_name,
          action: r.action,
          detail: r.detail,
          occurredAt: new Date(r.occurred_at).toISOString(),
        }),
        (r) => [r.audit_id],
      );
    },
  });

  app.get('/api/v1/tenants/current/audit/actions', {
    schema: {
      tags: ['Tenancy'],
      summary: 'Every action the audit log holds, for a filter',
      description: 'Needs `kernel:audit.read`.',
      response: { 200: Type.Object({ items: Type.Array(Type.String()) }) },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:audit.read');
      const rows = await deps.db.transaction({ tenantId: actor.tenantId, readOnly: true }, (tx) =>
        tx.query<{ action: string }>('select distinct action from kernel.audit_log order by action'),
      );
      return { items: rows.map((row) => row.action) };
    },
  });
}
