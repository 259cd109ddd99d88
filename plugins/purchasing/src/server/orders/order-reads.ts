import {
  containsPattern,
  decodeCursor,
  notFound,
  pageOf,
  SqlConditions,
  type OnOrderQuantity,
  type OverduePurchaseOrder,
  type PageRequest,
  type PurchaseOrderStatus,
  type ServiceLocator,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { orderLines, type OrderRow, type PurchaseOrder } from './order-store.ts';

interface HeaderRow extends OrderRow {
  supplier_name: string;
  origin: 'manual' | 'reorder';
  expected_on: string | null;
  notes: string;
  created_at: Date | string;
  sent_at: Date | string | null;
  closed_at: Date | string | null;
  cancelled_at: Date | string | null;
  updated_at: Date | string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const HEADER = `select o.po_id, o.number, o.supplier_id, s.name as supplier_name, o.location_id, o.currency, o.status, o.origin,
                       to_char(o.expected_on, 'YYYY-MM-DD') as expected_on, o.notes, o.created_at, o.sent_at, o.closed_at, o.cancelled_at, o.updated_at
                  from purchasing.purchase_orders o join purchasing.suppliers s on s.tenant_id = o.tenant_id and s.supplier_id = o.supplier_id`;

/** A purchase order with its lines, named through inventory@1. */
export async function readOrder(tx: TenantTransaction, services: ServiceLocator, id: string): Promise<PurchaseOrder> {
  const [header] = await tx.query<HeaderRow>(`${HEADER} where o.po_id = $1`, [id]);
  if (!header) throw notFound('purchasing.unknown_purchase_order', `There is no purchase order ${id}.`);
  return withLines(tx, services, header);
}

export async function readOrderByNumber(tx: TenantTransaction, services: ServiceLocator, number: string): Promise<PurchaseOrder> {
  const [header] = await tx.query<HeaderRow>(`${HEADER} where o.number = $1`, [number.toUpperCase()]);
  if (!header) throw notFound('purchasing.unknown_purchase_order', `There is no purchase order numbered ${number}.`);
  return withLines(tx, services, header);
}

async function withLines(tx: TenantTransaction, services: ServiceLocator, header: HeaderRow): Promise<PurchaseOrder> {
  const lines = await orderLines(tx, header.po_id);
  const variants = await services.use('inventory@1').sellable(
    lines.map((l) => l.variantId),
    { currency: header.currency, locationId: header.location_id },
  );
  const named = lines.map((line) => {
    const variant = variants.find((v) => v.variantId === line.variantId);
    return {
      ...line,
      sku: variant?.sku ?? '',
      name: variant?.name ?? 'Unknown item',
      tracking: variant?.tracking ?? 'none',
      lineTotal: line.unitCost === null ? null : line.unitCost * line.orderedQuantity,
    };
  });
  return {
    id: header.po_id,
    number: header.number,
    supplierId: header.supplier_id,
    supplierName: header.supplier_name,
    locationId: header.location_id,
    currency: header.currency,
    status: header.status,
    origin: header.origin,
    expectedOn: header.expected_on,
    notes: header.notes,
    createdAt: iso(header.created_at)!,
    sentAt: iso(header.sent_at),
    closedAt: iso(header.closed_at),
    cancelledAt: iso(header.cancelled_at),
    total: named.reduce((sum, l) => sum + (l.lineTotal ?? 0), 0),
    lines: named,
  };
}

/** What the order list filters on; every filter given must hold. */
export interface OrderFilters {
  /** Text in the number or the supplier's name (the office's search box). */
  readonly q?: string | undefined;
  readonly status?: PurchaseOrderStatus | undefined;
  readonly supplierId?: string | undefined;
  readonly locationId?: string | undefined;
  readonly createdSince?: string | undefined;
  readonly updatedSince?: string | undefined;
}

/** One page of orders, newest first (ids are UUIDv7, so they sort by time). */
export async function listOrders(tx: TenantTransaction, filters: OrderFilters, page: PageRequest) {
  const after = decodeCursor(page.cursor, ['uuid']);
  const sql = new SqlConditions();
  if (filters.q !== undefined) {
    const text = sql.param(containsPattern(filters.q));
    sql.and(`(o.number ilike ${text} or s.name ilike ${text})`);
  }
  if (filters.status !== undefined) sql.and(`o.status = ${sql.param(filters.status)}`);
  if (filters.supplierId !== undefined) sql.and(`o.supplier_id = ${sql.param(filters.supplierId)}::uuid`);
  if (filters.locationId !== undefined) sql.and(`o.location_id = ${sql.param(filters.locationId)}::uuid`);
  if (filters.createdSince !== undefined) sql.and(`o.created_at >= ${sql.param(filters.createdSince)}::timestamptz`);
  if (filters.updatedSince !== undefined) sql.and(`o.updated_at >= ${sql.param(filters.updatedSince)}::timestamptz`);
  if (after) sql.and(`o.po_id < ${sql.param(after[0])}::uuid`);
  const rows = await tx.query<HeaderRow>(`${HEADER} ${sql.where} order by o.po_id desc limit ${sql.param(page.limit + 1)}`, sql.params);
  return pageOf(
    rows,
    page.limit,
    (h) => ({
      id: h.po_id,
      number: h.number,
      supplierId: h.supplier_id,
      supplierName: h.supplier_name,
      locationId: h.location_id,
      currency: h.currency,
      status: h.status,
      origin: h.origin,
      expectedOn: h.expected_on,
      createdAt: iso(h.created_at)!,
      updatedAt: iso(h.updated_at)!,
    }),
    (h) => [h.po_id],
  );
}

/** Units on open orders not yet delivered, per variant and location. */
export async function onOrder(
  tx: TenantTransaction,
  variantIds: readonly string[] | null,
  locationId?: string,
): Promise<OnOrderQuantity[]> {
  const rows = await tx.query<{ variant_id: string; location_id: string; quantity: string }>(
    `select l.variant_id, o.location_id, sum(greatest(l.packs * l.pack_size - l.received_quantity - l.damaged_quantity, 0)) as quantity
       from purchasing.po_lines l join purchasing.purchase_orders o on o.tenant_id = l.tenant_id and o.po_id = l.po_id
      where o.status in ('draft', 'sent', 'partially_received') and ($1::uuid[] is null or l.variant_id = any($1::uuid[]))
        and ($2::uuid is null or o.location_id = $2)
      group by l.variant_id, o.location_id having sum(greatest(l.packs * l.pack_size - l.received_quantity - l.damaged_quantity, 0)) > 0`,
    [variantIds ? [...variantIds] : null, locationId ?? null],
  );
  return rows.map((r) => ({ variantId: r.variant_id, locationId: r.location_id, quantity: Number(r.quantity) }));
}

/** purchasing@1 `overdue`: sent or partly received orders expected before `today`, oldest expected first. */
export async function overdueOrders(tx: TenantTransaction, today: string): Promise<OverduePurchaseOrder[]> {
  const rows = await tx.query<{
    po_id: string;
    number: string;
    supplier_name: string;
    location_id: string;
    status: OverduePurchaseOrder['status'];
    expected_on: string;
  }>(
    `select o.po_id, o.number, s.name as supplier_name, o.location_id, o.status, to_char(o.expected_on, 'YYYY-MM-DD') as expected_on
       from purchasing.purchase_orders o join purchasing.suppliers s on s.tenant_id = o.tenant_id and s.supplier_id = o.supplier_id
      where o.status in ('sent', 'partially_received') and o.expected_on < $1::date
      order by o.expected_on, o.po_id limit 500`,
    [today],
  );
  return rows.map((row) => ({
    id: row.po_id,
    number: row.number,
    supplierName: row.supplier_name,
    locationId: row.location_id,
    status: row.status,
    expectedOn: row.expected_on,
  }));
}
