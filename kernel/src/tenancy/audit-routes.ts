import { decodeCursor, Page, PageQuery, pageOf, pageRequest, Timestamp, Uuid } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { requirePermission } from '../auth/authenticator.ts';
import type { Database } from '../db/database.ts';

const AuditEntry = Type.Object({
  id: Uuid,
  actorKind: Type.String(),
  actorId: Type.String(),
  deviceId: Type.Union([Uuid, Type.Null()]),
  action: Type.String(),
  detail: Type.Unknown(),
  occurredAt: Timestamp,
});

const AuditQuery = PageQuery({});

interface AuditRow {
  audit_id: string;
  actor_kind: string;
  actor_id: string;
  device_id: string | null;
  action: string;
  detail: unknown;
  occurred_at: Date | string;
}

/** The tenant's audit log, newest first, in the page shape of every list (ids are UUIDv7: their order is time's). */
export function registerAuditRoutes(app: FastifyInstance, deps: { readonly db: Database }): void {
  app.get('/api/v1/tenants/current/audit', {
    schema: {
      tags: ['Tenancy'],
      summary: 'The audit log, newest first, a page at a time: who changed what, when, from which device',
      description: 'Needs `kernel:audit.read`.',
      querystring: AuditQuery,
      response: { 200: Page(AuditEntry) },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:audit.read');
      const page = pageRequest(request.query as Static<typeof AuditQuery>);
      const before = decodeCursor(page.cursor, ['uuid']);
      const rows = await deps.db.transaction({ tenantId: actor.tenantId }, (tx) =>
        tx.query<AuditRow>(
          `select audit_id, actor_kind, actor_id, device_id, action, detail, occurred_at from kernel.audit_log
            where ($1::uuid is null or audit_id < $1) order by audit_id desc limit $2`,
          [before?.[0] ?? null, page.limit + 1],
        ),
      );
      return pageOf(
        rows,
        page.limit,
        (r) => ({
          id: r.audit_id,
          actorKind: r.actor_kind,
          actorId: r.actor_id,
          deviceId: r.device_id,
          action: r.action,
          detail: r.detail,
          occurredAt: new Date(r.occurred_at).toISOString(),
        }),
        (r) => [r.audit_id],
      );
    },
  });
}
