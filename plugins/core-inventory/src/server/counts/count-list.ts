import {
  decodeCursor,
  notFound,
  Page,
  pageOf,
  PageQuery,
  pageRequest,
  SqlConditions,
  Timestamp,
  Type,
  Uuid,
  type RouteRegistrar,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import type { InventorySettings } from '../settings.ts';

const CountSummary = Type.Object({
  id: Uuid,
  locationId: Uuid,
  categoryId: Type.Union([Uuid, Type.Null()]),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  startedAt: Timestamp,
  approvedAt: Type.Union([Timestamp, Type.Null()]),
  countedItems: Type.Integer({ description: 'Variants scanned at least once' }),
  countedUnits: Type.Integer({ description: 'Units scanned in all' }),
  expectedItems: Type.Integer({
    description:
      'Variants the location holds stock of in the count’s scope (how many there are to find, not how many of each: the count is blind)',
  }),
});

const CountProgress = Type.Object({
  ...CountSummary.properties,
  lines: Type.Array(
    Type.Object({
      variantId: Uuid,
      sku: Type.String(),
      productName: Type.String(),
      lotCode: Type.Union([Type.String(), Type.Null()]),
      counted: Type.Integer(),
    }),
    { description: 'What has been counted so far (never what is expected: the count is blind until it is reviewed)' },
  ),
});

interface CountSummaryRow {
  count_id: string;
  location_id: string;
  category_id: string | null;
  category_name: string | null;
  status: string;
  started_at: Date;
  approved_at: Date | null;
  counted_items: string;
  counted_units: string;
  expected_items: string;
}

/** Counts with their progress; `c` is inventory.counts. The expected items are those with stock there (in the category). */
const COUNT_SUMMARY_SELECT = `
  select c.count_id, c.location_id, c.category_id, g.name as category_name, c.status, c.started_at, c.approved_at,
         (select count(distinct cl.variant_id) from inventory.count_lines cl where cl.count_id = c.count_id and cl.counted > 0) as counted_items,
         (select coalesce(sum(cl.counted), 0) from inventory.count_lines cl where cl.count_id = c.count_id) as counted_units,
         (select count(*) from inventory.stock_levels l
            join inventory.variants v on v.variant_id = l.variant_id
            join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
           where l.location_id = c.location_id and l.on_hand > 0 and (c.category_id is null or p.category_id = c.category_id)) as expected_items
    from inventory.counts c
    left join inventory.categories g on g.tenant_id = c.tenant_id and g.category_id = c.category_id`;

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

const summaryOf = (row: CountSummaryRow) => ({
  id: row.count_id,
  locationId: row.location_id,
  categoryId: row.category_id,
  categoryName: row.category_name,
  status: row.status,
  startedAt: iso(row.started_at)!,
  approvedAt: iso(row.approved_at),
  countedItems: Number(row.counted_items),
  countedUnits: Number(row.counted_units),
  expectedItems: Number(row.expected_items),
});

async function countProgress(tx: TenantTransaction, countId: string) {
  const [count] = await tx.query<CountSummaryRow>(`${COUNT_SUMMARY_SELECT} where c.count_id = $1`, [countId]);
  if (!count) throw notFound('inventory.unknown_count', `There is no count ${countId}.`);
  const lines = await tx.query<{ variant_id: string; sku: string; product_name: string; lot_code: string; counted: string }>(
    `select cl.variant_id, v.sku, p.name as product_name, cl.lot_code, cl.counted
       from inventory.count_lines cl
       join inventory.variants v on v.tenant_id = cl.tenant_id and v.variant_id = cl.variant_id
       join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
      where cl.count_id = $1 order by v.sku, cl.lot_code`,
    [countId],
  );
  return {
    ...summaryOf(count),
    lines: lines.map((l) => ({
      variantId: l.variant_id,
      sku: l.sku,
      productName: l.product_name,
      lotCode: l.lot_code === '' ? null : l.lot_code,
      counted: Number(l.counted),
    })),
  };
}

/** Counts for the back office: the list (newest first) and one count's progress while people scan. */
export function registerCountListRoutes(routes: RouteRegistrar<InventorySettings>): void {
  routes.get('/counts', {
    schema: {
      summary: 'Counts, newest first, by status and location, with their progress; a page at a time',
      querystring: PageQuery({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('approved'), Type.Literal('cancelled')])),
        locationId: Type.Optional(Uuid),
      }),
      response: { 200: Page(CountSummary) },
    },
    async handler(request) {
      const page = pageRequest(request.query);
      const before = decodeCursor(page.cursor, ['uuid']);
      const sql = new SqlConditions();
      if (request.query.status !== undefined) sql.and(`c.status = ${sql.param(request.query.status)}`);
      if (request.query.locationId !== undefined) sql.and(`c.location_id = ${sql.param(request.query.locationId)}::uuid`);
      if (before) sql.and(`c.count_id < ${sql.param(before[0])}::uuid`);
      const rows = await request.tx.query<CountSummaryRow>(
        `${COUNT_SUMMARY_SELECT} ${sql.where} order by c.count_id desc limit ${sql.param(page.limit + 1)}`,
        sql.params,
      );
      return pageOf(rows, page.limit, summaryOf, (row) => [row.count_id]);
    },
  });

  routes.get('/counts/:countId', {
    schema: {
      summary: 'A count’s progress: what has been counted so far, blind (what is expected shows in its variance)',
      params: Type.Object({ countId: Uuid }),
      response: { 200: CountProgress },
    },
    handler: (request) => countProgress(request.tx, request.params.countId),
  });
}
