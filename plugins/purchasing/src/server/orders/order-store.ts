import {
  badRequest,
  conflict,
  notFound,
  unprocessable,
  type PurchaseOrderStatus,
  type ServiceLocator,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { formatOrderNumber } from '../../shared/purchase-order-number.ts';
import { canDo, type PurchaseOrderAction } from '../../shared/purchase-order-status.ts';
import { requireSupplierCurrency, supplierItems, supplierRow } from '../suppliers/supplier-store.ts';

export interface OrderLineInput {
  readonly variantId: string;
  /** Packs of the supplier's pack size: ordered units = packs × packSize. */
  readonly packs: number;
  readonly packSize?: number;
  readonly unitCost?: { readonly amount: number; readonly currency: string };
  readonly supplierSku?: string;
  readonly expectedOn?: string;
}

export interface OrderInput {
  readonly supplierId: string;
  readonly locationId: string;
  readonly currency?: string;
  readonly expectedOn?: string;
  readonly notes?: string;
  readonly lines: readonly OrderLineInput[];
}

export interface PurchaseOrderLine {
  readonly lineNo: number;
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  readonly tracking: 'none' | 'lot' | 'serial';
  readonly supplierSku: string | null;
  readonly packSize: number;
  readonly packs: number;
  readonly orderedQuantity: number;
  readonly receivedQuantity: number;
  readonly damagedQuantity: number;
  readonly returnedQuantity: number;
  readonly unitCost: number | null;
  readonly lineTotal: number | null;
  readonly expectedOn: string | null;
  readonly unplanned: boolean;
}

export interface PurchaseOrder {
  readonly id: string;
  readonly number: string;
  readonly supplierId: string;
  readonly supplierName: string;
  readonly locationId: string;
  readonly currency: string;
  readonly status: PurchaseOrderStatus;
  readonly origin: 'manual' | 'reorder';
  readonly expectedOn: string | null;
  readonly notes: string;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly closedAt: string | null;
  readonly cancelledAt: string | null;
  /** Σ ordered units × unit cost, minor units of `currency`. */
  readonly total: number;
  readonly lines: readonly PurchaseOrderLine[];
}

/** The tenant's location `locationId`, from its directory; 400 when it has none such. */
export async function requireLocation(tx: TenantTransaction, locationId: string): Promise<{ name: string }> {
  const [row] = await tx.directory.locations([locationId]);
  if (!row)
    throw badRequest('purchasing.unknown_location', `There is no location ${locationId}; use the id of one of your stores or warehouses.`);
  return row;
}

/** Variants through inventory@1 (never its tables); unknown ids are 404. */
export async function describeVariants(services: ServiceLocator, variantIds: readonly string[], currency: string, locationId: string) {
  const found = variantIds.length === 0 ? [] : await services.use('inventory@1').sellable(variantIds, { currency, locationId });
  const missing = [...new Set(variantIds)].filter((id) => !found.some((v) => v.variantId === id));
  if (missing.length > 0)
    throw notFound('purchasing.unknown_variant', `Unknown variant${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`, {
      variantIds: missing,
    });
  return new Map(found.map((v) => [v.variantId, v]));
}

/** Names and SKUs of the variants that still exist (no location matters for a name: prices are not read). */
export async function describeVariantNames(services: ServiceLocator, variantIds: readonly string[], currency: string) {
  const found =
    variantIds.length === 0 ? [] : await services.use('inventory@1').sellable(variantIds, { currency, locationId: NO_LOCATION });
  return new Map(found.map((v) => [v.variantId, v]));
}
const NO_LOCATION = '00000000-0000-0000-0000-000000000000';

export function requireDistinctVariants(lines: ReadonlyArray<{ variantId: string }>, what: string): void {
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.variantId))
      throw badRequest(
        'purchasing.duplicate_line',
        `Variant ${line.variantId} appears twice in this ${what}; give it once with the total.`,
        {
          variantId: line.variantId,
        },
      );
    seen.add(line.variantId);
  }
}

async function nextOrderNumber(tx: TenantTransaction): Promise<string> {
  // The counter row serialises concurrent orders of one tenant; numbers never repeat.
  const [row] = await tx.query<{ value: string }>(
    `insert into purchasing.counters (tenant_id, name, next_value) values ($1, 'purchase_order', 2)
     on conflict (tenant_id, name) do update set next_value = counters.next_value + 1
     returning next_value - 1 as value`,
    [tx.tenantId],
  );
  return formatOrderNumber(Number(row!.value));
}

/** Lines as stored: pack size and cost from the supplier's item unless given, in the order's currency. */
async function resolveLines(
  tx: TenantTransaction,
  services: ServiceLocator,
  supplier: { id: string; name: string; currency: string },
  locationId: string,
  lines: readonly OrderLineInput[],
) {
  requireDistinctVariants(lines, 'order');
  await describeVariants(
    services,
    lines.map((l) => l.variantId),
    supplier.currency,
    locationId,
  );
  const items = new Map(
    (
      await supplierItems(
        tx,
        supplier.id,
        lines.map((l) => l.variantId),
      )
    ).map((i) => [i.variantId, i]),
  );
  return lines.map((line, index) => {
    const item = items.get(line.variantId);
    if (line.unitCost) requireSupplierCurrency(supplier, line.unitCost.currency, `The cost of line ${index + 1}`);
    const packSize = line.packSize ?? item?.packSize;
    const unitCost = line.unitCost?.amount ?? item?.unitCost.amount;
    if (packSize === undefined || unitCost === undefined)
      throw unprocessable(
        'purchasing.no_supplier_cost',
        `${supplier.name} has no pack size and cost for variant ${line.variantId}: give packSize and unitCost on the line, or set them with PUT /suppliers/${supplier.id}/items/${line.variantId}.`,
        { variantId: line.variantId },
      );
    return {
      lineNo: index + 1,
      variantId: line.variantId,
      supplierSku: line.supplierSku ?? item?.supplierSku ?? null,
      packSize,
      packs: line.packs,
      unitCost,
      expectedOn: line.expectedOn ?? null,
    };
  });
}

type ResolvedLine = Awaited<ReturnType<typeof resolveLines>>[number];

async function writeLines(tx: TenantTransaction, poId: string, lines: readonly ResolvedLine[]): Promise<void> {
  await tx.query('delete from purchasing.po_lines where po_id = $1', [poId]);
  await tx.query(
    `insert into purchasing.po_lines (tenant_id, po_id, line_no, variant_id, supplier_sku, pack_size, packs, unit_cost_minor, expected_on)
     select $1, $2, l."lineNo", l."variantId", l."supplierSku", l."packSize", l.packs, l."unitCost", l."expectedOn"
       from jsonb_to_recordset($3::jsonb) as l("lineNo" int, "variantId" uuid, "supplierSku" text, "packSize" int, packs int, "unitCost" bigint, "expectedOn" date)`,
    [tx.tenantId, poId, JSON.stringify(lines)],
  );
}

/** Drafts a purchase order (manual, or from reorder suggestions). */
export async function createOrder(
  tx: TenantTransaction,
  services: ServiceLocator,
  input: OrderInput,
  origin: 'manual' | 'reorder' = 'manual',
): Promise<string> {
  const supplier = await supplierRow(tx, input.supplierId);
  if (supplier.status !== 'active')
    throw conflict('purchasing.supplier_archived', `${supplier.name} is archived; reactivate the supplier before ordering from it.`);
  if (input.currency) requireSupplierCurrency(supplier, input.currency, 'The order');
  await requireLocation(tx, input.locationId);
  const lines = await resolveLines(tx, services, supplier, input.locationId, input.lines);
  const id = uuidv7();
  const number = await nextOrderNumber(tx);
  await tx.query(
    `insert into purchasing.purchase_orders (tenant_id, po_id, number, supplier_id, location_id, currency, origin, expected_on, notes)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tx.tenantId, id, number, supplier.id, input.locationId, supplier.currency, origin, input.expectedOn ?? null, input.notes ?? ''],
  );
  await writeLines(tx, id, lines);
  return id;
}

/** Replaces a draft's expected date, notes and lines. */
export async function updateDraft(
  tx: TenantTransaction,
  services: ServiceLocator,
  id: string,
  input: Pick<OrderInput, 'expectedOn' | 'notes' | 'lines' | 'currency'>,
): Promise<void> {
  const order = await lockOrder(tx, id);
  requireAction(order, 'edit');
  const supplier = await supplierRow(tx, order.supplier_id);
  if (input.currency) requireSupplierCurrency(supplier, input.currency, 'The order');
  const lines = await resolveLines(tx, services, supplier, order.location_id, input.lines);
  await tx.query('update purchasing.purchase_orders set expected_on = $2, notes = $3, updated_at = now() where po_id = $1', [
    id,
    input.expectedOn ?? null,
    input.notes ?? '',
  ]);
  await writeLines(tx, id, lines);
}

export interface OrderRow {
  po_id: string;
  number: string;
  supplier_id: string;
  location_id: string;
  currency: string;
  status: PurchaseOrderStatus;
}

/** The order's row, locked: receipts, returns and transitions of one order happen one at a time. */
export async function lockOrder(tx: TenantTransaction, id: string): Promise<OrderRow> {
  const [row] = await tx.query<OrderRow>(
    'select po_id, number, supplier_id, location_id, currency, status from purchasing.purchase_orders where po_id = $1 for update',
    [id],
  );
  if (!row) throw notFound('purchasing.unknown_purchase_order', `There is no purchase order ${id}.`);
  return row;
}

export function requireAction(order: OrderRow, action: PurchaseOrderAction): void {
  const allowed = canDo(action, order.status);
  if (!allowed.ok) {
    const code = action === 'receive' ? 'purchasing.not_receivable' : 'purchasing.invalid_transition';
    throw conflict(code, `Purchase order ${order.number} is ${order.status.replace('_', ' ')}. ${allowed.reason}`, {
      status: order.status,
      action,
    });
  }
}

const STAMP: Partial<Record<PurchaseOrderAction, { status: PurchaseOrderStatus; column: string }>> = {
  send: { status: 'sent', column: 'sent_at' },
  close: { status: 'closed', column: 'closed_at' },
  cancel: { status: 'cancelled', column: 'cancelled_at' },
};

/** send, close or cancel; anything else from the order's status is 409 `purchasing.invalid_transition`. */
export async function transition(tx: TenantTransaction, id: string, action: 'send' | 'close' | 'cancel'): Promise<OrderRow> {
  const order = await lockOrder(tx, id);
  requireAction(order, action);
  if (action === 'send') {
    const [lines] = await tx.query<{ n: number }>('select count(*)::int as n from purchasing.po_lines where po_id = $1 and packs > 0', [
      id,
    ]);
    if (lines!.n === 0)
      throw conflict('purchasing.empty_order', `Purchase order ${order.number} has no lines to send; add what you want to order.`);
  }
  const { status, column } = STAMP[action]!;
  await tx.query(`update purchasing.purchase_orders set status = $2, ${column} = now(), updated_at = now() where po_id = $1`, [id, status]);
  await tx.publish({ type: `purchasing.po.${status}`, payload: { purchaseOrderId: id, number: order.number, status } });
  return { ...order, status };
}

interface LineRow {
  line_no: number;
  variant_id: string;
  supplier_sku: string | null;
  pack_size: number;
  packs: number;
  unit_cost_minor: string | null;
  expected_on: string | null;
  unplanned: boolean;
  received_quantity: string;
  damaged_quantity: string;
  returned_quantity: string;
}

export async function orderLines(tx: TenantTransaction, id: string) {
  const rows = await tx.query<LineRow>(
    `select line_no, variant_id, supplier_sku, pack_size, packs, unit_cost_minor, to_char(expected_on, 'YYYY-MM-DD') as expected_on,
            unplanned, received_quantity, damaged_quantity, returned_quantity
       from purchasing.po_lines where po_id = $1 order by line_no`,
    [id],
  );
  return rows.map((r) => ({
    lineNo: r.line_no,
    variantId: r.variant_id,
    supplierSku: r.supplier_sku,
    packSize: r.pack_size,
    packs: r.packs,
    orderedQuantity: r.packs * r.pack_size,
    receivedQuantity: Number(r.received_quantity),
    damagedQuantity: Number(r.damaged_quantity),
    returnedQuantity: Number(r.returned_quantity),
    unitCost: r.unit_cost_minor === null ? null : Number(r.unit_cost_minor),
    expectedOn: r.expected_on,
    unplanned: r.unplanned,
  }));
}
