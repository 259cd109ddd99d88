import {
  badRequest,
  decodeCursor,
  pageOf,
  SqlConditions,
  timestampKeySql,
  type MovementKind,
  type PageOf,
  type PageRequest,
  type TenantTransaction,
} from '@kits/plugin-sdk';

export const MOVEMENT_KINDS = [
  'receive',
  'sale',
  'return',
  'adjustment',
  'transfer_out',
  'transfer_in',
  'count_correction',
  'supplier_return',
] as const satisfies readonly MovementKind[];

/** What the ledger list filters on; every filter given must hold. */
export interface MovementFilters {
  readonly variantId?: string | undefined;
  readonly locationId?: string | undefined;
  readonly kind?: (typeof MOVEMENT_KINDS)[number] | undefined;
  /** At or after this instant. */
  readonly from?: string | undefined;
  /** Before this instant. */
  readonly to?: string | undefined;
}

/** One line of the ledger, with what a person needs to read it (the product and SKU). */
export interface LedgerEntry {
  id: string;
  variantId: string;
  sku: string;
  productName: string;
  locationId: string;
  kind: string;
  quantity: number;
  reason: string | null;
  reference: { kind: string; id: string } | null;
  lotCode: string | null;
  serials: string[] | null;
  unitCost: { amount: number; currency: string } | null;
  occurredAt: string;
}

interface LedgerRow {
  movement_id: string;
  variant_id: string;
  sku: string;
  product_name: string;
  location_id: string;
  kind: string;
  quantity: string;
  reason: string | null;
  reference_kind: string | null;
  reference_id: string | null;
  lot_code: string | null;
  serials: string[] | null;
  unit_cost_minor: string | null;
  cost_currency: string | null;
  occurred_key: string;
}

/** The ledger newest first (then by id, which is time-ordered too), a page at a time. */
export async function listMovements(tx: TenantTransaction, filters: MovementFilters, page: PageRequest): Promise<PageOf<LedgerEntry>> {
  if (filters.from !== undefined && filters.to !== undefined && Date.parse(filters.to) <= Date.parse(filters.from)) {
    throw badRequest('inventory.invalid_period', 'The end of the period must come after its start.', {
      errors: [{ field: 'querystring.to', message: 'must be after the start of the period' }],
    });
  }
  const before = decodeCursor(page.cursor, ['timestamp', 'uuid']);
  const sql = new SqlConditions();
  if (filters.variantId !== undefined) sql.and(`m.variant_id = ${sql.param(filters.variantId)}::uuid`);
  if (filters.locationId !== undefined) sql.and(`m.location_id = ${sql.param(filters.locationId)}::uuid`);
  if (filters.kind !== undefined) sql.and(`m.kind = ${sql.param(filters.kind)}`);
  if (filters.from !== undefined) sql.and(`m.occurred_at >= ${sql.param(filters.from)}::timestamptz`);
  if (filters.to !== undefined) sql.and(`m.occurred_at < ${sql.param(filters.to)}::timestamptz`);
  if (before) sql.and(`(m.occurred_at, m.movement_id) < (${sql.param(before[0])}::timestamptz, ${sql.param(before[1])}::uuid)`);
  const rows = await tx.query<LedgerRow>(
    `select m.movement_id, m.variant_id, v.sku, p.name as product_name, m.location_id, m.kind, m.quantity, m.reason,
            m.reference_kind, m.reference_id, m.lot_code, m.serials, m.unit_cost_minor, m.cost_currency,
            ${timestampKeySql('m.occurred_at')} as occurred_key
       from inventory.stock_movements m
       join inventory.variants v on v.tenant_id = m.tenant_id and v.variant_id = m.variant_id
       join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
     ${sql.where} order by m.occurred_at desc, m.movement_id desc limit ${sql.param(page.limit + 1)}`,
    sql.params,
  );
  return pageOf(
    rows,
    page.limit,
    (row) => ({
      id: row.movement_id,
      variantId: row.variant_id,
      sku: row.sku,
      productName: row.product_name,
      locationId: row.location_id,
      kind: row.kind,
      quantity: Number(row.quantity),
      reason: row.reason,
      reference: row.reference_kind ? { kind: row.reference_kind, id: row.reference_id ?? '' } : null,
      lotCode: row.lot_code,
      serials: row.serials,
      unitCost:
        row.unit_cost_minor === null || row.cost_currency === null
          ? null
          : { amount: Number(row.unit_cost_minor), currency: row.cost_currency },
      occurredAt: row.occurred_key,
    }),
    (row) => [row.occurred_key, row.movement_id],
  );
}
