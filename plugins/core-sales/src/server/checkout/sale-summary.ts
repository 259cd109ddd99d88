import { SqlConditions, Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import { salesSettings, type SalesSettings } from '../settings.ts';

const SummaryQuery = Type.Object(
  {
    locationId: Type.Optional(Type.With(Uuid, { description: 'Default: every location (the signed-in till’s own for a till)' })),
    from: Type.With(Timestamp, { description: 'Sales at or after this time (ISO 8601 with offset): the start of the day, say' }),
    to: Type.Optional(Type.With(Timestamp, { description: 'Sales before this time (default: now)' })),
  },
  { additionalProperties: false },
);

const Summary = Type.Object({
  count: Type.Integer({ description: 'completed sales' }),
  total: Type.Integer({ description: 'what they came to, in minor units' }),
  refunded: Type.Integer({ description: 'what was refunded of them so far' }),
  currency: Type.String(),
});

/**
 * How many sales were completed in a period and what they came to: the dashboard's "today" at a
 * location, without paging through every sale. A report, so it needs `core-sales:reports`.
 */
export function registerSaleSummaryRoute(routes: RouteRegistrar<SalesSettings>): void {
  routes.get('/sales/summary', {
    schema: {
      summary: 'Completed sales in a period (at a location): how many, their total and what was refunded of them',
      description: 'Needs `core-sales:reports` (at the location, when one is named).',
      querystring: SummaryQuery,
      response: { 200: Summary },
    },
    async handler(request) {
      const query = request.query;
      const locationId = query.locationId ?? request.actor.locationId;
      request.require('core-sales:reports', locationId);
      const sql = new SqlConditions();
      sql.and(`status = 'completed'`);
      sql.and(`occurred_at >= ${sql.param(query.from)}::timestamptz`);
      if (query.to !== undefined) sql.and(`occurred_at < ${sql.param(query.to)}::timestamptz`);
      if (locationId !== undefined) sql.and(`location_id = ${sql.param(locationId)}::uuid`);
      const [row] = await request.tx.query<{ count: number; total: string; refunded: string }>(
        `select count(*)::int as count, coalesce(sum(total), 0) as total, coalesce(sum(refunded), 0) as refunded from sales.sales ${sql.where}`,
        sql.params,
      );
      return {
        count: row!.count,
        total: Number(row!.total),
        refunded: Number(row!.refunded),
        currency: salesSettings(request.settings).currency,
      };
    },
  });
}
