import { conflict, decodeCursor, encodeCursor, notFound, PageLimit, Type, Uuid, type ServerPluginContext } from '@kits/plugin-sdk';
import { EXPORT_COLUMNS, exportById, exportViews, type ExportRow } from '../exports/export-view.ts';
import { MANAGE, VIEW } from './status-routes.ts';
import { EXPORT_STATUSES } from '../../shared/export-view.ts';

const Status = Type.Union(EXPORT_STATUSES.map((s) => Type.Literal(s)));

/** `GET /exports` (newest day first) and `POST /exports/:id/retry`. */
export function registerExportRoutes(context: ServerPluginContext): void {
  context.routes.get('/exports', {
    permission: VIEW,
    schema: {
      summary: 'Journals posted and to post, newest day first',
      querystring: Type.Object(
        {
          status: Type.Optional(Status),
          locationId: Type.Optional(Uuid),
          after: Type.Optional(Type.String({ maxLength: 500, description: 'The `next` of the previous page' })),
          limit: Type.Optional(PageLimit),
        },
        { additionalProperties: false },
      ),
    },
    async handler({ tx, query }) {
      const limit = query.limit ?? 50;
      const after = decodeCursor(query.after, ['text', 'uuid', 'integer'] as const);
      const rows = await tx.query<ExportRow>(
        `select ${EXPORT_COLUMNS} from accounting.exports
          where ($1::text is null or status = $1) and ($2::uuid is null or location_id = $2)
            and ($3::date is null or (day, $4::uuid, $5::int) < ($3::date, location_id, sequence))
          order by day desc, location_id, sequence desc
          limit $6`,
        [query.status ?? null, query.locationId ?? null, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit + 1],
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        exports: await exportViews(tx, page),
        next: rows.length > limit && last ? encodeCursor([last.day, last.location_id, last.sequence]) : null,
      };
    },
  });

  context.routes.post('/exports/:id/retry', {
    permission: MANAGE,
    schema: {
      summary: 'Sends a failed or paused export again now',
      params: Type.Object({ id: Uuid }, { additionalProperties: false }),
    },
    async handler({ tx, params }) {
      const [row] = await tx.query<{ status: string }>('select status from accounting.exports where export_id = $1 for update', [
        params.id,
      ]);
      if (!row) throw notFound('accounting.unknown_export', `There is no export ${params.id}; pick one from GET /exports.`);
      if (row.status === 'posted')
        throw conflict(
          'accounting.export_posted',
          `Export ${params.id} is posted already; a later change posts an adjusting journal by itself.`,
        );
      await tx.query(
        `update accounting.exports set status = case when outcome_unknown then 'posting' else 'waiting' end, failures = 0,
                next_attempt_at = now(), updated_at = now()
          where export_id = $1`,
        [params.id],
      );
      await tx.audit('accounting.export.retried', { exportId: params.id, from: row.status });
      return exportById(tx, params.id);
    },
  });
}
