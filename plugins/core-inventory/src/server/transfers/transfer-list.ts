import {
  decodeCursor,
  Page,
  pageOf,
  PageQuery,
  pageRequest,
  SqlConditions,
  Timestamp,
  Type,
  Uuid,
  type RouteRegistrar,
} from '@kits/plugin-sdk';
import type { InventorySettings } from '../settings.ts';

const TransferStatus = Type.Union([Type.Literal('draft'), Type.Literal('shipped'), Type.Literal('received'), Type.Literal('cancelled')]);

const TransferSummary = Type.Object({
  id: Uuid,
  fromLocationId: Uuid,
  toLocationId: Uuid,
  status: Type.String(),
  createdAt: Timestamp,
  shippedAt: Type.Union([Timestamp, Type.Null()]),
  receivedAt: Type.Union([Timestamp, Type.Null()]),
  lines: Type.Integer({ description: 'How many variants it carries' }),
  sent: Type.Integer({ description: 'Units on the transfer' }),
  received: Type.Integer({ description: 'Units received so far' }),
  short: Type.Integer({ description: 'Closed transfers: units sent that never arrived' }),
});

interface TransferSummaryRow {
  transfer_id: string;
  from_location_id: string;
  to_location_id: string;
  status: string;
  created_at: Date;
  shipped_at: Date | null;
  received_at: Date | null;
  lines: string;
  sent: string;
  received: string;
}

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

/** The transfers list: newest first (ids are UUIDv7), by status and by a location they leave or reach. */
export function registerTransferListRoute(routes: RouteRegistrar<InventorySettings>): void {
  routes.get('/transfers', {
    schema: {
      summary: 'Transfers, newest first, by status and location (either end); a page at a time',
      querystring: PageQuery({
        status: Type.Optional(TransferStatus),
        locationId: Type.Optional(Type.With(Uuid, { description: 'Transfers leaving or reaching this location' })),
      }),
      response: { 200: Page(TransferSummary) },
    },
    async handler(request) {
      const page = pageRequest(request.query);
      const before = decodeCursor(page.cursor, ['uuid']);
      const sql = new SqlConditions();
      if (request.query.status !== undefined) sql.and(`t.status = ${sql.param(request.query.status)}`);
      if (request.query.locationId !== undefined) {
        const location = sql.param(request.query.locationId);
        sql.and(`(t.from_location_id = ${location}::uuid or t.to_location_id = ${location}::uuid)`);
      }
      if (before) sql.and(`t.transfer_id < ${sql.param(before[0])}::uuid`);
      const rows = await request.tx.query<TransferSummaryRow>(
        `select t.transfer_id, t.from_location_id, t.to_location_id, t.status, t.created_at, t.shipped_at, t.received_at,
                count(l.variant_id) as lines, coalesce(sum(l.quantity_sent), 0) as sent, coalesce(sum(l.quantity_received), 0) as received
           from inventory.transfers t
           left join inventory.transfer_lines l on l.tenant_id = t.tenant_id and l.transfer_id = t.transfer_id
         ${sql.where}
          group by t.tenant_id, t.transfer_id
          order by t.transfer_id desc limit ${sql.param(page.limit + 1)}`,
        sql.params,
      );
      return pageOf(
        rows,
        page.limit,
        (row) => ({
          id: row.transfer_id,
          fromLocationId: row.from_location_id,
          toLocationId: row.to_location_id,
          status: row.status,
          createdAt: iso(row.created_at)!,
          shippedAt: iso(row.shipped_at),
          receivedAt: iso(row.received_at),
          lines: Number(row.lines),
          sent: Number(row.sent),
          received: Number(row.received),
          short: row.status === 'received' ? Number(row.sent) - Number(row.received) : 0,
        }),
        (row) => [row.transfer_id],
      );
    },
  });
}
