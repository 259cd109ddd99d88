import {
  badRequest,
  conflict,
  containsPattern,
  decodeCursor,
  notFound,
  pageOf,
  SqlConditions,
  Timestamp,
  Type,
  Uuid,
  type PageOf,
  type PageRequest,
  type Static,
  type SyncPullSource,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { SalesSettings } from '../settings.ts';

export const CUSTOMER_CHANGED = 'sales.customer.changed';

export const Customer = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  archived: Type.Boolean(),
  updatedAt: Timestamp,
});
export type Customer = Static<typeof Customer>;

export interface CustomerFields {
  readonly name?: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly note?: string | null;
  readonly archived?: boolean;
}

interface CustomerRow {
  customer_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  archived: boolean;
  updated_at: Date | string;
}

const COLUMNS = 'customer_id, name, email, phone, note, archived, updated_at';

const customerOf = (row: CustomerRow): Customer => ({
  id: row.customer_id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  note: row.note,
  archived: row.archived,
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** Blank text means "none"; names and contacts are kept trimmed. */
function cleaned(fields: CustomerFields): CustomerFields {
  const text = (value: string | null | undefined) =>
    value === undefined ? undefined : value === null || !value.trim() ? null : value.trim();
  const name = fields.name?.trim();
  if (fields.name !== undefined && !name) throw badRequest('sales.customer_name_required', 'A customer needs a name.');
  return {
    ...(name !== undefined ? { name } : {}),
    ...(fields.email !== undefined ? { email: text(fields.email)?.toLowerCase() ?? null } : {}),
    ...(fields.phone !== undefined ? { phone: text(fields.phone) ?? null } : {}),
    ...(fields.note !== undefined ? { note: text(fields.note) ?? null } : {}),
    ...(fields.archived !== undefined ? { archived: fields.archived } : {}),
  };
}

async function refuseTakenEmail(tx: TenantTransaction, email: string | null | undefined, except?: string): Promise<void> {
  if (!email) return;
  const [taken] = await tx.query<{ customer_id: string }>(
    'select customer_id from sales.customers where lower(email) = $1 and customer_id is distinct from $2::uuid',
    [email, except ?? null],
  );
  if (taken)
    throw conflict('sales.customer_email_taken', `Customer ${taken.customer_id} has the email ${email}; find that customer instead.`, {
      customerId: taken.customer_id,
    });
}

export async function createCustomer(tx: TenantTransaction, fields: CustomerFields & { readonly name: string }): Promise<Customer> {
  const clean = cleaned(fields);
  await refuseTakenEmail(tx, clean.email);
  const [row] = await tx.query<CustomerRow>(
    `insert into sales.customers (tenant_id, customer_id, name, email, phone, note) values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
    [tx.tenantId, uuidv7(), clean.name, clean.email ?? null, clean.phone ?? null, clean.note ?? null],
  );
  const customer = customerOf(row!);
  await tx.publish({ type: CUSTOMER_CHANGED, payload: customer });
  await tx.audit('sales.customer.created', { customerId: customer.id });
  return customer;
}

export async function updateCustomer(tx: TenantTransaction, customerId: string, fields: CustomerFields): Promise<Customer> {
  const clean = cleaned(fields);
  await refuseTakenEmail(tx, clean.email, customerId);
  const [row] = await tx.query<CustomerRow>(
    `update sales.customers set name = coalesce($2, name),
            email = case when $3::boolean then $4 else email end,
            phone = case when $5::boolean then $6 else phone end,
            note = case when $7::boolean then $8 else note end,
            archived = coalesce($9, archived)
      where customer_id = $1 returning ${COLUMNS}`,
    [
      customerId,
      clean.name ?? null,
      clean.email !== undefined,
      clean.email ?? null,
      clean.phone !== undefined,
      clean.phone ?? null,
      clean.note !== undefined,
      clean.note ?? null,
      clean.archived ?? null,
    ],
  );
  if (!row) throw notFound('sales.unknown_customer', `There is no customer ${customerId}.`);
  const customer = customerOf(row);
  await tx.publish({ type: CUSTOMER_CHANGED, payload: customer });
  await tx.audit('sales.customer.changed', { customerId, fields: Object.keys(clean) });
  return customer;
}

export async function readCustomer(tx: TenantTransaction, customerId: string): Promise<Customer | undefined> {
  const [row] = await tx.query<CustomerRow>(`select ${COLUMNS} from sales.customers where customer_id = $1`, [customerId]);
  return row && customerOf(row);
}

/**
 * Customers by name, a page at a time: those whose name starts with the text (or has a word that
 * does), or whose email or phone contains it; changed since a time; archived ones only when asked.
 */
export async function listCustomers(
  tx: TenantTransaction,
  filters: { readonly q?: string | undefined; readonly archived?: boolean | undefined; readonly updatedSince?: string | undefined },
  page: PageRequest,
): Promise<PageOf<Customer>> {
  const after = decodeCursor(page.cursor, ['text', 'uuid']);
  const sql = new SqlConditions();
  if (!filters.archived) sql.and('not archived');
  const text = filters.q?.trim().toLowerCase();
  if (text) {
    const starts = sql.param(containsPattern(text).slice(1)); // the same without its leading %: "starts with"
    const contains = sql.param(containsPattern(text));
    sql.and(
      `(lower(name) like ${starts} or lower(name) like '% ' || ${starts} or lower(email) like ${contains} or phone like ${contains})`,
    );
  }
  if (filters.updatedSince !== undefined) sql.and(`updated_at >= ${sql.param(filters.updatedSince)}::timestamptz`);
  if (after) sql.and(`(lower(name), customer_id) > (${sql.param(after[0])}, ${sql.param(after[1])}::uuid)`);
  const rows = await tx.query<CustomerRow & { sort_name: string }>(
    `select ${COLUMNS}, lower(name) as sort_name from sales.customers ${sql.where}
      order by lower(name), customer_id limit ${sql.param(page.limit + 1)}`,
    sql.params,
  );
  return pageOf(rows, page.limit, customerOf, (row) => [row.sort_name, row.customer_id]);
}

/**
 * The customer a sale names must exist. An online sale may not name an archived customer; a sale a
 * till made offline may (it named them while they were current).
 */
export async function requireCustomer(tx: TenantTransaction, customerId: string, options: { readonly online: boolean }): Promise<void> {
  const [row] = await tx.query<{ archived: boolean }>('select archived from sales.customers where customer_id = $1', [customerId]);
  if (!row) throw notFound('sales.unknown_customer', `There is no customer ${customerId}; pick one from the customer list.`);
  if (row.archived && options.online)
    throw conflict('sales.customer_archived', `Customer ${customerId} is archived; restore them or pick another customer.`);
}

/** `core-sales.customers`: the tenant's customers for the till's customer search; archived ones arrive deleted. */
export const customerSource: SyncPullSource<SalesSettings> = {
  changedBy: [CUSTOMER_CHANGED],
  async pull(request, { tx }) {
    const rows = await tx.query<CustomerRow & { change_id: string }>(
      `select ${COLUMNS}, change_id::text as change_id from sales.customers
        where (change_id, customer_id) > ($1::bigint, $2::uuid) and change_id < $3::bigint
        order by change_id, customer_id limit $4`,
      [request.after?.changeId ?? '0', request.after?.id ?? '00000000-0000-0000-0000-000000000000', request.visibleBelow, request.limit],
    );
    return rows.map((row) => ({
      id: row.customer_id,
      changeId: row.change_id,
      deleted: row.archived,
      data: { name: row.name, email: row.email, phone: row.phone },
    }));
  },
};
