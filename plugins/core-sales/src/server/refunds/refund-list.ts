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

const RefundSummary = Type.Object({
  id: Uuid,
  saleId: Nullable(Uuid),
  deviceId: Nullable(Uuid),
  shiftId: Nullable(Uuid),
  cashierId: Nullable(Type.String({ description: 'the user id of who gave the refund; null for a refund another channel made' })),
  /** `till`, or the channel that made the refund (`shopify`) */
  channel: Type.String(),
  /** A channel's refund: its id there and the name people use */
  source: Nullable(Type.Object({ channel: Type.String(), id: Type.String(), name: Nullable(Type.String()) })),
  reason: Type.String(),
  restock: Type.Boolean(),
  total: Type.Integer(),
  currency: Type.String(),
  createdAt: Timestamp,
  lines: Type.Array(
    Type.Object({
      lineNo: Nullable(Type.Integer({ description: 'the line of the sale; null for a return without a receipt' })),
      variantId: Uuid,
      quantity: Type.Integer(),
      amount: Type.Integer(),
      tax: Type.Integer(),
    }),
  ),
  tenders: Type.Array(Type.Object({ method: Type.String(), amount: Type.Integer(), reference: Nullable(Type.String()) })),
});

const RefundListQuery = PageQuery({
  saleId: Type.Optional(Type.With(Uuid, { description: 'The refunds of this sale' })),
  shiftId: Type.Optional(Type.With(Uuid, { description: 'The refunds paid out in this shift' })),
  deviceId: Type.Optional(Type.With(Uuid, { description: 'The till that gave the refund' })),
  from: Type.Optional(Type.With(Timestamp, { description: 'Refunds at or after this time (ISO 8601 with offset)' })),
  to: Type.Optional(Type.With(Timestamp, { description: 'Refunds before this time (ISO 8601 with offset)' })),
});

interface RefundRow {
  refund_id: string;
  sale_id: string | null;
  device_id: string | null;
  shift_id: string | null;
  cashier_id: string | null;
  channel: string;
  source_id: string | null;
  source_name: string | null;
  reason: string;
  restock: boolean;
  total: string;
  currency: string;
  created_at: Date | string;
  sort_time: string;
  lines: Array<{ lineNo: number | null; variantId: string; quantity: number; amount: number; tax: number }>;
  tenders: Array<{ method: string; amount: number; reference: string | null }>;
}

/**
 * Refunds newest first, a page at a time, each with its lines and where the money went: a sale's
 * page lists its own (`saleId`, no further permission, as reading the sale needs none); listing
 * refunds otherwise is a report and needs `core-sales:reports`.
 */
export function registerRefundListRoute(routes: RouteRegistrar<SalesSettings>): void {
  routes.get('/refunds', {
    schema: {
      summary: 'Refunds, newest first, a page at a time, with their lines and tenders: of a sale, a shift or a till, or by time',
      description: 'Without `saleId` this is a report and needs `core-sales:reports`.',
      querystring: RefundListQuery,
      response: { 200: Page(RefundSummary) },
    },
    async handler(request) {
      const query = request.query;
      if (query.saleId === undefined) request.require('core-sales:reports');
      const page = pageRequest(query);
      const after = decodeCursor(page.cursor, ['timestamp', 'uuid']);
      const sql = new SqlConditions();
      if (query.saleId !== undefined) sql.and(`r.sale_id = ${sql.param(query.saleId)}::uuid`);
      if (query.shiftId !== undefined) sql.and(`r.shift_id = ${sql.param(query.shiftId)}::uuid`);
      if (query.deviceId !== undefined) sql.and(`r.device_id = ${sql.param(query.deviceId)}::uuid`);
      if (query.from !== undefined) sql.and(`r.created_at >= ${sql.param(query.from)}::timestamptz`);
      if (query.to !== undefined) sql.and(`r.created_at < ${sql.param(query.to)}::timestamptz`);
      if (after) sql.and(`(r.created_at, r.refund_id) < (${sql.param(after[0])}::timestamptz, ${sql.param(after[1])}::uuid)`);
      const rows = await request.tx.query<RefundRow>(
        `select r.refund_id, r.sale_id, r.device_id, r.shift_id, r.cashier_id, r.channel, r.source_id, r.source_name, r.reason, r.restock, r.total,
                r.currency, r.created_at,
                ${timestampKeySql('r.created_at')} as sort_time,
                (select coalesce(jsonb_agg(jsonb_build_object('lineNo', l.sale_line_no, 'variantId', l.variant_id, 'quantity', l.quantity,
                                                              'amount', l.amount, 'tax', l.tax) order by l.line_no), '[]')
                   from sales.refund_lines l where l.tenant_id = r.tenant_id and l.refund_id = r.refund_id) as lines,
                (select coalesce(jsonb_agg(jsonb_build_object('method', t.method, 'amount', t.amount, 'reference', t.reference) order by t.tender_no), '[]')
                   from sales.refund_tenders t where t.tenant_id = r.tenant_id and t.refund_id = r.refund_id) as tenders
           from sales.refunds r ${sql.where}
          order by r.created_at desc, r.refund_id desc limit ${sql.param(page.limit + 1)}`,
        sql.params,
      );
      return pageOf(
        rows,
        page.limit,
        (r) => ({
          id: r.refund_id,
          saleId: r.sale_id,
          deviceId: r.device_id,
          shiftId: r.shift_id,
          cashierId: r.cashier_id,
          channel: r.channel,
          source: r.source_id === null ? null : { channel: r.channel, id: r.source_id, name: r.source_name },
          reason: r.reason,
          restock: r.restock,
          total: Number(r.total),
          currency: r.currency.trim(),
          createdAt: new Date(r.created_at).toISOString(),
          lines: r.lines.map((l) => ({ ...l, quantity: Number(l.quantity), amount: Number(l.amount), tax: Number(l.tax) })),
          tenders: r.tenders.map((t) => ({ ...t, amount: Number(t.amount) })),
        }),
        (r) => [r.sort_time, r.refund_id],
      );
    },
  });
}
