import type { IngestFacts } from './facts.ts';
import { hourOf, type RollupDeltas } from './rollup-deltas.ts';
import type { SqlRunner } from './sql.ts';

/**
 * Adds a batch's deltas to the rollups: one `insert … select … from unnest(…) on conflict do
 * update` per table, after the batch's facts are written (the cost of goods sold reads them).
 * Tables are written in one order — variant_hours, basket_hours, tender_hours, variant_costs,
 * stock_positions, movement_days — and rows in key order, so concurrent batches lock alike.
 * Answers the statements' promises, sent together; the caller awaits them.
 */
export function writeRollups(sql: SqlRunner, facts: IngestFacts, deltas: RollupDeltas): Promise<unknown>[] {
  const pending: Promise<unknown>[] = [];
  const variantHours = writeVariantHours(sql, facts, deltas);
  if (variantHours) pending.push(variantHours);
  if (deltas.basketHours.length > 0) pending.push(writeBasketHours(sql, deltas));
  if (deltas.tenderHours.length > 0) pending.push(writeTenderHours(sql, deltas));
  if (deltas.variantCosts.length > 0) pending.push(...writeStockPositions(sql, deltas));
  if (deltas.movementDays.length > 0) pending.push(writeMovementDays(sql, deltas));
  return pending;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What a sale or refund cost comes from: its stock movements (kind `sale` for a sale, `return`
 * for a restocked refund) carry the unit cost at the time. The sale and its movements arrive as
 * separate events, in either order, so the cost is booked — in the hour the sale or refund
 * happened — by whichever half comes second: this batch's movements whose sale or refund is
 * stored (this batch's included), plus this batch's sales and refunds whose movements were stored
 * before (not this batch's, already counted). The live path holds a lock per sale or refund id so
 * two halves applied at once see each other (ingest-events.ts). A cost in another currency than
 * the sale's is left out.
 */
function costSources(facts: IngestFacts) {
  const moves = facts.movements.flatMap((m) => {
    const source =
      m.kind === 'sale' && m.referenceKind === 'sale' ? 'sale' : m.kind === 'return' && m.referenceKind === 'refund' ? 'refund' : null;
    if (!source || m.unitCost === null || m.costCurrency === null || !m.referenceId || !UUID.test(m.referenceId)) return [];
    return [{ ...m, source, sourceId: m.referenceId }];
  });
  const sources = [
    ...facts.sales.map((s) => ({ kind: 'sale', id: s.saleId, hour: hourOf(s.occurredAt), currency: s.currency })),
    ...facts.refunds.map((r) => ({ kind: 'refund', id: r.refundId, hour: hourOf(r.occurredAt), currency: r.currency })),
  ];
  return { moves, sources };
}

/** The ids whose two halves (sale and movements, refund and return movements) a batch pairs: the live path locks them. */
export function costPairingIds(facts: IngestFacts): string[] {
  const { moves, sources } = costSources(facts);
  return [...new Set([...moves.map((m) => m.sourceId), ...sources.map((s) => s.id)])].sort();
}

function writeVariantHours(sql: SqlRunner, facts: IngestFacts, deltas: RollupDeltas): Promise<unknown> | undefined {
  const rows = deltas.variantHours;
  const { moves, sources } = costSources(facts);
  if (rows.length === 0 && moves.length === 0 && sources.length === 0) return undefined;
  return sql.query(
    `with delta as (
       select * from unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::uuid[], $6::bigint[], $7::bigint[], $8::bigint[],
                            $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[])
         as d(location_id, variant_id, hour, category_id, quantity, gross, discount, net, tax, refunded_quantity, refunded_net, refunded_tax)),
     batch_moves as (
       select * from unnest($14::uuid[], $15::uuid[], $16::bigint[], $17::bigint[], $18::text[], $19::text[], $20::uuid[])
         as m(location_id, variant_id, quantity, unit_cost, cost_currency, source_kind, source_id)),
     batch_sources as (
       select * from unnest($21::text[], $22::uuid[], $23::timestamptz[], $24::text[]) as s(source_kind, source_id, hour, currency)),
     moved_now as (
       select m.location_id, m.variant_id, src.hour, m.source_kind,
              (case when m.source_kind = 'sale' then -m.quantity else m.quantity end) * m.unit_cost as cost
         from batch_moves m
         join lateral (
           select date_trunc('hour', f.occurred_at, 'UTC') as hour, f.currency from reports.sale_lines f
            where m.source_kind = 'sale' and f.tenant_id = $1 and f.sale_id = m.source_id
           union all
           select date_trunc('hour', r.occurred_at, 'UTC'), r.currency from reports.refund_lines r
            where m.source_kind = 'refund' and r.tenant_id = $1 and r.refund_id = m.source_id
           limit 1) src on src.currency = m.cost_currency),
     moved_before as (
       select m.location_id, m.variant_id, s.hour, s.source_kind,
              (case when s.source_kind = 'sale' then -m.quantity else m.quantity end) * m.unit_cost as cost
         from batch_sources s
         join reports.stock_movements m
           on m.tenant_id = $1 and m.reference_id = s.source_id::text and m.reference_kind = s.source_kind
          and m.kind = case when s.source_kind = 'sale' then 'sale' else 'return' end
        where m.unit_cost is not null and m.cost_currency = s.currency and m.movement_id <> all($25::uuid[])),
     costs as (select * from moved_now union all select * from moved_before),
     all_rows as (
       select location_id, variant_id, hour, category_id, quantity, gross, discount, net, tax, 0::bigint as cost,
              refunded_quantity, refunded_net, refunded_tax, 0::bigint as refunded_cost
         from delta
       union all
       select location_id, variant_id, hour, null::uuid, 0, 0, 0, 0, 0, case when source_kind = 'sale' then cost else 0 end,
              0, 0, 0, case when source_kind = 'refund' then cost else 0 end
         from costs)
     insert into reports.variant_hours as h (tenant_id, location_id, variant_id, hour, category_id, quantity, gross, discount, net,
                                             tax, cost, refunded_quantity, refunded_net, refunded_tax, refunded_cost)
     select $1::uuid, location_id, variant_id, hour, min(category_id::text)::uuid, sum(quantity), sum(gross), sum(discount), sum(net),
            sum(tax), sum(cost), sum(refunded_quantity), sum(refunded_net), sum(refunded_tax), sum(refunded_cost)
       from all_rows group by location_id, variant_id, hour order by location_id, variant_id, hour
     on conflict (tenant_id, location_id, variant_id, hour) do update set
       category_id = greatest(h.category_id, excluded.category_id),
       quantity = h.quantity + excluded.quantity,
       gross = h.gross + excluded.gross,
       discount = h.discount + excluded.discount,
       net = h.net + excluded.net,
       tax = h.tax + excluded.tax,
       cost = h.cost + excluded.cost,
       refunded_quantity = h.refunded_quantity + excluded.refunded_quantity,
       refunded_net = h.refunded_net + excluded.refunded_net,
       refunded_tax = h.refunded_tax + excluded.refunded_tax,
       refunded_cost = h.refunded_cost + excluded.refunded_cost`,
    [
      sql.tenantId,
      rows.map((r) => r.locationId),
      rows.map((r) => r.variantId),
      rows.map((r) => r.hour),
      rows.map((r) => r.categoryId),
      rows.map((r) => r.quantity),
      rows.map((r) => r.gross),
      rows.map((r) => r.discount),
      rows.map((r) => r.net),
      rows.map((r) => r.tax),
      rows.map((r) => r.refundedQuantity),
      rows.map((r) => r.refundedNet),
      rows.map((r) => r.refundedTax),
      moves.map((m) => m.locationId),
      moves.map((m) => m.variantId),
      moves.map((m) => m.quantity),
      moves.map((m) => m.unitCost),
      moves.map((m) => m.costCurrency),
      moves.map((m) => m.source),
      moves.map((m) => m.sourceId),
      sources.map((s) => s.kind),
      sources.map((s) => s.id),
      sources.map((s) => s.hour),
      sources.map((s) => s.currency),
      facts.movements.map((m) => m.movementId),
    ],
  );
}

function writeBasketHours(sql: SqlRunner, { basketHours: rows }: RollupDeltas): Promise<unknown> {
  return sql.query(
    `insert into reports.basket_hours as b (tenant_id, basis, location_id, device_id, cashier_id, hour, sales, items, gross, discount,
                                            net, tax, total, refunds, refunded_total, voids, late_sales)
     select $1::uuid, * from unnest($2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::bigint[], $8::bigint[],
                                    $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[],
                                    $15::bigint[], $16::bigint[], $17::bigint[])
     on conflict (tenant_id, basis, location_id, device_id, cashier_id, hour) do update set
       sales = b.sales + excluded.sales,
       items = b.items + excluded.items,
       gross = b.gross + excluded.gross,
       discount = b.discount + excluded.discount,
       net = b.net + excluded.net,
       tax = b.tax + excluded.tax,
       total = b.total + excluded.total,
       refunds = b.refunds + excluded.refunds,
       refunded_total = b.refunded_total + excluded.refunded_total,
       voids = b.voids + excluded.voids,
       late_sales = b.late_sales + excluded.late_sales`,
    [
      sql.tenantId,
      rows.map((r) => r.basis),
      rows.map((r) => r.locationId),
      rows.map((r) => r.deviceId),
      rows.map((r) => r.cashierId),
      rows.map((r) => r.hour),
      rows.map((r) => r.sales),
      rows.map((r) => r.items),
      rows.map((r) => r.gross),
      rows.map((r) => r.discount),
      rows.map((r) => r.net),
      rows.map((r) => r.tax),
      rows.map((r) => r.total),
      rows.map((r) => r.refunds),
      rows.map((r) => r.refundedTotal),
      rows.map((r) => r.voids),
      rows.map((r) => r.lateSales),
    ],
  );
}

function writeTenderHours(sql: SqlRunner, { tenderHours: rows }: RollupDeltas): Promise<unknown> {
  return sql.query(
    `insert into reports.tender_hours as t (tenant_id, location_id, method, hour, count, amount, refunded_count, refunded_amount)
     select $1::uuid, * from unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
     on conflict (tenant_id, location_id, method, hour) do update set
       count = t.count + excluded.count,
       amount = t.amount + excluded.amount,
       refunded_count = t.refunded_count + excluded.refunded_count,
       refunded_amount = t.refunded_amount + excluded.refunded_amount`,
    [
      sql.tenantId,
      rows.map((r) => r.locationId),
      rows.map((r) => r.method),
      rows.map((r) => r.hour),
      rows.map((r) => r.count),
      rows.map((r) => r.amount),
      rows.map((r) => r.refundedCount),
      rows.map((r) => r.refundedAmount),
    ],
  );
}

/**
 * The variant's newest cost (variant_costs), then each position's newest on-hand, then every
 * position of those variants at that cost. Every variant moved gets its variant_costs row written
 * even without a cost: that row lock makes two batches moving one variant take turns, so the
 * second sees the first's positions and costs (and a rebuild ends where the live path did).
 */
function writeStockPositions(sql: SqlRunner, { variantCosts: costs, positions }: RollupDeltas): Promise<unknown>[] {
  const tenant = sql.tenantId;
  const newer = 'excluded.event_id is not null and (c.event_id is null or excluded.event_id > c.event_id)';
  return [
    sql.query(
      `insert into reports.variant_costs as c (tenant_id, variant_id, unit_cost, cost_currency, event_id)
       select $1::uuid, * from unnest($2::uuid[], $3::bigint[], $4::text[], $5::uuid[])
       on conflict (tenant_id, variant_id) do update set
         unit_cost = case when ${newer} then excluded.unit_cost else c.unit_cost end,
         cost_currency = case when ${newer} then excluded.cost_currency else c.cost_currency end,
         event_id = case when ${newer} then excluded.event_id else c.event_id end`,
      [tenant, costs.map((c) => c.variantId), costs.map((c) => c.unitCost), costs.map((c) => c.costCurrency), costs.map((c) => c.eventId)],
    ),
    sql.query(
      `insert into reports.stock_positions as p (tenant_id, location_id, variant_id, on_hand, as_of, event_id, last_sale_at)
       select $1::uuid, * from unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::timestamptz[], $6::uuid[], $7::timestamptz[])
       on conflict (tenant_id, location_id, variant_id) do update set
         on_hand = case when excluded.event_id > p.event_id then excluded.on_hand else p.on_hand end,
         as_of = case when excluded.event_id > p.event_id then excluded.as_of else p.as_of end,
         event_id = greatest(p.event_id, excluded.event_id),
         last_sale_at = greatest(p.last_sale_at, excluded.last_sale_at)`,
      [
        tenant,
        positions.map((p) => p.locationId),
        positions.map((p) => p.variantId),
        positions.map((p) => p.onHand),
        positions.map((p) => p.asOf),
        positions.map((p) => p.eventId),
        positions.map((p) => p.lastSaleAt),
      ],
    ),
    sql.query(
      `update reports.stock_positions p set unit_cost = c.unit_cost, cost_currency = c.cost_currency
         from reports.variant_costs c
        where p.tenant_id = $1 and c.tenant_id = $1 and c.variant_id = any($2::uuid[]) and p.variant_id = c.variant_id
          and (p.unit_cost is distinct from c.unit_cost or p.cost_currency is distinct from c.cost_currency)`,
      [tenant, costs.map((c) => c.variantId)],
    ),
  ];
}

function writeMovementDays(sql: SqlRunner, { movementDays: rows }: RollupDeltas): Promise<unknown> {
  return sql.query(
    `insert into reports.movement_days as d (tenant_id, location_id, variant_id, day, kind, quantity, cost)
     select $1::uuid, * from unnest($2::uuid[], $3::uuid[], $4::date[], $5::text[], $6::bigint[], $7::bigint[])
     on conflict (tenant_id, location_id, variant_id, day, kind) do update set
       quantity = d.quantity + excluded.quantity,
       cost = d.cost + excluded.cost`,
    [
      sql.tenantId,
      rows.map((r) => r.locationId),
      rows.map((r) => r.variantId),
      rows.map((r) => r.day),
      rows.map((r) => r.kind),
      rows.map((r) => r.quantity),
      rows.map((r) => r.cost),
    ],
  );
}
