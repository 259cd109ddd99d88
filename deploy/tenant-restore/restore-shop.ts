import pg from 'pg';
import { advanceSequences, copyShopRows, countShopRows, deleteShopRows } from './copy-shop-rows.ts';
import { isShopTable } from '@kits/kernel';
import { readTenantTables, schemaDifferences, type TenantTable } from './shop-tables.ts';

export interface RestoreShopOptions {
  /** The restored backup (a scratch server or database) the shop's rows are read from. */
  readonly from: string;
  /** The live database the shop's rows are replaced in; connect as its owner or a superuser. */
  readonly to: string;
  /** The shop: its `kernel.tenants.tenant_id`. */
  readonly tenantId: string;
  /** Count what would be deleted and restored, and write nothing. */
  readonly dryRun?: boolean;
}

export interface TableRestore {
  /** `schema.table`. */
  readonly table: string;
  /** The shop's rows the live database held (deleted, unless a dry run). */
  readonly deleted: number;
  /** The shop's rows the backup holds (copied in, unless a dry run). */
  readonly restored: number;
}

export interface ShopRestoreReport {
  readonly tenantId: string;
  readonly shop: { readonly slug: string; readonly name: string };
  readonly dryRun: boolean;
  /** The shop's own row in kernel.tenants: kept as the live database has it, or inserted from the backup where it had none. */
  readonly tenantRow: 'kept' | 'inserted';
  /** Every table of a shop's (a tenant_id column, not a reference table), by name; most hold none of a small shop's rows. */
  readonly tables: readonly TableRestore[];
  /** Identity sequences moved past a restored value (`kernel.outbox_position_seq → 1234`). */
  readonly sequencesAdvanced: readonly string[];
}

export type RestoreRefusal = 'malformed_tenant_id' | 'shop_not_in_backup' | 'schemas_differ' | 'not_a_superuser';

/** A restore refused before anything was written: the message says why and what to do. */
export class RestoreRefused extends Error {
  readonly reason: RestoreRefusal;
  constructor(reason: RestoreRefusal, message: string) {
    super(message);
    this.name = 'RestoreRefused';
    this.reason = reason;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANTS = 'kernel.tenants';

/**
 * Replaces one shop's rows in the live database with its rows in a restored backup, in one
 * transaction, leaving every other shop's rows alone (every key between shop tables includes
 * tenant_id, D-232). The backup is read in one snapshot. Refuses, writing nothing, when the id is
 * malformed, the shop is not in the backup, or the two databases' tenant tables differ.
 */
export async function restoreShop(options: RestoreShopOptions): Promise<ShopRestoreReport> {
  const tenantId = options.tenantId.trim().toLowerCase();
  if (!UUID.test(tenantId))
    throw new RestoreRefused(
      'malformed_tenant_id',
      `"${options.tenantId}" is not a tenant id: give the shop's kernel.tenants.tenant_id, a UUID such as 0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b`,
    );
  const source = new pg.Client({ connectionString: options.from, application_name: 'kits-restore-shop (backup)' });
  const target = new pg.Client({ connectionString: options.to, application_name: 'kits-restore-shop (live)' });
  await source.connect();
  try {
    await target.connect();
    try {
      // One snapshot of the backup for every table (it is a copy nobody writes, but may be a hot standby).
      await source.query('begin isolation level repeatable read read only');
      try {
        return await restoreWith(source, target, tenantId, options.dryRun ?? false);
      } finally {
        await source.query('rollback');
      }
    } finally {
      await target.end();
    }
  } finally {
    await source.end();
  }
}

async function restoreWith(source: pg.Client, target: pg.Client, tenantId: string, dryRun: boolean): Promise<ShopRestoreReport> {
  const backupTables = await readTenantTables(source);
  const liveTables = await readTenantTables(target);
  const differences = schemaDifferences(backupTables, liveTables);
  if (differences.length > 0)
    throw new RestoreRefused(
      'schemas_differ',
      `the backup's tables differ from the live database's, so its rows cannot be copied as they are:\n  ${differences.join('\n  ')}\n` +
        `Run the live release's migrations on the restored backup first (kernel/src/migrate.ts with DATABASE_URL set to it), then restore again.`,
    );
  const shop = await shopIn(source, tenantId);
  if (!shop)
    throw new RestoreRefused(
      'shop_not_in_backup',
      `the backup holds no shop ${tenantId} (kernel.tenants): check the id against the live database (select tenant_id, slug from kernel.tenants), and that the backup is from after the shop was made`,
    );
  if (!dryRun && !(await isSuperuser(target)))
    throw new RestoreRefused(
      'not_a_superuser',
      'the live database connection is not a superuser: turning foreign keys and triggers off for the restore (session_replication_role) needs one — connect as postgres or the database owner with superuser',
    );

  const shopTables = [...backupTables.values()].filter((table) => isShopTable(table.name));
  const tenants = liveTables.get(TENANTS);
  if (!tenants) throw new Error(`the live database has no ${TENANTS} table: --to must name the KiTS database`);
  const tenantRowInLive = (await countShopRows(target, tenants, tenantId)) > 0;

  if (dryRun) {
    const tables: TableRestore[] = [];
    for (const table of shopTables)
      tables.push({
        table: table.name,
        deleted: await countShopRows(target, table, tenantId),
        restored: await countShopRows(source, table, tenantId),
      });
    return { tenantId, shop, dryRun, tenantRow: tenantRowInLive ? 'kept' : 'inserted', tables, sequencesAdvanced: [] };
  }

  await target.query('begin');
  try {
    // Foreign keys and triggers off inside this transaction only: tables are emptied and filled in any order.
    await target.query('set local session_replication_role = replica');
    if (!tenantRowInLive) await copyShopRows(source, target, tenants, tenantId);
    const tables: TableRestore[] = [];
    const sequencesAdvanced: string[] = [];
    for (const table of shopTables) {
      const restored = await restoreTable(source, target, table, tenantId);
      tables.push(restored);
      if (restored.restored > 0) sequencesAdvanced.push(...(await advanceSequences(target, table)));
    }
    await target.query('commit');
    return { tenantId, shop, dryRun, tenantRow: tenantRowInLive ? 'kept' : 'inserted', tables, sequencesAdvanced };
  } catch (error) {
    await target.query('rollback');
    throw error;
  }
}

async function restoreTable(source: pg.Client, target: pg.Client, table: TenantTable, tenantId: string): Promise<TableRestore> {
  try {
    const deleted = await deleteShopRows(target, table, tenantId);
    const restored = await copyShopRows(source, target, table, tenantId);
    return { table: table.name, deleted, restored };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`restoring ${table.name} failed, so nothing was changed (the transaction was rolled back): ${reason}`, {
      cause: error,
    });
  }
}

async function shopIn(client: pg.ClientBase, tenantId: string): Promise<{ slug: string; name: string } | undefined> {
  const { rows } = await client.query<{ slug: string; name: string }>('select slug, name from kernel.tenants where tenant_id = $1', [
    tenantId,
  ]);
  return rows[0];
}

async function isSuperuser(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ superuser: boolean }>('select rolsuper as superuser from pg_roles where rolname = current_user');
  return rows[0]?.superuser === true;
}
