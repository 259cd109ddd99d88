import { fileURLToPath } from 'node:url';
import { pluginRole } from '@kits/kernel';
import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { firstPartyPlugin } from '../../../../testing/first-party-plugins.ts';
import { addToDays, DAY_ROLLUPS, ZONE, ZONE_COVERS } from '../../src/server/days/day-rollups.ts';
import { holdIngestShared } from '../../src/server/ingest/ingest-locks.ts';
import type { SqlRunner } from '../../src/server/ingest/sql.ts';

export const REPORTS = fileURLToPath(new URL('../..', import.meta.url));
export const INVENTORY = firstPartyPlugin('core-inventory');
export const SALES = firstPartyPlugin('core-sales');

export { DATABASE_KINDS };

/** A kernel with core-inventory (inventory@1: names and reorder levels) and reports; core-sales too when asked. */
export const queriesKit = (db: (typeof DATABASE_KINDS)[number], options: { withSales?: boolean } = {}) =>
  createTestKernel({ plugins: options.withSales ? [INVENTORY, SALES, REPORTS] : [INVENTORY, REPORTS], db });

/** Sets the tenant's IANA time zone (set-up: the kernel has no route for it in these tests). */
export async function setTimezone(kit: TestKernel, timezone: string, tenant: TestTenant = kit.tenant): Promise<void> {
  await kit.kernel.db.query('update kernel.tenants set timezone = $2 where tenant_id = $1', [tenant.id, timezone]);
}

type RollupTable = 'variant_hours' | 'basket_hours' | 'tender_hours' | 'stock_positions' | 'movement_days' | 'last_sales';

const LOCATION_BASKET_SUMS = [
  'sales',
  'items',
  'gross',
  'discount',
  'net',
  'tax',
  'total',
  'refunds',
  'refunded_total',
  'voids',
  'late_sales',
];
const LOCATION_GOODS_SUMS = ['cost', 'refunded_quantity', 'refunded_net', 'refunded_tax', 'refunded_cost'];
const GOODS_SUMS = ['quantity', 'gross', 'discount', 'net', 'tax', ...LOCATION_GOODS_SUMS];
const NO_CATEGORY = '00000000-0000-0000-0000-000000000000';

/**
 * Adds a seeded row of a finer rollup to the coarser ones the ingest writes with it (in the same
 * statement): a basket hour by when it happened to its location's hour, a variant hour to its
 * location's and its category's hour. Columns a seed leaves out count 0.
 */
async function addToCoarserRollups(sql: SqlRunner, table: RollupTable, row: Record<string, unknown>): Promise<void> {
  const upsert = async (into: string, key: readonly string[], keyValues: readonly string[], sums: readonly string[], from: string) =>
    sql.query(
      `insert into reports.${into} as r (tenant_id, ${key.join(', ')}, ${sums.join(', ')})
       select s.tenant_id, ${keyValues.join(', ')}, ${sums.map((sum) => `coalesce(s.${sum}, 0)`).join(', ')}
         from jsonb_populate_record(null::reports.${from}, $1::jsonb) s
       on conflict (tenant_id, ${key.join(', ')}) do update set ${sums.map((sum) => `${sum} = r.${sum} + excluded.${sum}`).join(', ')}`,
      [JSON.stringify(row)],
    );
  if (table === 'basket_hours' && row.basis === 'happened')
    await upsert('location_hours', ['location_id', 'hour'], ['s.location_id', 's.hour'], LOCATION_BASKET_SUMS, 'basket_hours');
  if (table === 'variant_hours') {
    await upsert('location_hours', ['location_id', 'hour'], ['s.location_id', 's.hour'], LOCATION_GOODS_SUMS, 'variant_hours');
    await upsert(
      'category_hours',
      ['location_id', 'hour', 'category_id'],
      ['s.location_id', 's.hour', `coalesce(s.category_id, '${NO_CATEGORY}'::uuid)`],
      GOODS_SUMS,
      'variant_hours',
    );
  }
}

/** The hour rollups a seeded row counts in, and the sums it adds to each (as addToCoarserRollups adds them). */
function hourRollupsOf(table: RollupTable, row: Record<string, unknown>): Array<{ hours: string; sums: readonly string[] }> {
  if (table === 'basket_hours')
    return [
      { hours: 'basket_hours', sums: LOCATION_BASKET_SUMS },
      ...(row.basis === 'happened' ? [{ hours: 'location_hours', sums: LOCATION_BASKET_SUMS }] : []),
    ];
  if (table === 'variant_hours')
    return [
      { hours: 'variant_hours', sums: GOODS_SUMS },
      { hours: 'location_hours', sums: LOCATION_GOODS_SUMS },
      { hours: 'category_hours', sums: GOODS_SUMS },
    ];
  return table === 'tender_hours' ? [{ hours: 'tender_hours', sums: ['count', 'amount', 'refunded_count', 'refunded_amount'] }] : [];
}

/**
 * Adds a seeded hour row to the day rollups of the hour rollups it counts in, as the ingest does
 * in the same statements: per local day of the zone the tenant's days are cut in, when the cut
 * covers its hour (none before the days are cut: the cut copies the hours then).
 */
async function addToDayRollups(sql: SqlRunner, table: RollupTable, row: Record<string, unknown>): Promise<void> {
  for (const { hours, sums } of hourRollupsOf(table, row)) {
    const rollup = DAY_ROLLUPS.find((day) => day.hours === hours)!;
    const columns: Record<string, string> = Object.fromEntries(
      rollup.sums.map((sum) => [sum, sums.includes(sum) ? `coalesce(r.${sum}, 0)` : '0']),
    );
    if (hours === 'category_hours') columns.category_id = `coalesce(r.category_id, '${NO_CATEGORY}'::uuid)`;
    await sql.query(
      `with ${ZONE('$1')}
       ${addToDays(rollup, {
         from: `jsonb_populate_record(null::reports.${table}, $2::jsonb) r join zone on ${ZONE_COVERS('r.hour')}`,
         timezone: 'zone.timezone',
         columns,
       })}`,
      [sql.tenantId, JSON.stringify(row)],
    );
  }
}

/**
 * Puts rows into one of reports' rollups as the ingest would have left them (history no sale made
 * now could create). Columns left out of a row take their defaults (0 for the sums). A basket hour
 * by when it happened and a variant hour count in location_hours and category_hours too, as the
 * ingest counts them.
 */
export async function seedRollup(
  kit: TestKernel,
  table: RollupTable,
  rows: readonly Record<string, unknown>[],
  tenant: TestTenant = kit.tenant,
): Promise<void> {
  // One transaction holding the ingest lock as a live batch does: the day cut (a job) sees the seed whole or not at all.
  await kit.kernel.db.transaction({ tenantId: tenant.id }, async (tx) => {
    const sql: SqlRunner = { tenantId: tenant.id, query: (text, params) => tx.queryAs(pluginRole('reports'), text, params) };
    await holdIngestShared(sql);
    for (const row of rows) {
      const columns = ['tenant_id', ...Object.keys(row)];
      const seeded = { tenant_id: tenant.id, ...row };
      await sql.query(
        `insert into reports.${table} (${columns.join(', ')})
         select ${columns.join(', ')} from jsonb_populate_record(null::reports.${table}, $1::jsonb)`,
        [JSON.stringify(seeded)],
      );
      await addToCoarserRollups(sql, table, seeded);
      await addToDayRollups(sql, table, seeded);
    }
  });
}

/** Empties reports' rollups (hours and their days) of every tenant between tests that seed their own. */
export async function clearRollups(kit: TestKernel): Promise<void> {
  await kit.kernel.db.query(
    `truncate reports.variant_hours, reports.category_hours, reports.location_hours, reports.basket_hours, reports.tender_hours,
              reports.stock_positions, reports.movement_days, reports.last_sales, ${DAY_ROLLUPS.map((rollup) => `reports.${rollup.days}`).join(', ')}`,
  );
}

/** How many rows each of reports' tables holds: a request that must change nothing leaves it as it was. */
export async function reportsFootprint(kit: TestKernel): Promise<Record<string, number>> {
  const tables = await kit.kernel.db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'reports' and table_type = 'BASE TABLE' order by table_name",
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    counts[table] = (await kit.kernel.db.query<{ n: number }>(`select count(*)::int as n from reports.${table}`))[0]!.n;
  }
  return counts;
}

/** A location of the test tenant, made through the kernel's API. */
export async function addLocation(kit: TestKernel, name: string, token = kit.tenant.admin.token): Promise<string> {
  const created = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { token, body: { name, kind: 'store' } });
  if (created.status !== 201) throw new Error(`location: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/**
 * A person who signs in with a password and holds `permissions` at one location only (a manager
 * of one shop), or everywhere when `locationId` is null. Answers their access token.
 */
export async function staffMember(
  kit: TestKernel,
  permissions: readonly string[],
  locationId: string | null,
): Promise<{ id: string; token: string }> {
  const email = `staff-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@shop.test`;
  const password = 'correct-horse-battery';
  const user = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
    body: { email, displayName: 'Staff Member', password },
  });
  if (user.status !== 201) throw new Error(`user: ${JSON.stringify(user.body)}`);
  const role = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
    body: { name: `Role ${email}`, permissions },
  });
  if (role.status !== 201) throw new Error(`role: ${JSON.stringify(role.body)}`);
  const grant = await kit.request('POST', `/api/v1/tenants/current/users/${user.body.id}/grants`, {
    body: { roleId: role.body.id, ...(locationId ? { locationId } : {}) },
  });
  if (grant.status !== 201 && grant.status !== 200) throw new Error(`grant: ${JSON.stringify(grant.body)}`);
  const signIn = await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
    token: null,
    body: { tenant: kit.tenant.slug, email, password },
  });
  if (signIn.status !== 200) throw new Error(`sign-in: ${JSON.stringify(signIn.body)}`);
  return { id: user.body.id, token: signIn.body.accessToken };
}
