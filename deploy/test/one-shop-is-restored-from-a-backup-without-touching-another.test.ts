import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { createScratchPostgres, POSTGRES_ADMIN_URL, withPostgresAdmin, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCreated, openShop, type Shop } from '../../reliability/test/support/shop.ts';
import { SHOP_PLUGINS } from '../../testing/first-party-plugins.ts';
import { shelveVariant } from '../../testing/shop-shelf.ts';
import { isShopTable } from '@kits/kernel';
import { RestoreRefused, restoreShop, type ShopRestoreReport } from '../tenant-restore/restore-shop.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../tenant-restore/run-restore-shop.ts', import.meta.url));
// One secret for every kernel started on the live database: a restarted kernel reads the settings the first one sealed.
const JWT_SECRET = randomBytes(32).toString('base64url');

/** Runs the operator's command (run-restore-shop.ts) in a process of its own, as `npm run restore-shop` does. */
function restoreShopCommand(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@kits/source', CLI, ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const query = async <Row extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) =>
  withPostgresAdmin(url, async (client) => (await client.query<Row>(sql, params)).rows);

type Hashes = Record<string, { rows: number; hash: string }>;

/**
 * Row count and md5 of the ordered rows (as JSON) of every table with a tenant_id column: the
 * shop's rows, every other shop's, or everyone's. Read as the superuser, past row-level security.
 */
async function rowHashes(url: string, rows: { of: string } | { notOf: string } | 'all'): Promise<Hashes> {
  const tables = await query<{ name: string }>(
    url,
    `select n.nspname || '.' || c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') order by 1`,
  );
  const where = rows === 'all' ? '' : 'of' in rows ? 'where t.tenant_id = $1' : 'where t.tenant_id is distinct from $1';
  const params = rows === 'all' ? [] : ['of' in rows ? rows.of : rows.notOf];
  const hashes = await query<{ name: string; rows: number; hash: string }>(
    url,
    tables
      .map(
        ({ name }) =>
          `select '${name}' as name, count(*)::int as rows, coalesce(md5(string_agg(r, E'\\n' order by r)), '') as hash
             from (select to_jsonb(t)::text as r from ${name} t ${where}) s`,
      )
      .join('\nunion all\n'),
    params,
  );
  return Object.fromEntries(hashes.map(({ name, rows: count, hash }) => [name, { rows: count, hash }]));
}

const shopTablesOf = (hashes: Hashes): Hashes => Object.fromEntries(Object.entries(hashes).filter(([table]) => isShopTable(table)));

interface ShopInUse {
  readonly tenant: TestTenant;
  readonly shop: Shop;
}

const signIn = async (kit: TestKernel, tenant: TestTenant) =>
  expectCreated(
    await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      token: null,
      body: { tenant: tenant.slug, email: tenant.admin.email, password: tenant.admin.password },
    }),
    `${tenant.slug} admin sign-in`,
  ).accessToken;

const tillSignIn = async (kit: TestKernel, { tenant, shop }: ShopInUse) =>
  expectCreated(
    await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/pin-login', {
      token: null,
      body: { tenant: tenant.slug, deviceId: shop.till.deviceId, email: shop.till.email, pin: shop.till.pin },
    }),
    `${tenant.slug} till sign-in`,
  ).accessToken;

/** One unit of the shop's first product (450 EUR cents), paid cash, rung up on its till. */
const sellOne = async (kit: TestKernel, shopInUse: ShopInUse) =>
  expectCreated(
    await kit.request<{ id: string }>('POST', '/api/v1/core-sales/sales', {
      token: await tillSignIn(kit, shopInUse),
      body: { lines: [{ variantId: shopInUse.shop.ids.variantId![0], quantity: 1 }], tenders: [{ method: 'cash', amount: 450 }] },
    }),
    `${shopInUse.tenant.slug} sale`,
  ).id;

/**
 * A kernel with the shop plugins on a database of this test's (closing it leaves the database), which
 * adds a shop of its own at its start as every test kernel does.
 */
const kernelOn = (url: string) => createTestKernel({ plugins: SHOP_PLUGINS, env: { DATABASE_URL: url, JWT_SECRET } });

describe('restore-shop: one shop is restored from a backup without touching another', () => {
  const databases: ScratchDatabase[] = [];
  let live: string;
  let backup: string;
  let mismatched: string;
  let a: ShopInUse;
  let b: ShopInUse;
  let saleBeforeBackup: string;
  let stockBeforeBackup: number;
  let saleAfterBackup: { a: string; b: string };
  let productMadeAfterBackup: string;

  beforeAll(async () => {
    // The live database: a kernel with two shops selling, on an empty database it migrates.
    const liveDatabase = await createScratchPostgres(POSTGRES_ADMIN_URL);
    databases.push(liveDatabase);
    live = liveDatabase.url;
    const first = await kernelOn(live);
    try {
      a = { tenant: first.tenant, shop: await openShop(first) };
      const other = await first.createTenant();
      b = { tenant: other, shop: await openShop(first, other) };
      saleBeforeBackup = await sellOne(first, a);
      await sellOne(first, b);
      const stock = await first.request<{ items: Array<{ locationId: string; onHand: number }> }>(
        'GET',
        `/api/v1/core-inventory/variants/${a.shop.ids.variantId![0]}/stock`,
      );
      stockBeforeBackup = stock.body.items.find((item) => item.locationId === a.tenant.locationId)!.onHand;
    } finally {
      await first.close();
    }

    // The backup: a copy of the stopped database (a restored base backup, in production).
    const copy = await createScratchPostgres(POSTGRES_ADMIN_URL, new URL(live).pathname.slice(1));
    databases.push(copy);
    backup = copy.url;

    // Life goes on after the backup: shop A renames a product, archives another, adds one and sells; B sells.
    const second = await kernelOn(live);
    try {
      const token = await signIn(second, a.tenant);
      const [renamed, archived] = a.shop.ids.productId!;
      for (const [product, change] of [
        [renamed, { name: 'Renamed after the backup' }],
        [archived, { status: 'archived' }],
      ] as const)
        expectCreated(
          await second.request('PATCH', `/api/v1/core-inventory/products/${product}`, { token, body: change }),
          'change product',
        );
      productMadeAfterBackup = (await shelveVariant(second, { price: 999, stock: 3, locationId: a.tenant.locationId, token })).productId;
      saleAfterBackup = { a: await sellOne(second, a), b: await sellOne(second, b) };
    } finally {
      await second.close();
    }

    // A backup whose migrations are not the live release's: a column more.
    const other = await createScratchPostgres(POSTGRES_ADMIN_URL, new URL(backup).pathname.slice(1));
    databases.push(other);
    mismatched = other.url;
    await query(mismatched, 'alter table inventory.products add column shelf_note text');
  }, 120_000);

  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('refuses a malformed tenant id, a shop the backup does not hold and a backup of other migrations, changing nothing', async () => {
    const before = await rowHashes(live, 'all');
    const refusal = (tenantId: string, from = backup) =>
      restoreShop({ from, to: live, tenantId }).then(
        () => expect.unreachable('the restore was not refused'),
        (error: unknown) => {
          expect(error).toBeInstanceOf(RestoreRefused);
          return error as RestoreRefused;
        },
      );

    const malformed = await refusal(`${a.tenant.id}'; drop table kernel.users; --`);
    expect(malformed.reason).toBe('malformed_tenant_id');
    expect(malformed.message).toMatch(/is not a tenant id: give the shop's kernel\.tenants\.tenant_id/);

    const unknown = await refusal(randomUUID());
    expect(unknown.reason).toBe('shop_not_in_backup');
    expect(unknown.message).toMatch(/the backup holds no shop/);

    const mismatch = await refusal(a.tenant.id, mismatched);
    expect(mismatch.reason).toBe('schemas_differ');
    expect(mismatch.message).toContain('inventory.products.shelf_note (text) is in the backup only');
    expect(mismatch.message).toMatch(/Run the live release's migrations on the restored backup first/);

    expect(await rowHashes(live, 'all')).toEqual(before);
  });

  it('the command exits 1 with its reason, and a dry run counts what a restore would replace without writing', async () => {
    const before = await rowHashes(live, 'all');
    const refused = await restoreShopCommand('--from', backup, '--to', live, '--tenant', randomUUID());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^restore-shop: refused, nothing was changed: the backup holds no shop/);

    const dryRun = await restoreShopCommand('--from', backup, '--to', live, '--tenant', a.tenant.id, '--dry-run', '--json');
    expect(dryRun.stderr).toBe('');
    expect(dryRun.code).toBe(0);
    const report = JSON.parse(dryRun.stdout) as ShopRestoreReport;
    expect(report).toMatchObject({ tenantId: a.tenant.id, dryRun: true, tenantRow: 'kept', shop: { slug: a.tenant.slug } });
    const liveRows = shopTablesOf(await rowHashes(live, { of: a.tenant.id }));
    const backupRows = shopTablesOf(await rowHashes(backup, { of: a.tenant.id }));
    expect(Object.fromEntries(report.tables.map((t) => [t.table, t.deleted]))).toEqual(
      Object.fromEntries(Object.entries(liveRows).map(([table, { rows }]) => [table, rows])),
    );
    expect(Object.fromEntries(report.tables.map((t) => [t.table, t.restored]))).toEqual(
      Object.fromEntries(Object.entries(backupRows).map(([table, { rows }]) => [table, rows])),
    );
    expect(await rowHashes(live, 'all')).toEqual(before);
  });

  it("replaces every row of shop A with the backup's and leaves every other shop's rows and A's tenant row as they were", async () => {
    const othersBefore = await rowHashes(live, { notOf: a.tenant.id });
    const aBefore = await rowHashes(live, { of: a.tenant.id });
    const aInBackup = shopTablesOf(await rowHashes(backup, { of: a.tenant.id }));
    // The shop changed since the backup: a restore has something to undo.
    expect(aBefore['inventory.products']).not.toEqual(aInBackup['inventory.products']);
    expect(aBefore['sales.sales']!.rows).toBe(aInBackup['sales.sales']!.rows + 1);

    const run = await restoreShopCommand('--from', backup, '--to', live, '--tenant', a.tenant.id, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ShopRestoreReport;
    expect(report.dryRun).toBe(false);
    expect(report.tenantRow).toBe('kept');
    for (const { table, deleted, restored } of report.tables) {
      expect(deleted, table).toBe(aBefore[table]!.rows);
      expect(restored, table).toBe(aInBackup[table]!.rows);
    }

    const aAfter = await rowHashes(live, { of: a.tenant.id });
    expect(shopTablesOf(aAfter)).toEqual(aInBackup);
    expect(aAfter['kernel.tenants']).toEqual(aBefore['kernel.tenants']);
    expect(await rowHashes(live, { notOf: a.tenant.id })).toEqual(othersBefore);
    expect(othersBefore['sales.sales']!.rows).toBeGreaterThan(0);
  });

  it('restores a shop into a database that lost it: its tenant row comes from the backup and identity sequences move past its rows', async () => {
    const lost = await createScratchPostgres(POSTGRES_ADMIN_URL, new URL(backup).pathname.slice(1));
    databases.push(lost);
    await withPostgresAdmin(lost.url, async (client) => {
      const tables = Object.keys(await rowHashes(lost.url, { of: a.tenant.id }));
      await client.query('begin');
      await client.query('set local session_replication_role = replica');
      for (const table of tables) await client.query(`delete from ${table} where tenant_id = $1`, [a.tenant.id]);
      // A server whose outbox numbering is behind the backup's (another history): restored positions must not be handed out again.
      await client.query('alter sequence kernel.outbox_position_seq restart with 1');
      await client.query('commit');
    });
    const othersBefore = await rowHashes(lost.url, { notOf: a.tenant.id });

    const report = await restoreShop({ from: backup, to: lost.url, tenantId: a.tenant.id });
    expect(report.tenantRow).toBe('inserted');
    expect(report.tables.every((table) => table.deleted === 0)).toBe(true);
    const [top] = await query<{ position: string }>(lost.url, 'select max(position)::text as position from kernel.outbox');
    expect(report.sequencesAdvanced).toContain(`kernel.outbox_position_seq → ${top!.position}`);
    expect(await rowHashes(lost.url, { of: a.tenant.id })).toEqual(await rowHashes(backup, { of: a.tenant.id }));
    expect(await rowHashes(lost.url, { notOf: a.tenant.id })).toEqual(othersBefore);
    const [next] = await query<{ position: string }>(lost.url, "select nextval('kernel.outbox_position_seq')::text as position");
    expect(BigInt(next!.position)).toBeGreaterThan(BigInt(top!.position));
  });

  it("a restarted kernel serves A's restored products, stock and sales, and B's sales made after the backup", async () => {
    const kit = await kernelOn(live);
    try {
      const token = await signIn(kit, a.tenant);
      const [renamed, archived] = a.shop.ids.productId!;
      const product = async (id: string) =>
        kit.request<{ name: string; status: string }>('GET', `/api/v1/core-inventory/products/${id}`, { token });
      const restoredName = (
        await query<{ name: string }>(backup, 'select name from inventory.products where product_id = $1', [renamed])
      )[0]!.name;
      expect((await product(renamed!)).body.name).toBe(restoredName);
      expect((await product(archived!)).body.status).toBe('active');
      expect((await product(productMadeAfterBackup)).status).toBe(404);

      const stock = await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>(
        'GET',
        `/api/v1/core-inventory/variants/${a.shop.ids.variantId![0]}/stock`,
        { token },
      );
      expect(stock.body.items.find((item) => item.locationId === a.tenant.locationId)!.onHand).toBe(stockBeforeBackup);

      const sale = (id: string, as: string) => kit.request('GET', `/api/v1/core-sales/sales/${id}`, { token: as });
      expect((await sale(saleBeforeBackup, token)).status).toBe(200);
      expect((await sale(saleAfterBackup.a, token)).status).toBe(404);
      expect((await sale(saleAfterBackup.b, await signIn(kit, b.tenant))).status).toBe(200);

      // And the restored shop sells again.
      expect(await sellOne(kit, a)).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await kit.close();
    }
  });
});
