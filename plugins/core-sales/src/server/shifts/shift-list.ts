import {
  decodeCursor,
  Nullable,
  Page,
  PageQuery,
  pageOf,
  pageRequest,
  SqlConditions,
  Timestamp,
  timestampKeySql,
  Type,
  Uuid,
  type RouteRegistrar,
} from '@kits/plugin-sdk';
import type { SalesSettings } from '../settings.ts';

const ShiftSummary = Type.Object({
  id: Uuid,
  deviceId: Uuid,
  locationId: Uuid,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  openedBy: Type.String({ description: 'the user id of who opened it' }),
  closedBy: Nullable(Type.String()),
  openedAt: Type.With(Timestamp, { description: "the till's clock" }),
  closedAt: Nullable(Timestamp),
  openingFloat: Type.Integer(),
  expectedCash: Nullable(Type.Integer({ description: 'what the drawer should have held at close' })),
  countedCash: Nullable(Type.Integer({ description: 'what was counted at close' })),
  overShort: Nullable(Type.Integer({ description: 'counted less expected; negative: short' })),
});

const ShiftListQuery = PageQuery({
  locationId: Type.Optional(Type.With(Uuid, { description: 'Default: the signed-in till’s location' })),
  deviceId: Type.Optional(Type.With(Uuid, { description: 'The till the shift ran on' })),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
  from: Type.Optional(Type.With(Timestamp, { description: 'Shifts opened at or after this time (ISO 8601 with offset)' })),
  to: Type.Optional(Type.With(Timestamp, { description: 'Shifts opened before this time (ISO 8601 with offset)' })),
});

interface ShiftRow {
  shift_id: string;
  device_id: string;
  location_id: string;
  status: 'open' | 'closed';
  opened_by: string;
  closed_by: string | null;
  opened_at: Date | string;
  closed_at: Date | string | null;
  opening_float: string;
  expected_cash: string | null;
  counted_cash: string | null;
  over_short: string | null;
  sort_time: string;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const amount = (value: string | null) => (value === null ? null : Number(value));

/**
 * Shifts newest first (by when they opened, then id), a page at a time: the back office's list of
 * shifts, each opening its X or Z report. A report, so it needs `core-sales:reports` (at the
 * location, when one is named).
 */
export function registerShiftListRoute(routes: RouteRegistrar<SalesSettings>): void {
  routes.get('/shifts', {
    schema: {
      summary: 'Shifts, newest first, a page at a time: by location, till, status or the time they opened',
      description: 'Needs `core-sales:reports`. A till signed in on a device sees its own location unless it names another.',
      querystring: ShiftListQuery,
      response: { 200: Page(ShiftSummary) },
    },
    async handler(request) {
      const query = request.query;
      const locationId = query.locationId ?? request.actor.locationId;
      request.require('core-sales:reports', locationId);
      const page = pageRequest(query);
      const after = decodeCursor(page.cursor, ['timestamp', 'uuid']);
      const sql = new SqlConditions();
      if (locationId !== undefined) sql.and(`location_id = ${sql.param(locationId)}::uuid`);
      if (query.deviceId !== undefined) sql.and(`device_id = ${sql.param(query.deviceId)}::uuid`);
      if (query.status !== undefined) sql.and(`status = ${sql.param(query.status)}`);
      if (query.from !== undefined) sql.and(`opened_at >= ${sql.param(query.from)}::timestamptz`);
      if (query.to !== undefined) sql.and(`opened_at < ${sql.param(query.to)}::timestamptz`);
      if (after) sql.and(`(opened_at, shift_id) < (${sql.param(after[0])}::timestamptz, ${sql.param(after[1])}::uuid)`);
      const rows = await request.tx.query<ShiftRow>(
        `select shift_id, device_id, location_id, status, opened_by, closed_by, opened_at, closed_at, opening_float,
                expected_cash, counted_cash, over_short, ${timestampKeySql('opened_at')} as sort_time
           from sales.shifts ${sql.where}
          order by opened_at desc, shift_id desc limit ${sql.param(page.limit + 1)}`,
        sql.params,
      );
      return pageOf(
        rows,
        page.limit,
        (r) => ({
          id: r.shift_id,
          deviceId: r.device_id,
          locationId: r.location_id,
          status: r.status,
          openedBy: r.opened_by,
          closedBy: r.closed_by,
          openedAt: iso(r.opened_at),
          closedAt: r.closed_at === null ? null : iso(r.closed_at),
          openingFloat: Number(r.opening_float),
          expectedCash: amount(r.expected_cash),
          countedCash: amount(r.counted_cash),
          overShort: amount(r.over_short),
        }),
        (r) => [r.sort_time, r.shift_id],
      );
    },
  });
}
