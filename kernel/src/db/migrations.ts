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
 * plugin author cannot forget it.
 */
export async function secureTenantTables(tx: Transaction, schema: string, role: string = TENANT_ROLE): Promise<void> {
  const tables = await tx.query<{ table_name: string; has_policy: boolean }>(
    `select c.table_name,
            exists (select 1 from pg_policies p where p.schemaname = c.table_schema and p.tablename = c.table_name and p.policyname = 'tenant_isolation') as has_policy
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = $1 and c.column_name = 'tenant_id'`,
    [schema],
  );
  for (const { table_name: table, has_policy: hasPolicy } of tables) {
    const qualified = `"${schema}"."${table}"`;
    await tx.query(`alter table ${qualified} enable row level security`);
    await tx.query(`alter table ${qualified} force row level security`);
    if (!hasPolicy) {
      await tx.query(
        `create policy tenant_isolation on ${qualified}
           using (tenant_id = nullif(current_setting('kits.tenant_id', true), '')::uuid)
           with check (tenant_id = nullif(current_setting('kits.tenant_id', true), '')::uuid)`,
      );
    }
  }
  await tx.query(`grant usage on schema "${schema}" to ${role}`);
  await tx.query(`grant select, insert, update, delete on all tables in schema "${schema}" to ${role}`);
  await tx.query(`grant usage, select on all sequences in schema "${schema}" to ${role}`);
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
    if (options.tenantAccess === false || role !== TENANT_ROLE) {
      // Kernels before plugin roles granted plugin schemas to the tenant role: taken back here.
      await tx.query(`revoke all on all tables in schema "${schema}" from ${TENANT_ROLE}`);
      await tx.query(`revoke all on all sequences in schema "${schema}" from ${TENANT_ROLE}`);
      await tx.query(`revoke all on schema "${schema}" from ${TENANT_ROLE}`);
    }
    if (options.tenantAccess !== false) await secureTenantTables(tx, schema, role);
    if (role !== TENANT_ROLE) {
      await tx.query(`grant usage on schema kernel to ${role}`);
      await tx.query(`grant select on ${KERNEL_DIRECTORY.join(', ')} to ${role}`);
      await tx.query(`grant insert on ${KERNEL_APPEND_ONLY.join(', ')} to ${role}`);
    }
    return ran;
  });
}
