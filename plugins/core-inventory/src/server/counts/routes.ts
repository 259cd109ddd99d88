import {
  badRequest,
  conflict,
  LineQuantity,
  NonBlankText,
  notFound,
  Type,
  Uuid,
  type RouteRegistrar,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { requireLocations } from '../catalog/product-store.ts';
import type { InventorySettings } from '../settings.ts';
import { createStockMovements, type StockMovements } from '../stock/stock-movements.ts';
import { registerCountListRoutes } from './count-list.ts';
import { levelAfter } from '../stock/stock-rows.ts';

const Variance = Type.Object({
  countId: Uuid,
  status: Type.String(),
  lines: Type.Array(
    Type.Object({
      variantId: Uuid,
      sku: Type.String(),
      productName: Type.String(),
      /** The lot counted, for lot-tracked products; null is stock outside any lot. */
      lotCode: Type.Union([Type.String(), Type.Null()]),
      expected: Type.Integer(),
      counted: Type.Integer(),
      variance: Type.Integer(),
      /** Serial-tracked products: in stock here but not scanned, and scanned but not in stock here. */
      missingSerials: Type.Array(Type.String()),
      foundSerials: Type.Array(Type.String()),
    }),
  ),
});

interface CountRow {
  count_id: string;
  location_id: string;
  category_id: string | null;
  status: string;
}

/** The count, locked against a concurrent scan or approval — unless only read (a GET's transaction is read-only). */
async function openCount(tx: TenantTransaction, countId: string, { lock = true } = {}): Promise<CountRow> {
  const [count] = await tx.query<CountRow>(
    `select count_id, location_id, category_id, status from inventory.counts where count_id = $1${lock ? ' for update' : ''}`,
    [countId],
  );
  if (!count) throw notFound('inventory.unknown_count', `There is no count ${countId}.`);
  return count;
}

/**
 * Expected vs counted for every (variant, lot) the count covers: those scanned, and those the
 * location holds stock of (in the category, for a category count) that nobody scanned (counted 0).
 * Lot-tracked stock is expected per lot; what the lots do not cover is expected outside any lot.
 */
async function variance(tx: TenantTransaction, count: CountRow) {
  const rows = await tx.query<{
    variant_id: string;
    sku: string;
    product_name: string;
    lot_code: string;
    expected: string;
    counted: string;
    tracking: string;
    missing: string[] | null;
    found: string[] | null;
  }>(
    `with in_scope as (
       select v.variant_id, p.tracking from inventory.variants v
         join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
        where $3::uuid is null or p.category_id = $3),
     covered as (
       select variant_id, lot_code from inventory.count_lines where count_id = $1
       union
       select l.variant_id, '' from inventory.stock_levels l join in_scope s using (variant_id) where l.location_id = $2 and l.on_hand <> 0
       union
       select t.variant_id, t.lot_code from inventory.lots t join in_scope s using (variant_id) where t.location_id = $2 and t.on_hand > 0),
     lotted as (
       select variant_id, sum(on_hand) as in_lots from inventory.lots where location_id = $2 group by variant_id),
     figures as (
       select c.variant_id, c.lot_code, v.sku, p.name as product_name, p.tracking,
              case when c.lot_code = '' then coalesce(l.on_hand, 0) - coalesce(lt.in_lots, 0) else coalesce(t.on_hand, 0) end as expected,
              coalesce(cl.counted, 0) as counted
         from covered c
         join inventory.variants v on v.variant_id = c.variant_id
         join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
         left join inventory.stock_levels l on l.location_id = $2 and l.variant_id = c.variant_id
         left join lotted lt on lt.variant_id = c.variant_id
         left join inventory.lots t on t.location_id = $2 and t.variant_id = c.variant_id and t.lot_code = c.lot_code
         left join inventory.count_lines cl on cl.count_id = $1 and cl.variant_id = c.variant_id and cl.lot_code = c.lot_code)
     select f.variant_id, f.sku, f.product_name, f.lot_code, f.expected, f.counted, f.tracking,
            case when f.tracking = 'serial' then array(
              select s.serial from inventory.serials s where s.variant_id = f.variant_id and s.location_id = $2 and s.status = 'in_stock'
                and not exists (select 1 from inventory.count_serials cs where cs.count_id = $1 and cs.variant_id = s.variant_id and cs.serial = s.serial)
              order by s.serial) end as missing,
            case when f.tracking = 'serial' then array(
              select cs.serial from inventory.count_serials cs where cs.count_id = $1 and cs.variant_id = f.variant_id
                and not exists (select 1 from inventory.serials s where s.variant_id = cs.variant_id and s.serial = cs.serial and s.location_id = $2 and s.status = 'in_stock')
              order by cs.serial) end as found
       from figures f
      where f.expected <> 0 or f.counted <> 0
      order by f.sku, f.lot_code`,
    [count.count_id, count.location_id, count.category_id],
  );
  return {
    countId: count.count_id,
    status: count.status,
    lines: rows.map((r) => ({
      variantId: r.variant_id,
      sku: r.sku,
      productName: r.product_name,
      lotCode: r.lot_code === '' ? null : r.lot_code,
      expected: Number(r.expected),
      counted: Number(r.counted),
      variance: Number(r.counted) - Number(r.expected),
      missingSerials: r.missing ?? [],
      foundSerials: r.found ?? [],
    })),
  };
}

type VarianceLine = Awaited<ReturnType<typeof variance>>['lines'][number];

/** Stock counts: a session per location (whole or one category), blind scanning, variance, approval. */
export function registerCountRoutes(routes: RouteRegistrar<InventorySettings>): void {
  registerCountListRoutes(routes);
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
        {
          code: NonBlankText(80),
          quantity: Type.Optional(LineQuantity),
          /** Lot-tracked products: the lot on the label (omit for stock outside any lot). */
          lot: Type.Optional(NonBlankText(64)),
          /** Serial-tracked products: the serial number of the one item scanned. */
          serial: Type.Optional(NonBlankText(100)),
        },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          variantId: Uuid,
          sku: Type.String(),
          lotCode: Type.Union([Type.String(), Type.Null()]),
          counted: Type.Integer(),
        }),
      },
    },
    async handler(request) {
      const count = await openCount(request.tx, request.params.countId);
      if (count.status !== 'open')
        throw conflict('inventory.count_closed', `This count is ${count.status}; start a new one to count again.`);
      const [variant] = await request.tx.query<{ variant_id: string; sku: string; category_id: string | null; tracking: string }>(
        `select v.variant_id, v.sku, p.category_id, p.tracking from inventory.variants v join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
          where v.variant_id = (select variant_id from inventory.barcodes where code = $1 union all select variant_id from inventory.variants where sku = $1 limit 1)`,
        [request.body.code],
      );
      if (!variant) throw notFound('inventory.unknown_code', `No variant has the barcode or SKU "${request.body.code}".`);
      if (count.category_id && variant.category_id !== count.category_id) {
        throw badRequest('inventory.outside_count', `${variant.sku} is not in the category this count covers; count it in its own count.`);
      }
      const { lot, serial, quantity = 1 } = request.body;
      if (lot && variant.tracking !== 'lot')
        throw badRequest('inventory.not_lot_tracked', `${variant.sku} does not track lots; scan it without one.`);
      let added = quantity;
      if (variant.tracking === 'serial') {
        if (!serial || quantity !== 1)
          throw badRequest('inventory.serial_required', `${variant.sku} is serial-tracked: scan each item with its serial number.`);
        // The same serial scanned twice is one item.
        const fresh = await request.tx.query(
          'insert into inventory.count_serials (tenant_id, count_id, variant_id, serial) values ($1, $2, $3, $4) on conflict do nothing returning 1',
          [request.tenantId, count.count_id, variant.variant_id, serial],
        );
        added = fresh.length;
      } else if (serial) {
        throw badRequest('inventory.not_serial_tracked', `${variant.sku} does not track serial numbers; scan it without one.`);
      }
      const [line] = await request.tx.query<{ counted: string }>(
        `insert into inventory.count_lines (tenant_id, count_id, variant_id, lot_code, counted) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, count_id, variant_id, lot_code) do update set counted = count_lines.counted + excluded.counted returning counted`,
        [request.tenantId, count.count_id, variant.variant_id, lot ?? '', added],
      );
      return { variantId: variant.variant_id, sku: variant.sku, lotCode: lot ?? null, counted: Number(line!.counted) };
    },
  });

  routes.get('/counts/:countId/variance', {
    schema: {
      summary: 'Expected vs counted for every variant the count covers',
      params: Type.Object({ countId: Uuid }),
      response: { 200: Variance },
    },
    handler: async (request) => variance(request.tx, await openCount(request.tx, request.params.countId, { lock: false })),
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
        await correct(request.tx, movements, count, line);
        await request.tx.query(
          'update inventory.stock_levels set discrepancy_open = false where location_id = $1 and variant_id = $2 and on_hand >= 0',
          [count.location_id, line.variantId],
        );
        await request.tx.query(
          'update inventory.discrepancies set resolved_at = now() where location_id = $1 and variant_id = $2 and resolved_at is null',
          [count.location_id, line.variantId],
        );
      }
      const [approved] = await request.tx.query<{ approved_at: Date }>(
        "update inventory.counts set status = 'approved', approved_at = now() where count_id = $1 returning approved_at",
        [count.count_id],
      );
      await announceApproval(request.tx, count, report.lines, new Date(approved!.approved_at).toISOString());
      await request.tx.audit('inventory.count.approved', {
        countId: count.count_id,
        corrections: report.lines.filter((l) => l.variance !== 0).length,
      });
      return { ...report, status: 'approved' };
    },
  });
}

/**
 * Publishes `inventory.count.approved`: what was expected and counted per variant (and lot), with
 * the variant's cost, so a report can value the shrinkage without reading inventory's tables.
 */
async function announceApproval(tx: TenantTransaction, count: CountRow, lines: readonly VarianceLine[], approvedAt: string): Promise<void> {
  const costs = await tx.query<{ variant_id: string; cost_minor: string | null; cost_currency: string | null }>(
    'select variant_id, cost_minor, cost_currency from inventory.variants where variant_id = any($1::uuid[])',
    [[...new Set(lines.map((l) => l.variantId))]],
  );
  const costOf = new Map(costs.map((c) => [c.variant_id, c]));
  await tx.publish({
    type: 'inventory.count.approved',
    payload: {
      countId: count.count_id,
      locationId: count.location_id,
      categoryId: count.category_id,
      approvedAt,
      lines: lines.map((line) => {
        const cost = costOf.get(line.variantId);
        return {
          variantId: line.variantId,
          sku: line.sku,
          lotCode: line.lotCode,
          expected: line.expected,
          counted: line.counted,
          variance: line.variance,
          unitCost:
            cost?.cost_minor === null || cost?.cost_minor === undefined || cost.cost_currency === null
              ? null
              : { amount: Number(cost.cost_minor), currency: cost.cost_currency },
        };
      }),
    },
  });
}

/**
 * Turns one line of an approved count into count-correction movements: serials found go into
 * stock here, serials not found go missing, and whatever difference is left (per lot) is corrected
 * as a quantity. A count sets stock to what is there, reservations or not.
 */
async function correct(tx: TenantTransaction, movements: StockMovements, count: CountRow, line: VarianceLine): Promise<void> {
  const reference = { kind: 'count', id: count.count_id };
  const base = {
    variantId: line.variantId,
    locationId: count.location_id,
    ...(line.lotCode ? { lot: { code: line.lotCode } } : {}),
  };
  if (line.foundSerials.length > 0) {
    await movements.add(
      { ...base, quantity: line.foundSerials.length, serials: line.foundSerials },
      'count_correction',
      'count',
      reference,
    );
  }
  if (line.missingSerials.length > 0) {
    await takeDown(tx, movements, { ...base, quantity: line.missingSerials.length }, reference, line.missingSerials);
  }
  const rest = line.variance - line.foundSerials.length + line.missingSerials.length;
  if (rest > 0) await movements.add({ ...base, quantity: rest }, 'count_correction', 'count', reference);
  if (rest < 0) await takeDown(tx, movements, { ...base, quantity: -rest }, reference);
}

async function takeDown(
  tx: TenantTransaction,
  movements: StockMovements,
  line: { variantId: string; locationId: string; quantity: number; lot?: { code: string } },
  reference: { kind: string; id: string },
  missingSerials?: string[],
): Promise<void> {
  const [after] = await tx.query<{ on_hand: string; reserved: string; reorder_point: string | null }>(
    'update inventory.stock_levels set on_hand = on_hand - $3, version = version + 1, updated_at = now() where location_id = $1 and variant_id = $2 returning on_hand, reserved, reorder_point',
    [line.locationId, line.variantId, line.quantity],
  );
  if (line.lot) {
    await tx.query('update inventory.lots set on_hand = on_hand - $4 where location_id = $1 and variant_id = $2 and lot_code = $3', [
      line.locationId,
      line.variantId,
      line.lot.code,
      line.quantity,
    ]);
  }
  if (missingSerials) {
    await tx.query(
      `update inventory.serials set status = 'missing', location_id = null where variant_id = $1 and serial = any($2::text[]) and location_id = $3`,
      [line.variantId, missingSerials, line.locationId],
    );
  }
  await movements.record(
    { ...line, ...(missingSerials ? { serials: missingSerials } : {}) },
    'count_correction',
    -line.quantity,
    'count',
    reference,
    levelAfter(after!),
  );
}
