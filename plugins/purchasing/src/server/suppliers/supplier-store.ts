import {
  conflict,
  containsPattern,
  decodeCursor,
  notFound,
  pageOf,
  SqlConditions,
  unprocessable,
  type PageRequest,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';

export interface ContactInput {
  readonly name: string;
  readonly role?: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface SupplierInput {
  readonly name: string;
  readonly currency: string;
  readonly paymentTermsDays?: number;
  readonly leadTimeDays?: number;
  readonly email?: string;
  readonly phone?: string;
  readonly address?: string;
  readonly notes?: string;
  readonly contacts?: readonly ContactInput[];
}

export interface SupplierItem {
  readonly variantId: string;
  readonly supplierSku: string;
  readonly packSize: number;
  readonly unitCost: { readonly amount: number; readonly currency: string };
  readonly preferred: boolean;
}

export interface Supplier {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly paymentTermsDays: number;
  readonly leadTimeDays: number;
  readonly email: string | null;
  readonly phone: string | null;
  readonly address: string;
  readonly notes: string;
  readonly status: 'active' | 'archived';
  readonly revision: number;
  readonly updatedAt: string;
  readonly contacts: ReadonlyArray<Required<Omit<ContactInput, 'email' | 'phone'>> & { email: string | null; phone: string | null }>;
  readonly items: readonly SupplierItem[];
}

interface SupplierRow {
  supplier_id: string;
  name: string;
  currency: string;
  payment_terms_days: number;
  lead_time_days: number;
  email: string | null;
  phone: string | null;
  address: string;
  notes: string;
  status: 'active' | 'archived';
  revision: string;
  updated_at: Date | string;
}

const SUPPLIER_COLUMNS =
  'supplier_id, name, currency, payment_terms_days, lead_time_days, email, phone, address, notes, status, revision, updated_at';

/** A supplier cost must be in the supplier's currency: purchasing never converts money. */
export function requireSupplierCurrency(supplier: { name: string; currency: string }, currency: string, what: string): void {
  if (currency !== supplier.currency)
    throw unprocessable(
      'purchasing.currency_mismatch',
      `${what} is in ${currency}, but ${supplier.name} is paid in ${supplier.currency}: give it in ${supplier.currency}.`,
      { currency, supplierCurrency: supplier.currency },
    );
}

async function writeContacts(tx: TenantTransaction, supplierId: string, contacts: readonly ContactInput[]): Promise<void> {
  await tx.query('delete from purchasing.supplier_contacts where supplier_id = $1', [supplierId]);
  if (contacts.length === 0) return;
  await tx.query(
    `insert into purchasing.supplier_contacts (tenant_id, supplier_id, contact_no, name, role, email, phone)
     select $1, $2, c.ord, c.name, coalesce(c.role, ''), c.email, c.phone
       from jsonb_to_recordset($3::jsonb) as c(ord int, name text, role text, email text, phone text)`,
    [tx.tenantId, supplierId, JSON.stringify(contacts.map((c, i) => ({ ord: i + 1, ...c })))],
  );
}

export async function createSupplier(tx: TenantTransaction, input: SupplierInput): Promise<string> {
  const id = uuidv7();
  await tx.query(
    `insert into purchasing.suppliers (tenant_id, supplier_id, name, currency, payment_terms_days, lead_time_days, email, phone, address, notes)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      tx.tenantId,
      id,
      input.name,
      input.currency,
      input.paymentTermsDays ?? 30,
      input.leadTimeDays ?? 7,
      input.email ?? null,
      input.phone ?? null,
      input.address ?? '',
      input.notes ?? '',
    ],
  );
  await writeContacts(tx, id, input.contacts ?? []);
  return id;
}

/** Replaces a supplier's details and contacts; its currency changes only while nothing is priced or ordered in it. */
export async function updateSupplier(
  tx: TenantTransaction,
  id: string,
  input: SupplierInput & { status?: 'active' | 'archived' },
  expectedRevision?: number,
): Promise<void> {
  const current = await readSupplierRow(tx, id, true);
  if (expectedRevision !== undefined && Number(current.revision) !== expectedRevision)
    throw conflict(
      'purchasing.stale_supplier',
      `Supplier ${current.name} changed since revision ${expectedRevision} (now ${current.revision}); reload it and try again.`,
    );
  if (input.currency !== current.currency) {
    const [used] = await tx.query<{ items: number; orders: number }>(
      `select (select count(*)::int from purchasing.supplier_items where supplier_id = $1) as items,
              (select count(*)::int from purchasing.purchase_orders where supplier_id = $1 and status not in ('closed', 'cancelled')) as orders`,
      [id],
    );
    if (used!.items > 0 || used!.orders > 0)
      throw conflict(
        'purchasing.currency_in_use',
        `${current.name} has ${used!.items} item cost(s) and ${used!.orders} open order(s) in ${current.currency}; remove or close them before paying this supplier in ${input.currency}.`,
      );
  }
  await tx.query(
    `update purchasing.suppliers set name = $2, currency = $3, payment_terms_days = $4, lead_time_days = $5, email = $6, phone = $7,
            address = $8, notes = $9, status = $10, revision = revision + 1, updated_at = now()
      where supplier_id = $1`,
    [
      id,
      input.name,
      input.currency,
      input.paymentTermsDays ?? 30,
      input.leadTimeDays ?? 7,
      input.email ?? null,
      input.phone ?? null,
      input.address ?? '',
      input.notes ?? '',
      input.status ?? current.status,
    ],
  );
  await writeContacts(tx, id, input.contacts ?? []);
}

async function readSupplierRow(tx: TenantTransaction, id: string, forUpdate = false): Promise<SupplierRow> {
  const [row] = await tx.query<SupplierRow>(
    `select ${SUPPLIER_COLUMNS} from purchasing.suppliers where supplier_id = $1${forUpdate ? ' for update' : ''}`,
    [id],
  );
  if (!row) throw notFound('purchasing.unknown_supplier', `There is no supplier ${id}.`);
  return row;
}

export async function readSupplier(tx: TenantTransaction, id: string): Promise<Supplier> {
  const row = await readSupplierRow(tx, id);
  const contacts = await tx.query<{ name: string; role: string; email: string | null; phone: string | null }>(
    'select name, role, email, phone from purchasing.supplier_contacts where supplier_id = $1 order by contact_no',
    [id],
  );
  return { ...supplierOf(row), contacts, items: await supplierItems(tx, id) };
}

const supplierOf = (row: SupplierRow) => ({
  id: row.supplier_id,
  name: row.name,
  currency: row.currency,
  paymentTermsDays: row.payment_terms_days,
  leadTimeDays: row.lead_time_days,
  email: row.email,
  phone: row.phone,
  address: row.address,
  notes: row.notes,
  status: row.status,
  revision: Number(row.revision),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** What the supplier list filters on; every filter given must hold. */
export interface SupplierFilters {
  /** Text in the name, email or phone, in any case. */
  readonly q?: string | undefined;
  /** Archived suppliers too (left out by default). */
  readonly archived?: boolean | undefined;
  /** Only suppliers of this status (wins over `archived`). */
  readonly status?: 'active' | 'archived' | undefined;
  readonly updatedSince?: string | undefined;
}

/** Suppliers by name, a page at a time. */
export async function listSuppliers(tx: TenantTransaction, filters: SupplierFilters, page: PageRequest) {
  const after = decodeCursor(page.cursor, ['text', 'uuid']);
  const sql = new SqlConditions();
  if (filters.status !== undefined) sql.and(`status = ${sql.param(filters.status)}`);
  else if (!filters.archived) sql.and("status = 'active'");
  if (filters.q !== undefined) {
    const q = sql.param(containsPattern(filters.q));
    sql.and(`(name ilike ${q} or email ilike ${q} or phone ilike ${q})`);
  }
  if (filters.updatedSince !== undefined) sql.and(`updated_at >= ${sql.param(filters.updatedSince)}::timestamptz`);
  if (after) sql.and(`(name, supplier_id) > (${sql.param(after[0])}, ${sql.param(after[1])}::uuid)`);
  const rows = await tx.query<SupplierRow>(
    `select ${SUPPLIER_COLUMNS} from purchasing.suppliers ${sql.where} order by name, supplier_id limit ${sql.param(page.limit + 1)}`,
    sql.params,
  );
  return pageOf(rows, page.limit, supplierOf, (row) => [row.name, row.supplier_id]);
}

interface ItemRow {
  variant_id: string;
  supplier_sku: string;
  pack_size: number;
  unit_cost_minor: string;
  currency: string;
  preferred: boolean;
}
const itemOf = (row: ItemRow): SupplierItem => ({
  variantId: row.variant_id,
  supplierSku: row.supplier_sku,
  packSize: row.pack_size,
  unitCost: { amount: Number(row.unit_cost_minor), currency: row.currency },
  preferred: row.preferred,
});

export async function supplierItems(tx: TenantTransaction, supplierId: string, variantIds?: readonly string[]): Promise<SupplierItem[]> {
  const rows = await tx.query<ItemRow>(
    `select variant_id, supplier_sku, pack_size, unit_cost_minor, currency, preferred from purchasing.supplier_items
      where supplier_id = $1 and ($2::uuid[] is null or variant_id = any($2::uuid[])) order by supplier_sku`,
    [supplierId, variantIds ? [...variantIds] : null],
  );
  return rows.map(itemOf);
}

/** Sets what a supplier sells us a variant as: their SKU, pack size and unit cost (in their currency). */
export async function putSupplierItem(
  tx: TenantTransaction,
  supplierId: string,
  item: SupplierItem,
  requireVariant: (variantId: string) => Promise<void>,
): Promise<SupplierItem> {
  const supplier = await readSupplierRow(tx, supplierId);
  requireSupplierCurrency(supplier, item.unitCost.currency, `The cost of ${item.supplierSku}`);
  await requireVariant(item.variantId);
  if (item.preferred)
    await tx.query('update purchasing.supplier_items set preferred = false where variant_id = $1 and supplier_id <> $2 and preferred', [
      item.variantId,
      supplierId,
    ]);
  await tx.query(
    `insert into purchasing.supplier_items (tenant_id, supplier_id, variant_id, supplier_sku, pack_size, unit_cost_minor, currency, preferred)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (tenant_id, supplier_id, variant_id) do update set supplier_sku = excluded.supplier_sku, pack_size = excluded.pack_size,
       unit_cost_minor = excluded.unit_cost_minor, currency = excluded.currency, preferred = excluded.preferred`,
    [
      tx.tenantId,
      supplierId,
      item.variantId,
      item.supplierSku,
      item.packSize,
      item.unitCost.amount,
      item.unitCost.currency,
      item.preferred,
    ],
  );
  return item;
}

export async function deleteSupplierItem(tx: TenantTransaction, supplierId: string, variantId: string): Promise<void> {
  const deleted = await tx.query('delete from purchasing.supplier_items where supplier_id = $1 and variant_id = $2 returning 1', [
    supplierId,
    variantId,
  ]);
  if (deleted.length === 0)
    throw notFound('purchasing.unknown_supplier_item', `Supplier ${supplierId} has no cost for variant ${variantId}.`);
}

export async function supplierRow(tx: TenantTransaction, id: string) {
  return supplierOf(await readSupplierRow(tx, id));
}
