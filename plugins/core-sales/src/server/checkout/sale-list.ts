import {
  decodeCursor,
  Page,
  PageQuery,
  pageOf,
  pageRequest,
  Nullable,
  SqlConditions,
  Timestamp,
  timestampKeySql,
  Type,
  Uuid,
  type RouteRegistrar,
} from '@kits/plugin-sdk';
import type { SalesSettings } from '../settings.ts';

const SALE_STATUSES = ['completed', 'parked', 'resumed', 'voided'] as const;

const SaleSummary = Type.Object({
  id: Uuid,
  receiptNumber: Nullable(Type.Integer()),
  status: Type.String(),
  origin: Type.String(),
  /** null for a sale another channel took */
  deviceId: Nullable(Uuid),
  locationId: Uuid,
  shiftId: Nullable(Uuid),
  /** null for a sale another channel took */
  cashierId: Nullable(Type.String()),
  /** `till`, or the channel that recorded it (`shopify`) */
  channel: Type.String(),
  /** A channel's sale: its id there and the name people use (`#1001`) */
  source: Nullable(Type.Object({ channel: Type.String(), id: Type.String(), name: Nullable(Type.String()) })),
  customerId: Nullable(Uuid),
  total: Type.Integer(),
  refunded: Type.Integer(),
  currency: Type.String(),
  occurredAt: Timestamp,
  receivedAt: Timestamp,
});

const SaleListQuery = PageQuery({
  receiptNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 1e15, description: 'The number on the receipt' })),
  locationId: Type.Optional(Type.With(Uuid, { description: 'Default: the signed-in till’s location' })),
  deviceId: Type.Optional(Type.With(Uuid, { description: 'The till that rang the sale up' })),
  cashierId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The user id of the cashier' })),
  customerId: Type.Optional(Uuid),
  status: Type.Optional(Type.Union(SALE_STATUSES.map((status) => Type.Literal(status)))),
  from: Type.Optional(Type.With(Timestamp, { description: 'Sales at or after this time (ISO 8601 with offset)' })),
  to: Type.Optional(Type.With(Timestamp, { description: 'Sales before this time (ISO 8601 with offset)' })),
});

interface SaleSummaryRow {
  sale_id: string;
  receipt_number: string | null;
  status: string;
  origin: string;
  device_id: string | null;
  location_id: string;
  shift_id: string | null;
  cashier_id: string | null;
  channel: string;
  source_id: string | null;
  source_name: string | null;
  customer_id: string | null;
  total: string;
  refunded: string;
  currency: string;
  occurred_at: Date | string;
  received_at: Date | string;
  sort_time: string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * Sales newest first (by the time the till rang them up, then id), a page at a time. A till
 * finding a receipt by its number needs nothing more; listing sales otherwise is a report, so it
 * needs `core-sales:reports` (at the location, when one is named).
 */
export function registerSaleListRoute(routes: RouteRegistrar<SalesSettings>): void {
  routes.get('/sales', {
    schema: {
      summary: 'Sales, newest first, a page at a time: by receipt number, date, location, till, cashier, customer or status',
      description:
        'Without `receiptNumber` this is a report and needs `core-sales:reports`. A till signed in on a device sees its own location unless it names another.',
      querystring: SaleListQuery,
      response: { 200: Page(SaleSummary) },
    },
    async handler(request) {
      const query = request.query;
      const locationId = query.locationId ?? request.actor.locationId;
      if (query.receiptNumber === undefined) request.require('core-sales:reports', locationId);
      const page = pageRequest(query);
      const after = decodeCursor(page.cursor, ['timestamp', 'uuid']);
      const sql = new SqlConditions();
      if (query.receiptNumber !== undefined) sql.and(`receipt_number = ${sql.param(query.receiptNumber)}`);
      if (locationId !== undefined) sql.and(`location_id = ${sql.param(locationId)}::uuid`);
      if (query.deviceId !== undefined) sql.and(`device_id = ${sql.param(query.deviceId)}::uuid`);
      if (query.cashierId !== undefined) sql.and(`cashier_id = ${sql.param(query.cashierId)}`);
      if (query.customerId !== undefined) sql.and(`customer_id = ${sql.param(query.customerId)}::uuid`);
      if (query.status !== undefined) sql.and(`status = ${sql.param(query.status)}`);
      if (query.from !== undefined) sql.and(`occurred_at >= ${sql.param(query.from)}::timestamptz`);
      if (query.to !== undefined) sql.and(`occurred_at < ${sql.param(query.to)}::timestamptz`);
      if (after) sql.and(`(occurred_at, sale_id) < (${sql.param(after[0])}::timestamptz, ${sql.param(after[1])}::uuid)`);
      const rows = await request.tx.query<SaleSummaryRow>(
        `select sale_id, receipt_number, status, origin, device_id, location_id, shift_id, cashier_id, customer_id, total, refunded, currency,
                channel, source_id, source_name, occurred_at, received_at, ${timestampKeySql('occurred_at')} as sort_time
           from sales.sales ${sql.where}
          order by occurred_at desc, sale_id desc limit ${sql.param(page.limit + 1)}`,
        sql.params,
      );
      return pageOf(
        rows,
        page.limit,
        (r) => ({
          id: r.sale_id,
          receiptNumber: r.receipt_number === null ? null : Number(r.receipt_number),
          status: r.status,
          origin: r.origin,
          deviceId: r.device_id,
          locationId: r.location_id,
          shiftId: r.shift_id,
          cashierId: r.cashier_id,
          channel: r.channel,
          source: r.source_id === null ? null : { channel: r.channel, id: r.source_id, name: r.source_name },
          customerId: r.customer_id,
          total: Number(r.total),
          refunded: Number(r.refunded),
          currency: r.currency,
          occurredAt: iso(r.occurred_at),
          receivedAt: iso(r.received_at),
        }),
        (r) => [r.sort_time, r.sale_id],
      );
    },
  });
}
