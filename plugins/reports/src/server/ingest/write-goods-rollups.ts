import { addToDays, CATEGORY_DAYS, LOCATION_DAYS, VARIANT_DAYS, ZONE, ZONE_COVERS } from '../days/day-rollups.ts';
import type { IngestFacts } from './facts.ts';
import { hourOf, NO_CATEGORY, type RollupDeltas } from './rollup-rows.ts';
import type { SqlRunner } from './sql.ts';

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

/**
 * The ids a live batch locks (ingest-locks.ts) so that what pairs with another event sees it:
 * sales and refunds and their stock movements (the cost), and the sales refunds name (a refund
 * line's category is its sale's, write-facts.ts).
 */
export function pairingIds(facts: IngestFacts): string[] {
  const { moves, sources } = costSources(facts);
  const refunded = facts.refundLines.flatMap((line) => (line.saleId === null ? [] : [line.saleId]));
  return [...new Set([...moves.map((m) => m.sourceId), ...sources.map((s) => s.id), ...refunded])].sort();
}

const SUMS = ['quantity', 'gross', 'discount', 'net', 'tax', 'cost', 'refunded_quantity', 'refunded_net', 'refunded_tax', 'refunded_cost'];
const LOCATION_SUMS = [
  'sales',
  'items',
  'gross',
  'discount',
  'net',
  'tax',
  'total',
  'refunds',
  'refunded_total',
  'voids',
  'late_sales',
  'cost',
  'refunded_quantity',
  'refunded_net',
  'refunded_tax',
  'refunded_cost',
];
const summed = (columns: readonly string[]) => columns.map((c) => `sum(${c})`).join(', ');
/** The rows of a CTE that the tenant's cut of days covers, in the zone it is cut in (days/day-rollups.ts). */
const coveredRows = (cte: string) => `${cte} r join zone on ${ZONE_COVERS('r.hour')}`;
const added = (alias: string, columns: readonly string[]) => columns.map((c) => `${c} = ${alias}.${c} + excluded.${c}`).join(',\n       ');

/**
 * The goods rollups in one statement: variant_hours, category_hours and location_hours (its
 * baskets too), each with the cost of goods sold, which is worked out once for the three — and the
 * same rows added to variant_days, category_days and location_days, per local day of the zone the
 * tenant's days are cut in (none while they are not). The upserts write rows in key order, in the
 * same order of tables in every batch.
 */
export function writeGoodsRollups(sql: SqlRunner, facts: IngestFacts, deltas: RollupDeltas): Promise<unknown> | undefined {
  const { variantHours: variants, categoryHours: categories, locationHours: locations } = deltas;
  const { moves, sources } = costSources(facts);
  const refundIds = facts.refunds.map((r) => r.refundId);
  if (variants.length + categories.length + locations.length + moves.length + sources.length === 0) return undefined;
  return sql.query(
    `with variant_delta as (
       select * from unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::uuid[], $6::bigint[], $7::bigint[], $8::bigint[],
                            $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[])
         as d(location_id, variant_id, hour, category_id, quantity, gross, discount, net, tax, refunded_quantity, refunded_net, refunded_tax)),
     batch_moves as (
       select * from unnest($14::uuid[], $15::uuid[], $16::bigint[], $17::bigint[], $18::text[], $19::text[], $20::uuid[])
         as m(location_id, variant_id, quantity, unit_cost, cost_currency, source_kind, source_id)),
     batch_sources as (
       -- source_ref: the id as text, as stock movements keep references (a cast in the join would keep
       -- PostgreSQL off the reference index under row-level security: every movement read per sale).
       select * from unnest($21::text[], $22::uuid[], $23::timestamptz[], $24::text[], $51::text[])
         as s(source_kind, source_id, hour, currency, source_ref)),
     category_delta as (
       select * from unnest($26::uuid[], $27::timestamptz[], $28::uuid[], $29::bigint[], $30::bigint[], $31::bigint[], $32::bigint[],
                            $33::bigint[])
         as d(location_id, hour, category_id, quantity, gross, discount, net, tax)),
     location_delta as (
       select * from unnest($34::uuid[], $35::timestamptz[], $36::bigint[], $37::bigint[], $38::bigint[], $39::bigint[], $40::bigint[],
                            $41::bigint[], $42::bigint[], $43::bigint[], $44::bigint[], $45::bigint[], $46::bigint[], $47::bigint[],
                            $48::bigint[], $49::bigint[])
         as d(location_id, hour, sales, items, gross, discount, net, tax, total, refunds, refunded_total, voids, late_sales,
              refunded_quantity, refunded_net, refunded_tax)),
     -- This batch's movements whose sale or refund is stored: in its hour and its line's category.
     moved_now as (
       select m.location_id, m.variant_id, src.hour, m.source_kind, src.category_id,
              (case when m.source_kind = 'sale' then -m.quantity else m.quantity end) * m.unit_cost as cost
         from batch_moves m
         join lateral (
           select date_trunc('hour', min(f.occurred_at), 'UTC') as hour, min(f.currency) as currency,
                  min(f.category_id::text) filter (where f.variant_id = m.variant_id) as category_id
             from reports.sale_lines f
            where m.source_kind = 'sale' and f.tenant_id = $1 and f.sale_id = m.source_id
           having count(*) > 0
           union all
           select date_trunc('hour', min(r.occurred_at), 'UTC'), min(r.currency),
                  min(r.category_id::text) filter (where r.variant_id = m.variant_id)
             from reports.refund_lines r
            where m.source_kind = 'refund' and r.tenant_id = $1 and r.refund_id = m.source_id
           having count(*) > 0
           limit 1) src on src.currency = m.cost_currency),
     -- This batch's sales and refunds whose movements were stored before.
     moved_before as (
       select m.location_id, m.variant_id, s.hour, s.source_kind,
              case when s.source_kind = 'sale'
                   then (select min(f.category_id::text) from reports.sale_lines f
                          where f.tenant_id = $1 and f.sale_id = s.source_id and f.variant_id = m.variant_id)
                   else (select min(r.category_id::text) from reports.refund_lines r
                          where r.tenant_id = $1 and r.refund_id = s.source_id and r.variant_id = m.variant_id) end as category_id,
              (case when s.source_kind = 'sale' then -m.quantity else m.quantity end) * m.unit_cost as cost
         from batch_sources s
         join reports.stock_movements m
           on m.tenant_id = $1 and m.reference_id = s.source_ref and m.reference_kind = s.source_kind
          and m.kind = case when s.source_kind = 'sale' then 'sale' else 'return' end
        where m.unit_cost is not null and m.cost_currency = s.currency and m.movement_id <> all($25::uuid[])),
     costs as (
       select location_id, variant_id, hour, category_id,
              case when source_kind = 'sale' then cost else 0 end as cost,
              case when source_kind = 'refund' then cost else 0 end as refunded_cost
         from (select * from moved_now union all select * from moved_before) c),
     -- This batch's refund lines in the category write-facts resolved for them.
     refunded as (
       select r.location_id, date_trunc('hour', r.occurred_at, 'UTC') as hour, r.category_id::text as category_id,
              r.quantity, r.amount - r.tax as net, r.tax
         from reports.refund_lines r
        where r.tenant_id = $1 and r.refund_id = any($50::uuid[])),
     variant_rows as (
       select location_id, variant_id, hour, category_id, quantity, gross, discount, net, tax, 0::bigint as cost,
              refunded_quantity, refunded_net, refunded_tax, 0::bigint as refunded_cost
         from variant_delta
       union all
       select location_id, variant_id, hour, null::uuid, 0, 0, 0, 0, 0, cost, 0, 0, 0, refunded_cost from costs),
     category_rows as (
       select location_id, hour, category_id::text as category_id, quantity, gross, discount, net, tax, 0::bigint as cost,
              0::bigint as refunded_quantity, 0::bigint as refunded_net, 0::bigint as refunded_tax, 0::bigint as refunded_cost
         from category_delta
       union all
       select location_id, hour, category_id, 0, 0, 0, 0, 0, 0, quantity, net, tax, 0 from refunded
       union all
       select location_id, hour, category_id, 0, 0, 0, 0, 0, cost, 0, 0, 0, refunded_cost from costs),
     location_rows as (
       select location_id, hour, sales, items, gross, discount, net, tax, total, refunds, refunded_total, voids, late_sales,
              0::bigint as cost, refunded_quantity, refunded_net, refunded_tax, 0::bigint as refunded_cost
         from location_delta
       union all
       select location_id, hour, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, cost, 0, 0, 0, refunded_cost from costs),
     variant_upsert as (
       insert into reports.variant_hours as h (tenant_id, location_id, variant_id, hour, category_id, ${SUMS.join(', ')})
       select $1::uuid, location_id, variant_id, hour, min(category_id::text)::uuid, ${summed(SUMS)}
         from variant_rows group by location_id, variant_id, hour order by location_id, variant_id, hour
       on conflict (tenant_id, location_id, variant_id, hour) do update set
         category_id = greatest(h.category_id, excluded.category_id),
         ${added('h', SUMS)}),
     category_upsert as (
       insert into reports.category_hours as c (tenant_id, location_id, hour, category_id, ${SUMS.join(', ')})
       select $1::uuid, location_id, hour, coalesce(category_id::uuid, '${NO_CATEGORY}'::uuid) as category, ${summed(SUMS)}
         from category_rows group by location_id, hour, 4 order by location_id, hour, 4
       on conflict (tenant_id, location_id, hour, category_id) do update set
         ${added('c', SUMS)}),
     ${ZONE('$1')},
     variant_day_upsert as (
       ${addToDays(VARIANT_DAYS, { from: coveredRows('variant_rows'), timezone: 'zone.timezone' })}),
     category_day_upsert as (
       ${addToDays(CATEGORY_DAYS, {
         from: coveredRows('category_rows'),
         timezone: 'zone.timezone',
         columns: { category_id: `coalesce(r.category_id::uuid, '${NO_CATEGORY}'::uuid)` },
       })}),
     location_day_upsert as (
       ${addToDays(LOCATION_DAYS, { from: coveredRows('location_rows'), timezone: 'zone.timezone' })})
     insert into reports.location_hours as l (tenant_id, location_id, hour, ${LOCATION_SUMS.join(', ')})
     select $1::uuid, location_id, hour, ${summed(LOCATION_SUMS)}
       from location_rows group by location_id, hour order by location_id, hour
     on conflict (tenant_id, location_id, hour) do update set
       ${added('l', LOCATION_SUMS)}`,
    [
      sql.tenantId,
      variants.map((r) => r.locationId),
      variants.map((r) => r.variantId),
      variants.map((r) => r.hour),
      variants.map((r) => r.categoryId),
      variants.map((r) => r.quantity),
      variants.map((r) => r.gross),
      variants.map((r) => r.discount),
      variants.map((r) => r.net),
      variants.map((r) => r.tax),
      variants.map((r) => r.refundedQuantity),
      variants.map((r) => r.refundedNet),
      variants.map((r) => r.refundedTax),
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
      categories.map((r) => r.locationId),
      categories.map((r) => r.hour),
      categories.map((r) => r.categoryId),
      categories.map((r) => r.quantity),
      categories.map((r) => r.gross),
      categories.map((r) => r.discount),
      categories.map((r) => r.net),
      categories.map((r) => r.tax),
      locations.map((r) => r.locationId),
      locations.map((r) => r.hour),
      locations.map((r) => r.sales),
      locations.map((r) => r.items),
      locations.map((r) => r.gross),
      locations.map((r) => r.discount),
      locations.map((r) => r.net),
      locations.map((r) => r.tax),
      locations.map((r) => r.total),
      locations.map((r) => r.refunds),
      locations.map((r) => r.refundedTotal),
      locations.map((r) => r.voids),
      locations.map((r) => r.lateSales),
      locations.map((r) => r.refundedQuantity),
      locations.map((r) => r.refundedNet),
      locations.map((r) => r.refundedTax),
      refundIds,
      sources.map((s) => s.id),
    ],
  );
}
