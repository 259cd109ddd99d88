import { addToDays, BASKET_DAYS, TENDER_DAYS, ZONE, ZONE_COVERS } from '../days/day-rollups.ts';
import type { IngestFacts } from './facts.ts';
import type { RollupDeltas } from './rollup-rows.ts';
import type { SqlRunner } from './sql.ts';
import { writeGoodsRollups } from './write-goods-rollups.ts';

/**
 * Adds a batch's deltas to the rollups: one `insert … select … from unnest(…) on conflict do
 * update` per table, after the batch's facts are written (the cost of goods sold reads them).
 * Tables are written in one order — variant_hours, category_hours, location_hours (one statement,
 * write-goods-rollups.ts), basket_hours, tender_hours, variant_costs, stock_positions,
 * movement_days, last_sales — and rows in key order, so concurrent batches lock alike. Each hour
 * rollup's statement adds the same rows to its day rollup (days/day-rollups.ts).
 * Answers the statements' promises, sent together; the caller awaits them.
 */
export function writeRollups(sql: SqlRunner, facts: IngestFacts, deltas: RollupDeltas): Promise<unknown>[] {
  const pending: Promise<unknown>[] = [];
  const goods = writeGoodsRollups(sql, facts, deltas);
  if (goods) pending.push(goods);
  if (deltas.basketHours.length > 0) pending.push(writeBasketHours(sql, deltas));
  if (deltas.tenderHours.length > 0) pending.push(writeTenderHours(sql, deltas));
  if (deltas.variantCosts.length > 0) pending.push(...writeStockPositions(sql, deltas));
  if (deltas.movementDays.length > 0) pending.push(writeMovementDays(sql, deltas));
  if (deltas.lastSales.length > 0) pending.push(writeLastSales(sql, deltas));
  return pending;
}

/** An hour upsert (`hourUpsert`, a CTE over `delta`) and the same rows added to their day rollup, in one statement. */
const withDays = (hourUpsert: string, days: string) =>
  `hour_upsert as (${hourUpsert}),
   ${ZONE('$1')}
   ${days}`;

function writeBasketHours(sql: SqlRunner, { basketHours: rows }: RollupDeltas): Promise<unknown> {
  return sql.query(
    `with delta as (
       select * from unnest($2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::bigint[], $8::bigint[],
                            $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[],
                            $15::bigint[], $16::bigint[], $17::bigint[])
         as d(basis, location_id, device_id, cashier_id, hour, sales, items, gross, discount, net, tax, total, refunds, refunded_total,
              voids, late_sales)),
     ${withDays(
       `insert into reports.basket_hours as b (tenant_id, basis, location_id, device_id, cashier_id, hour, sales, items, gross, discount,
                                            net, tax, total, refunds, refunded_total, voids, late_sales)
     select $1::uuid, * from delta
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
       addToDays(BASKET_DAYS, { from: `delta r join zone on ${ZONE_COVERS('r.hour')}`, timezone: 'zone.timezone' }),
     )}`,
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
    `with delta as (
       select * from unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
         as d(location_id, method, hour, count, amount, refunded_count, refunded_amount)),
     ${withDays(
       `insert into reports.tender_hours as t (tenant_id, location_id, method, hour, count, amount, refunded_count, refunded_amount)
     select $1::uuid, * from delta
     on conflict (tenant_id, location_id, method, hour) do update set
       count = t.count + excluded.count,
       amount = t.amount + excluded.amount,
       refunded_count = t.refunded_count + excluded.refunded_count,
       refunded_amount = t.refunded_amount + excluded.refunded_amount`,
       addToDays(TENDER_DAYS, { from: `delta r join zone on ${ZONE_COVERS('r.hour')}`, timezone: 'zone.timezone' }),
     )}`,
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
      `insert into reports.stock_positions as p (tenant_id, location_id, variant_id, on_hand, as_of, event_id)
       select $1::uuid, * from unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::timestamptz[], $6::uuid[])
       on conflict (tenant_id, location_id, variant_id) do update set
         on_hand = case when excluded.event_id > p.event_id then excluded.on_hand else p.on_hand end,
         as_of = case when excluded.event_id > p.event_id then excluded.as_of else p.as_of end,
         event_id = greatest(p.event_id, excluded.event_id)`,
      [
        tenant,
        positions.map((p) => p.locationId),
        positions.map((p) => p.variantId),
        positions.map((p) => p.onHand),
        positions.map((p) => p.asOf),
        positions.map((p) => p.eventId),
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

/** When each variant last sold at each location: the latest time a sale of it happened (greatest, so any order gives the same). */
function writeLastSales(sql: SqlRunner, { lastSales: rows }: RollupDeltas): Promise<unknown> {
  return sql.query(
    `insert into reports.last_sales as s (tenant_id, location_id, variant_id, last_sale_at)
     select $1::uuid, * from unnest($2::uuid[], $3::uuid[], $4::timestamptz[])
     on conflict (tenant_id, location_id, variant_id) do update set last_sale_at = greatest(s.last_sale_at, excluded.last_sale_at)`,
    [sql.tenantId, rows.map((r) => r.locationId), rows.map((r) => r.variantId), rows.map((r) => r.lastSaleAt)],
  );
}
