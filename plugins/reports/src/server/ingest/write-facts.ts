import type { IngestFacts } from './facts.ts';
import type { SqlRunner } from './sql.ts';

/**
 * Inserts a batch's facts: one statement per table, each row once (the journal already refused a
 * repeated event, so a key seen twice is a defect and fails the batch). Answers the statements'
 * promises, sent together (they pipeline); the caller awaits them.
 */
export function writeFacts(sql: SqlRunner, facts: IngestFacts): Promise<unknown>[] {
  const tenant = sql.tenantId;
  const pending: Promise<unknown>[] = [];
  const { saleLines, refundLines, tenders, movements, voids } = facts;
  if (saleLines.length > 0)
    pending.push(
      sql.query(
        `insert into reports.sale_lines (tenant_id, sale_id, line_no, occurred_at, received_at, location_id, device_id, cashier_id,
                                         receipt_number, variant_id, sku, name, category_id, quantity, unit_price, gross, discount,
                                         net, tax, total, currency)
         select $1::uuid, * from unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::uuid[], $7::uuid[], $8::text[],
                                  $9::text[], $10::uuid[], $11::text[], $12::text[], $13::uuid[], $14::int[], $15::bigint[],
                                  $16::bigint[], $17::bigint[], $18::bigint[], $19::bigint[], $20::bigint[], $21::text[])`,
        [
          tenant,
          saleLines.map((l) => l.saleId),
          saleLines.map((l) => l.lineNo),
          saleLines.map((l) => l.occurredAt),
          saleLines.map((l) => l.receivedAt),
          saleLines.map((l) => l.locationId),
          saleLines.map((l) => l.deviceId),
          saleLines.map((l) => l.cashierId),
          saleLines.map((l) => l.receiptNumber),
          saleLines.map((l) => l.variantId),
          saleLines.map((l) => l.sku),
          saleLines.map((l) => l.name),
          saleLines.map((l) => l.categoryId),
          saleLines.map((l) => l.quantity),
          saleLines.map((l) => l.unitPrice),
          saleLines.map((l) => l.gross),
          saleLines.map((l) => l.discount),
          saleLines.map((l) => l.net),
          saleLines.map((l) => l.tax),
          saleLines.map((l) => l.total),
          saleLines.map((l) => l.currency),
        ],
      ),
    );
  if (refundLines.length > 0)
    pending.push(
      // A line's category: its refunded sale's line's — found in the batch (facts.ts), or among the sale
      // lines stored before the batch (this batch's sales are left out: those after the refund must not count).
      sql.query(
        `insert into reports.refund_lines (tenant_id, refund_id, line_no, sale_id, occurred_at, location_id, device_id, cashier_id,
                                           variant_id, quantity, amount, tax, restock, currency, category_id)
         select $1::uuid, r.refund_id, r.line_no, r.sale_id, r.occurred_at, r.location_id, r.device_id, r.cashier_id, r.variant_id,
                r.quantity, r.amount, r.tax, r.restock, r.currency,
                case when r.category_source = 'batch' then r.category_id
                     else (select min(s.category_id::text)::uuid from reports.sale_lines s
                            where s.tenant_id = $1 and s.sale_id = r.sale_id and s.variant_id = r.variant_id
                              and s.sale_id <> all($17::uuid[])) end
           from unnest($2::uuid[], $3::int[], $4::uuid[], $5::timestamptz[], $6::uuid[], $7::uuid[], $8::text[], $9::uuid[], $10::int[],
                       $11::bigint[], $12::bigint[], $13::boolean[], $14::text[], $15::text[], $16::uuid[])
             as r(refund_id, line_no, sale_id, occurred_at, location_id, device_id, cashier_id, variant_id, quantity, amount, tax,
                  restock, currency, category_source, category_id)`,
        [
          tenant,
          refundLines.map((l) => l.refundId),
          refundLines.map((l) => l.lineNo),
          refundLines.map((l) => l.saleId),
          refundLines.map((l) => l.occurredAt),
          refundLines.map((l) => l.locationId),
          refundLines.map((l) => l.deviceId),
          refundLines.map((l) => l.cashierId),
          refundLines.map((l) => l.variantId),
          refundLines.map((l) => l.quantity),
          refundLines.map((l) => l.amount),
          refundLines.map((l) => l.tax),
          refundLines.map((l) => l.restock),
          refundLines.map((l) => l.currency),
          refundLines.map((l) => l.categorySource),
          refundLines.map((l) => l.categoryId),
          facts.sales.map((sale) => sale.saleId),
        ],
      ),
    );
  if (tenders.length > 0)
    pending.push(
      sql.query(
        `insert into reports.tenders (tenant_id, source_kind, source_id, tender_no, occurred_at, location_id, device_id, method, amount, currency)
         select $1::uuid, * from unnest($2::text[], $3::uuid[], $4::int[], $5::timestamptz[], $6::uuid[], $7::uuid[], $8::text[],
                                  $9::bigint[], $10::text[])`,
        [
          tenant,
          tenders.map((t) => t.sourceKind),
          tenders.map((t) => t.sourceId),
          tenders.map((t) => t.tenderNo),
          tenders.map((t) => t.occurredAt),
          tenders.map((t) => t.locationId),
          tenders.map((t) => t.deviceId),
          tenders.map((t) => t.method),
          tenders.map((t) => t.amount),
          tenders.map((t) => t.currency),
        ],
      ),
    );
  if (movements.length > 0)
    pending.push(
      sql.query(
        `insert into reports.stock_movements (tenant_id, movement_id, occurred_at, location_id, variant_id, kind, quantity, unit_cost,
                                              cost_currency, reference_kind, reference_id, on_hand_after)
         select $1::uuid, * from unnest($2::uuid[], $3::timestamptz[], $4::uuid[], $5::uuid[], $6::text[], $7::int[], $8::bigint[],
                                  $9::text[], $10::text[], $11::text[], $12::int[])`,
        [
          tenant,
          movements.map((m) => m.movementId),
          movements.map((m) => m.occurredAt),
          movements.map((m) => m.locationId),
          movements.map((m) => m.variantId),
          movements.map((m) => m.kind),
          movements.map((m) => m.quantity),
          movements.map((m) => m.unitCost),
          movements.map((m) => m.costCurrency),
          movements.map((m) => m.referenceKind),
          movements.map((m) => m.referenceId),
          movements.map((m) => m.onHandAfter),
        ],
      ),
    );
  if (voids.length > 0)
    pending.push(
      sql.query(
        `insert into reports.voids (tenant_id, sale_id, occurred_at, received_at, location_id, device_id, cashier_id, receipt_number, reason)
         select $1::uuid, * from unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[])`,
        [
          tenant,
          voids.map((v) => v.saleId),
          voids.map((v) => v.occurredAt),
          voids.map((v) => v.receivedAt),
          voids.map((v) => v.locationId),
          voids.map((v) => v.deviceId),
          voids.map((v) => v.cashierId),
          voids.map((v) => v.receiptNumber),
          voids.map((v) => v.reason),
        ],
      ),
    );
  return pending;
}
