import { badRequest, conflict, notFound, Type, type RouteRegistrar, type TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { requireLocations } from '../catalogue/product-store.ts';
import type { InventorySettings } from '../settings.ts';
import { createStockMovements } from '../stock/stock-ledger.ts';

const Uuid = Type.String({ format: 'uuid' });
const Variance = Type.Object({
  countId: Uuid,
  status: Type.String(),
  lines: Type.Array(
    Type.Object({ variantId: Uuid, sku: Type.String(), expected: Type.Integer(), counted: Type.Integer(), variance: Type.Integer() }),
  ),
});

async function openCount(tx: TenantTransaction, countId: string) {
  const [count] = await tx.query<{ count_id: string; location_id: string; category_id: string | null; status: string }>(
    'select count_id, location_id, category_id, status from inventory.counts where count_id = $1 for update',
    [countId],
  );
  if (!count) throw notFound('inventory.unknown_count', `There is no count ${countId}.`);
  return count;
}

/**
 * Expected vs counted for every variant the count covers: those scanned, and those the location
 * holds stock of (in the category, for a category count) that nobody scanned (counted 0).
 */
async function variance(
  tx: TenantTransaction,
  count: { count_id: string; location_id: string; category_id: string | null; status: string },
) {
  const rows = await tx.query<{ variant_id: string; sku: string; expected: string; counted: string }>(
    `with covered as (
       select variant_id from inventory.count_lines where count_id = $1
       union
       select l.variant_id from inventory.stock_levels l
         join inventory.variants v on v.tenant_id = l.tenant_id and v.variant_id = l.variant_id
         join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
        where l.location_id = $2 and l.on_hand <> 0 and ($3::uuid is null or p.category_id = $3))
     select c.variant_id, v.sku, coalesce(l.on_hand, 0) as expected, coalesce(cl.counted, 0) as counted
       from covered c
       join inventory.variants v on v.variant_id = c.variant_id
       left join inventory.stock_levels l on l.location_id = $2 and l.variant_id = c.variant_id
       left join inventory.count_lines cl on cl.count_id = $1 and cl.variant_id = c.variant_id
      order by v.sku`,
    [count.count_id, count.location_id, count.category_id],
  );
  return {
    countId: count.count_id,
    status: count.status,
    lines: rows.map((r) => ({
      variantId: r.variant_id,
      sku: r.sku,
      expected: Number(r.expected),
      counted: Number(r.counted),
      variance: Number(r.counted) - Number(r.expected),
    })),
  };
}

/** Stock counts: a session per location (whole or one category), blind scanning, variance, approval. */
export function registerCountRoutes(routes: RouteRegistrar<InventorySettings>): void {
  routes.post('/counts', {
    permission: 'core-inventory:stock.adjust',
    schema: {
      summary: 'Start a count of a location, whole or one category',
      body: Type.Object({ locationId: Uuid, categoryId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Uuid, locationId: Uuid, categoryId: Type.Union([Uuid, Type.Null()]), status: Type.String() }) },
    },
    async handler(request, reply) {
      const { locationId, categoryId } = request.body;
      await requireLocations(request.tx, [locationId]);
      if (categoryId) {
        const [category] = await request.tx.query('select 1 from inventory.categories where category_id = $1', [categoryId]);
        if (!category) throw badRequest('inventory.unknown_category', `There is no category ${categoryId}.`);
      }
      const id = uuidv7();
      await request.tx.query('insert into inventory.counts (tenant_id, count_id, location_id, category_id) values ($1, $2, $3, $4)', [
        request.tenantId,
        id,
        locationId,
        categoryId ?? null,
      ]);
      reply.status(201);
      return { id, locationId, categoryId: categoryId ?? null, status: 'open' };
    },
  });

  routes.post('/counts/:countId/scans', {
    permission: 'core-inventory:stock.adjust',
    schema: {
      summary: 'Count an item by its barcode or SKU (blind: the answer does not show what is expected)',
      params: Type.Object({ countId: Uuid }),
      body: Type.Object(
        { code: Type.String({ minLength: 1, maxLength: 80 }), quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ variantId: Uuid, sku: Type.String(), counted: Type.Integer() }) },
    },
    async handler(request) {
      const count = await openCount(request.tx, request.params.countId);
      if (count.status !== 'open')
        throw conflict('inventory.count_closed', `This count is ${count.status}; start a new one to count again.`);
      const [variant] = await request.tx.query<{ variant_id: string; sku: string; category_id: string | null }>(
        `select v.variant_id, v.sku, p.category_id from inventory.variants v join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
          where v.variant_id = (select variant_id from inventory.barcodes where code = $1 union all select variant_id from inventory.variants where sku = $1 limit 1)`,
        [request.body.code],
      );
      if (!variant) throw notFound('inventory.unknown_code', `No variant has the barcode or SKU "${request.body.code}".`);
      if (count.category_id && variant.category_id !== count.category_id) {
        throw badRequest('inventory.outside_count', `${variant.sku} is not in the category this count covers; count it in its own count.`);
      }
      const [line] = await request.tx.query<{ counted: string }>(
        `insert into inventory.count_lines (tenant_id, count_id, variant_id, counted) values ($1, $2, $3, $4)
         on conflict (tenant_id, count_id, variant_id) do update set counted = count_lines.counted + excluded.counted returning counted`,
        [request.tenantId, count.count_id, variant.variant_id, request.body.quantity ?? 1],
      );
      return { variantId: variant.variant_id, sku: variant.sku, counted: Number(line!.counted) };
    },
  });

  routes.get('/counts/:countId/variance', {
    schema: {
      summary: 'Expected vs counted for every variant the count covers',
      params: Type.Object({ countId: Uuid }),
      response: { 200: Variance },
    },
    handler: async (request) => variance(request.tx, await openCount(request.tx, request.params.countId)),
  });

  routes.post('/counts/:countId/approve', {
    permission: 'core-inventory:stock.adjust',
    schema: {
      summary: 'Approve: each variance becomes a count-correction movement; open discrepancies there are resolved',
      params: Type.Object({ countId: Uuid }),
      response: { 200: Variance },
    },
    async handler(request) {
      const count = await openCount(request.tx, request.params.countId);
      if (count.status !== 'open') throw conflict('inventory.count_closed', `This count is ${count.status} already.`);
      const report = await variance(request.tx, count);
      const movements = createStockMovements(request.tx, { lowStockEvents: request.settings.lowStockEvents !== false });
      for (const line of report.lines) {
        if (line.variance !== 0) {
          const stockLine = { variantId: line.variantId, locationId: count.location_id, quantity: Math.abs(line.variance) };
          if (line.variance > 0) {
            await movements.add(stockLine, 'count_correction', 'count', { kind: 'count', id: count.count_id });
          } else {
            // A count sets stock to what is there: take it down to the counted figure, reservations or not.
            const [after] = await request.tx.query<{ on_hand: string; reserved: string; reorder_point: string | null }>(
              'update inventory.stock_levels set on_hand = on_hand - $3, version = version + 1, updated_at = now() where location_id = $1 and variant_id = $2 returning on_hand, reserved, reorder_point',
              [count.location_id, line.variantId, stockLine.quantity],
            );
            await movements.record(
              stockLine,
              'count_correction',
              -stockLine.quantity,
              'count',
              { kind: 'count', id: count.count_id },
              {
                onHand: Number(after!.on_hand),
                reserved: Number(after!.reserved),
                reorderPoint: after!.reorder_point === null ? null : Number(after!.reorder_point),
              },
            );
          }
        }
        await request.tx.query(
          'update inventory.stock_levels set discrepancy_open = false where location_id = $1 and variant_id = $2 and on_hand >= 0',
          [count.location_id, line.variantId],
        );
        await request.tx.query(
          'update inventory.discrepancies set resolved_at = now() where location_id = $1 and variant_id = $2 and resolved_at is null',
          [count.location_id, line.variantId],
        );
      }
      await request.tx.query("update inventory.counts set status = 'approved', approved_at = now() where count_id = $1", [count.count_id]);
      await request.tx.audit('inventory.count.approved', {
        countId: count.count_id,
        corrections: report.lines.filter((l) => l.variance !== 0).length,
      });
      return { ...report, status: 'approved' };
    },
  });
}
