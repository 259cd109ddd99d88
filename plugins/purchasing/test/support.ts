import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { firstPartyPlugin } from '../../../testing/first-party-plugins.ts';
import { ean13, shelveVariant, stockAt } from '../../../testing/shop-shelf.ts';

export const PURCHASING = fileURLToPath(new URL('..', import.meta.url));
export const INVENTORY = firstPartyPlugin('core-inventory');
export const SALES = firstPartyPlugin('core-sales');

export { DATABASE_KINDS };

/** A kernel with core-inventory (inventory@1) and purchasing, on one database; core-sales too when asked. */
export const purchasingKit = (
  db: (typeof DATABASE_KINDS)[number],
  options: { settings?: Record<string, unknown>; withSales?: boolean } = {},
) =>
  createTestKernel({
    plugins: options.withSales ? [INVENTORY, SALES, PURCHASING] : [INVENTORY, PURCHASING],
    db,
    // The test shop (EUR) buys from suppliers abroad too.
    settings: { purchasing: { otherCurrencies: ['SEK', 'GBP', 'CHF', 'USD'], ...options.settings } },
  });

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter += 1)}`;

export interface MadeVariant {
  readonly id: string;
  readonly sku: string;
  readonly barcode: string;
}

/** A one-variant product (EUR price 500) with a barcode; `tracking` lot or serial when asked. */
export async function makeVariant(
  kit: TestKernel,
  name = 'Oat Milk 1L',
  tracking: 'none' | 'lot' | 'serial' = 'none',
): Promise<MadeVariant> {
  const barcode = ean13();
  const { variantId, sku } = await shelveVariant(kit, { name, price: 500, tracking, barcode, sku: `PUR-${unique()}` });
  return { id: variantId, sku, barcode };
}

export async function makeSupplier(kit: TestKernel, body: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const name = `Supplier ${unique()}`;
  const created = await kit.request<{ id: string; name: string }>('POST', '/api/v1/purchasing/suppliers', {
    body: { name, currency: 'EUR', leadTimeDays: 7, paymentTermsDays: 30, ...body },
  });
  if (created.status !== 201) throw new Error(`supplier: ${JSON.stringify(created.body)}`);
  return created.body;
}

export async function setSupplierItem(
  kit: TestKernel,
  supplierId: string,
  variantId: string,
  item: { packSize: number; cost: number; currency?: string; supplierSku?: string; preferred?: boolean },
): Promise<void> {
  const set = await kit.request('PUT', `/api/v1/purchasing/suppliers/${supplierId}/items/${variantId}`, {
    body: {
      supplierSku: item.supplierSku ?? `SUP-${unique()}`,
      packSize: item.packSize,
      unitCost: { amount: item.cost, currency: item.currency ?? 'EUR' },
      ...(item.preferred !== undefined ? { preferred: item.preferred } : {}),
    },
  });
  if (set.status !== 200) throw new Error(`supplier item: ${JSON.stringify(set.body)}`);
}

export interface OrderLine {
  lineNo: number;
  variantId: string;
  sku: string;
  name: string;
  packs: number;
  packSize: number;
  orderedQuantity: number;
  receivedQuantity: number;
  damagedQuantity: number;
  returnedQuantity: number;
  unitCost: number | null;
  unplanned: boolean;
}
export interface Order {
  id: string;
  number: string;
  status: string;
  currency: string;
  total: number;
  supplierName: string;
  lines: OrderLine[];
}

/** A purchase order (sent unless `draft`): lines in packs at the supplier's costs. */
export async function makeOrder(
  kit: TestKernel,
  supplierId: string,
  lines: Array<{ variantId: string; packs: number }>,
  options: { draft?: boolean; locationId?: string } = {},
): Promise<Order> {
  const created = await kit.request<Order>('POST', '/api/v1/purchasing/purchase-orders', {
    body: { supplierId, locationId: options.locationId ?? kit.tenant.locationId, lines },
  });
  if (created.status !== 201) throw new Error(`order: ${JSON.stringify(created.body)}`);
  if (options.draft) return created.body;
  const sent = await kit.request<Order>('POST', `/api/v1/purchasing/purchase-orders/${created.body.id}/send`);
  if (sent.status !== 200) throw new Error(`send: ${JSON.stringify(sent.body)}`);
  return sent.body;
}

export const receiptId = () => randomUUID();

export const onHand = async (kit: TestKernel, variantId: string, locationId = kit.tenant.locationId): Promise<number> =>
  (await stockAt(kit, variantId, locationId)).onHand;

/** The variant's cost as core-inventory keeps it (through its product API). */
export async function variantCost(kit: TestKernel, variantId: string): Promise<{ amount: number; currency: string } | null> {
  const rows = await kit.kernel.db.query<{ cost_minor: string | null; cost_currency: string | null }>(
    'select cost_minor::text as cost_minor, cost_currency from inventory.variants where variant_id = $1',
    [variantId],
  );
  const row = rows[0]!;
  return row.cost_minor === null ? null : { amount: Number(row.cost_minor), currency: row.cost_currency! };
}

/** How many rows each of purchasing's tables and the stock ledger hold: a write that must not happen shows here. */
export async function footprint(kit: TestKernel): Promise<Record<string, number>> {
  const tables = [
    'purchasing.suppliers',
    'purchasing.supplier_items',
    'purchasing.purchase_orders',
    'purchasing.po_lines',
    'purchasing.receipts',
    'purchasing.receipt_lines',
    'inventory.stock_movements',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = (await kit.kernel.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
  const [lines] = await kit.kernel.db.query<{ sum: string | null }>(
    'select (sum(received_quantity) + sum(damaged_quantity) + sum(returned_quantity) + sum(packs))::text as sum from purchasing.po_lines',
  );
  counts['po_lines.quantities'] = Number(lines!.sum ?? 0);
  const [levels] = await kit.kernel.db.query<{ sum: string | null }>('select sum(on_hand)::text as sum from inventory.stock_levels');
  counts['stock_levels.on_hand'] = Number(levels!.sum ?? 0);
  const [costs] = await kit.kernel.db.query<{ sum: string | null }>('select sum(cost_minor)::text as sum from inventory.variants');
  counts['variants.cost'] = Number(costs!.sum ?? 0);
  const [events] = await kit.kernel.db.query<{ n: number }>("select count(*)::int as n from kernel.outbox where type like 'purchasing.%'");
  counts['outbox.purchasing'] = events!.n;
  return counts;
}
