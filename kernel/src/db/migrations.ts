import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Transaction } from './database.ts';
import { TENANT_ROLE } from './database.ts';
import { splitSqlScript } from './sql-script.ts';

/** One migration of one schema: a SQL file named `NNNN_what_it_does.sql`. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

const MIGRATION_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;
const SCHEMA_NAME = /^[a-z][a-z0-9_]*$/;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Reads a `migrations/` folder; file names order the migrations and are unique per schema. */
export function readMigrations(folder: string): Migration[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      if (!MIGRATION_NAME.test(file)) {
        throw new MigrationError(
          `Migration file ${join(folder, file)} must be named NNNN_what_it_does.sql (four digits, lower-case words)`,
        );
      }
      return { name: file.replace(/\.sql$/, ''), sql: readFileSync(join(folder, file), 'utf8') };
    });
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/** Creates a role statements run as (never one that logs in); safe to race from several processes and databases. */
export async function ensureRole(tx: Transaction, role: string): Promise<void> {
  await tx.query(`do $$ begin
    if not exists (select 1 from pg_roles where rolname = '${role}') then create role ${role} nologin; end if;
  exception when duplicate_object or unique_violation then null; end $$`);
}

/** The kernel tables every plugin role may read (under row-level security): the tenant's directory. */
const KERNEL_DIRECTORY = ['kernel.tenants', 'kernel.locations', 'kernel.devices'];
/**
 * The kernel tables every plugin role may append to (never read or change): the outbox and the
 * audit log, which the kernel writes at commit in whatever role the transaction last ran as.
 */
const KERNEL_APPEND_ONLY = ['kernel.outbox', 'kernel.audit_log'];

/**
 * Turns on row-level security, with a tenant policy, for every table of `schema` that has a
 * `tenant_id` column, and grants the tenant role its use. Run after every migration batch, so a
 * plugin author cannot forget it. Only what is missing is done: every kernel start runs this for
 * every schema, and `alter table` takes an exclusive lock on the table — taken for nothing on a
 * database serving other kernels, it stalls their traffic and can deadlock with it.
 */
export async function secureTenantTables(tx: Transaction, schema: string, role: string = TENANT_ROLE): Promise<void> {
  const tables = await tx.query<{ table_name: string; rls: boolean; forced: boolean; has_policy: boolean }>(
    `select c.relname as table_name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
            exists (select 1 from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname and p.policyname = 'tenant_isolation') as has_policy
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum > 0 and not a.attisdropped
      where n.nspname = $1 and c.relkind in ('r', 'p')`,
    [schema],
  );
  for (const { table_name: table, rls, forced, has_policy: hasPolicy } of tables) {
    const qualified = `"${schema}"."${table}"`;
    if (!rls) await tx.query(`alter table ${qualified} enable row level security`);
    if (!forced) await tx.query(`alter table ${qualified} force row level security`);
    if (!hasPolicy) {
      await tx.query(
        `create policy tenant_isolation on ${qualified}
           using (tenant_id = nullif(current_setting('kits.tenant_id', true), '')::uuid)
           with check (tenant_id = nullif(current_setting('kits.tenant_id', true), '')::uuid)`,
      );
    }
  }
  const [grants] = await tx.query<{ missing: boolean }>(
    `select not has_schema_privilege('${role}', n.oid, 'usage')
         or exists (select 1 from pg_class c where c.relnamespace = n.oid and c.relkind in ('r', 'p', 'v', 'm', 'f')
                      and not (has_table_privilege('${role}', c.oid, 'select') and has_table_privilege('${role}', c.oid, 'insert')
                               and has_table_privilege('${role}', c.oid, 'update') and has_table_privilege('${role}', c.oid, 'delete')))
         or exists (select 1 from pg_class c where c.relnamespace = n.oid and c.relkind = 'S'
                      and not (has_sequence_privilege('${role}', c.oid, 'usage') and has_sequence_privilege('${role}', c.oid, 'select'))) as missing
       from pg_namespace n where n.nspname = $1`,
    [schema],
  );
  if (!grants?.missing) return;
  await tx.query(`grant usage on schema "${schema}" to ${role}`);
  await tx.query(`grant select, insert, update, delete on all tables in schema "${schema}" to ${role}`);
  await tx.query(`grant usage, select on all sequences in schema "${schema}" to ${role}`);
}

/** Takes every right of the tenant role on `schema` away — when it has any (see secureTenantTables on why). */
async function sealFromTenants(tx: Transaction, schema: string): Promise<void> {
  const [rights] = await tx.query<{ any: boolean }>(
    `select has_schema_privilege('${TENANT_ROLE}', n.oid, 'usage')
         or exists (select 1 from pg_class c where c.relnamespace = n.oid and c.relkind in ('r', 'p', 'v', 'm', 'f')
                      and (has_table_privilege('${TENANT_ROLE}', c.oid, 'select') or has_table_privilege('${TENANT_ROLE}', c.oid, 'insert')
                           or has_table_privilege('${TENANT_ROLE}', c.oid, 'update') or has_table_privilege('${TENANT_ROLE}', c.oid, 'delete'))) as any
       from pg_namespace n where n.nspname = $1`,
    [schema],
  );
  if (!rights?.any) return;
  await tx.query(`revoke all on all tables in schema "${schema}" from ${TENANT_ROLE}`);
  await tx.query(`revoke all on all sequences in schema "${schema}" from ${TENANT_ROLE}`);
  await tx.query(`revoke all on schema "${schema}" from ${TENANT_ROLE}`);
}

/** What a plugin role may do with the kernel's tables — granted when missing (see secureTenantTables on why). */
async function grantKernelTables(tx: Transaction, role: string): Promise<void> {
  const [grants] = await tx.query<{ missing: boolean }>(
    `select not has_schema_privilege($1, 'kernel', 'usage')
         or exists (select 1 from unnest($2::text[]) t where not has_table_privilege($1, t, 'select'))
         or exists (select 1 from unnest($3::text[]) t where not has_table_privilege($1, t, 'insert')) as missing`,
    [role, KERNEL_DIRECTORY, KERNEL_APPEND_ONLY],
  );
  if (!grants?.missing) return;
  await tx.query(`grant usage on schema kernel to ${role}`);
  await tx.query(`grant select on ${KERNEL_DIRECTORY.join(', ')} to ${role}`);
  await tx.query(`grant insert on ${KERNEL_APPEND_ONLY.join(', ')} to ${role}`);
}

export interface MigrateOptions {
  /**
   * Tenant transactions may use the schema, under row-level security (default). False for
   * platform schemas such as the registry's: the tenant role gets no access at all.
   */
  readonly tenantAccess?: boolean;
  /**
   * The one role tenant transactions use the schema as: a plugin's own role (`pluginRole`), so
   * no other plugin's statements reach it. Default: the kernel's tenant role.
   */
  readonly role?: string;
}

/**
 * Brings `schema` up to date: one history table per schema (`<schema>.kits_migrations`), an
 * advisory lock so several kernel processes starting together migrate once, and a checksum check
 * so an edited, already applied migration is reported instead of silently skipped.
 */
export async function migrateSchema(
  db: Database,
  schema: string,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): Promise<string[]> {
  if (!SCHEMA_NAME.test(schema)) throw new MigrationError(`"${schema}" is not a valid schema name`);
  return db.transaction({}, async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('kits.migrate'))`);
    await ensureRole(tx, TENANT_ROLE);
    const role = options.role ?? TENANT_ROLE;
    if (role !== TENANT_ROLE) await ensureRole(tx, role);
    await tx.query(`create schema if not exists "${schema}"`);
    await tx.query(
      `create table if not exists "${schema}".kits_migrations (
         name text primary key, checksum text not null, applied_at timestamptz not null default now())`,
    );
    const applied = new Map(
      (await tx.query<{ name: string; checksum: string }>(`select name, checksum from "${schema}".kits_migrations`)).map((row) => [
        row.name,
        row.checksum,
      ]),
    );
    const ran: string[] = [];
    for (const migration of migrations) {
      const known = applied.get(migration.name);
      if (known !== undefined) {
        if (known !== checksum(migration.sql)) {
          throw new MigrationError(
            `Migration ${schema}/${migration.name} was changed after it was applied; add a new migration instead of editing it`,
          );
        }
        continue;
      }
      for (const statement of splitSqlScript(migration.sql)) await tx.query(statement);
      await tx.query(`insert into "${schema}".kits_migrations (name, checksum) values ($1, $2)`, [migration.name, checksum(migration.sql)]);
      ran.push(migration.name);
    }
    // Kernels before plugin roles granted plugin schemas to the tenant role: taken back here.
    if (options.tenantAccess === false || role !== TENANT_ROLE) await sealFromTenants(tx, schema);
    if (options.tenantAccess !== false) await secureTenantTables(tx, schema, role);
    if (role !== TENANT_ROLE) await grantKernelTables(tx, role);
    return ran;
  });
}
