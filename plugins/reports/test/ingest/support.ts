import { fileURLToPath } from 'node:url';
import { pluginRole } from '@kits/kernel';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { firstPartyPlugin } from '../../../../testing/first-party-plugins.ts';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import type { TransactionRunner } from '../../src/server/ingest/sql.ts';
import { REBUILT_TABLES } from '../../src/server/rebuild/rebuild-steps.ts';

export { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';

const REPORTS = fileURLToPath(new URL('../..', import.meta.url));
const INVENTORY = firstPartyPlugin('core-inventory');
const SALES = firstPartyPlugin('core-sales');
const PURCHASING = firstPartyPlugin('purchasing');

/** Sells, refunds and shifts at a till. */
export const CASHIER = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'];

/** A kernel with what feeds reports (inventory, sales, purchasing) and reports itself, on one database. */
export const reportsKit = (db: 'pglite' | 'postgres') => createTestKernel({ plugins: [INVENTORY, SALES, PURCHASING, REPORTS], db });

/** Waits until every event published so far is relayed and delivered (or dead-lettered), then answers the dead letters of reports. */
export async function settled(kit: TestKernel): Promise<string[]> {
  const pending = () =>
    kit.kernel.db
      .query<{ n: number }>(
        `select ((select count(*) from kernel.outbox where relayed_at is null) + (select count(*) from kernel.event_deliveries))::int as n`,
      )
      .then(([row]) => row!.n);
  const left = await eventually(pending, (n) => n === 0, 30_000);
  if (left !== 0) throw new Error(`${left} events were still undelivered after 30 s`);
  const dead = await kit.kernel.db.query<{ error: string }>("select error from kernel.dead_letters where subscriber like 'reports:%'");
  return dead.map((d) => d.error);
}

/** A tenant transaction running as the reports plugin's role: what `rebuildTenant` and `ingestEvents` take outside a plugin. */
export const reportsTransaction =
  (kit: TestKernel, tenantId: string): TransactionRunner =>
  (work) =>
    kit.kernel.db.transaction({ tenantId }, (tx) =>
      work({ tenantId, query: (sql, params) => tx.queryAs(pluginRole('reports'), sql, params) }),
    );

const PRIMARY_KEYS: Record<(typeof REBUILT_TABLES)[number], string> = {
  sale_lines: 'sale_id, line_no',
  refund_lines: 'refund_id, line_no',
  tenders: 'source_kind, source_id, tender_no',
  stock_movements: 'movement_id',
  voids: 'sale_id',
  variant_hours: 'location_id, variant_id, hour',
  category_hours: 'location_id, hour, category_id',
  location_hours: 'location_id, hour',
  basket_hours: 'basis, location_id, device_id, cashier_id, hour',
  tender_hours: 'location_id, method, hour',
  variant_costs: 'variant_id',
  stock_positions: 'location_id, variant_id',
  movement_days: 'location_id, variant_id, day, kind',
  last_sales: 'location_id, variant_id',
  location_days: 'location_id, day',
  category_days: 'location_id, day, category_id',
  variant_days: 'location_id, day, variant_id',
  basket_days: 'basis, location_id, day, device_id, cashier_id',
  tender_days: 'location_id, day, method',
};

/** Every facts and rollup row of a tenant, table by table in key order, as JSON text per row (comparable across reads). */
export async function snapshot(kit: TestKernel, tenantId: string): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of REBUILT_TABLES) {
    const rows = await kit.kernel.db.query<{ row: string }>(
      `select to_jsonb(t)::text as row from reports.${table} t where tenant_id = $1 order by ${PRIMARY_KEYS[table]}`,
      [tenantId],
    );
    tables[table] = rows.map((r) => r.row);
  }
  return tables;
}

/** The rows of one reports table for the tenant, bigints as numbers and times as ISO text. */
export async function rowsOf<Row>(kit: TestKernel, tenantId: string, table: string, where = 'true'): Promise<Row[]> {
  const rows = await kit.kernel.db.query<{ row: Row }>(
    `select to_jsonb(t) as row from reports.${table} t where tenant_id = $1 and ${where} order by 1`,
    [tenantId],
  );
  return rows.map((r) => normalise(r.row) as Row);
}

/** JSON from PostgreSQL: timestamps to `Date#toISOString` spelling, so they compare with what tests compute. */
function normalise(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/.test(value))
    return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}

/** The UTC hour an instant falls in, as ISO text (how the rollups key hours). */
export const hourOf = (at: string | Date): string => {
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  return hour.toISOString();
};

/** A product priced `price` (EUR, tax class standard: 20 % VAT included) with `stock` received at the store (none by default). */
export const sellableVariant = async (kit: TestKernel, name: string, price: number, stock = 0) =>
  shelveVariant(kit, { name, price, stock });

/** A signed-in till with a cashier allowed to sell and refund, and an open shift. */
export async function tillWithShift(kit: TestKernel): Promise<TestTill & { shiftId: string }> {
  const till = await kit.signInTill({ permissions: CASHIER });
  const shift = await kit.request<{ shiftId: string }>('POST', '/api/v1/core-sales/shifts', {
    token: till.token,
    body: { openingFloat: 10_000 },
  });
  if (shift.status !== 201) throw new Error(`open shift: ${JSON.stringify(shift.body)}`);
  return { ...till, shiftId: shift.body.shiftId };
}

/** Receives `quantity` units of a variant through a purchase order at `unitCost` (EUR, packs of one). */
export async function receiveThroughPurchasing(
  kit: TestKernel,
  variantId: string,
  quantity: number,
  unitCost: number,
  locationId = kit.tenant.locationId,
): Promise<void> {
  const expect201 = <Body>(response: { status: number; body: Body }, what: string): Body => {
    if (response.status !== 201 && response.status !== 200) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const supplier = expect201(
    await kit.request<{ id: string }>('POST', '/api/v1/purchasing/suppliers', {
      body: { name: `Supplier ${Math.random().toString(36).slice(2)}`, currency: 'EUR', leadTimeDays: 7, paymentTermsDays: 30 },
    }),
    'supplier',
  );
  expect201(
    await kit.request('PUT', `/api/v1/purchasing/suppliers/${supplier.id}/items/${variantId}`, {
      body: { supplierSku: `S-${Math.random().toString(36).slice(2)}`, packSize: 1, unitCost: { amount: unitCost, currency: 'EUR' } },
    }),
    'supplier item',
  );
  const order = expect201(
    await kit.request<{ id: string }>('POST', '/api/v1/purchasing/purchase-orders', {
      body: { supplierId: supplier.id, locationId, lines: [{ variantId, packs: quantity }] },
    }),
    'order',
  );
  expect201(await kit.request('POST', `/api/v1/purchasing/purchase-orders/${order.id}/send`), 'send');
  expect201(
    await kit.request('POST', `/api/v1/purchasing/purchase-orders/${order.id}/receipts`, {
      body: { id: crypto.randomUUID(), lines: [{ variantId, quantity }] },
    }),
    'receive',
  );
}
