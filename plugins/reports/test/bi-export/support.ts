import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { firstPartyPlugin } from '../../../../testing/first-party-plugins.ts';
import type { FactTable } from '../../src/server/bi-export/fact-tables.ts';
import type { BiExportManifest } from '../../src/server/bi-export/manifest.ts';
import type { TestStorage } from './s3-test-storage.ts';

export const REPORTS = fileURLToPath(new URL('../..', import.meta.url));
export const INVENTORY = firstPartyPlugin('core-inventory');
export const SALES = firstPartyPlugin('core-sales');
export { DATABASE_KINDS };

/** The reports plugin's settings with the BI export pointed at the test storage (hour 0: yesterday is always due). */
export const biExportSettings = (storage: TestStorage, overrides: Record<string, unknown> = {}) => ({
  biExport: {
    enabled: true,
    bucket: storage.bucket,
    prefix: 'shops/main',
    endpoint: storage.endpoint,
    region: 'us-east-1',
    accessKeyId: storage.accessKeyId,
    secretAccessKey: storage.secretAccessKey,
    forcePathStyle: true,
    hour: 0,
    ...overrides,
  },
});

/** A kernel with core-inventory (reports requires inventory@1) and reports exporting to `storage`; core-sales too when asked. */
export const biExportKit = (db: (typeof DATABASE_KINDS)[number], storage: TestStorage, options: { withSales?: boolean } = {}) =>
  createTestKernel({
    plugins: options.withSales ? [INVENTORY, SALES, REPORTS] : [INVENTORY, REPORTS],
    db,
    settings: { reports: biExportSettings(storage) },
  });

/** Sets the tenant's IANA time zone (the kernel has no route for it in these tests). */
export async function setTimezone(kit: TestKernel, timezone: string, tenant: TestTenant = kit.tenant): Promise<void> {
  await kit.kernel.db.query('update kernel.tenants set timezone = $2 where tenant_id = $1', [tenant.id, timezone]);
}

/** Puts rows into one of reports' fact tables as the ingest would have (columns left out take their defaults). */
export async function seedFacts(
  kit: TestKernel,
  table: FactTable['name'],
  rows: readonly Record<string, unknown>[],
  tenant = kit.tenant,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = ['tenant_id', ...new Set(rows.flatMap((row) => Object.keys(row)))];
  await kit.kernel.db.query(
    `insert into reports.${table} (${columns.join(', ')})
     select ${columns.join(', ')} from jsonb_populate_recordset(null::reports.${table}, $1::jsonb)`,
    [JSON.stringify(rows.map((row) => ({ tenant_id: tenant.id, ...row })))],
  );
}

/** Microseconds since the epoch of an ISO instant with up to six fractional digits. */
export function micros(iso: string): bigint {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:?\d\d)$/.exec(iso);
  if (!match) throw new Error(`not an instant: ${iso}`);
  const [, seconds, fraction = '', zone] = match as unknown as [string, string, string | undefined, string];
  return BigInt(Date.parse(`${seconds}${zone}`)) * 1000n + BigInt(fraction.padEnd(6, '0'));
}

/**
 * A fact table's rows of the tenant with `occurred_at` in [from, to), read with the test's own SQL
 * and turned into the values the Parquet file must hold: strings, numbers for int32, bigint for
 * int64 and for timestamps (microseconds), null for SQL null.
 */
export async function databaseRows(
  kit: TestKernel,
  table: FactTable,
  from: string,
  to: string,
  tenant = kit.tenant,
): Promise<Record<string, unknown>[]> {
  const select = table.columns.map((c) =>
    c.type === 'timestamp'
      ? `to_char(${c.name} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${c.name}`
      : `${c.name}::text as ${c.name}`,
  );
  const rows = await kit.kernel.db.query<Record<string, string | null>>(
    `select ${select.join(', ')} from reports.${table.name} where tenant_id = $1 and occurred_at >= $2 and occurred_at < $3`,
    [tenant.id, from, to],
  );
  return rows.map((row) =>
    Object.fromEntries(
      table.columns.map((c) => {
        const value = row[c.name];
        if (value === null || value === undefined) return [c.name, null];
        if (c.type === 'timestamp') return [c.name, micros(value)];
        if (c.type === 'int64') return [c.name, BigInt(value)];
        if (c.type === 'int32') return [c.name, Number(value)];
        return [c.name, value];
      }),
    ),
  );
}

/** A Parquet file's rows as hyparquet reads them (timestamps kept as microseconds), and its schema. */
export async function parquetRows(
  bytes: Uint8Array,
): Promise<{ rows: Record<string, unknown>[]; schema: ReturnType<typeof parquetMetadata>['schema'] }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({ file, parsers: { timestampFromMicroseconds: (value: bigint) => value } })) as Record<
    string,
    unknown
  >[];
  return {
    rows: rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === undefined ? null : v]))),
    schema: parquetMetadata(file).schema,
  };
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Rows in a stable order to compare a file with the database as sets (the file's own order is checked apart). */
export const byKey = (table: FactTable) => (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const key = (row: Record<string, unknown>) =>
    ['occurred_at', ...table.orderKey.map((k) => k.column)].map((c) => String(row[c]).padStart(20, '0')).join('|');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
};

export interface RunAnswer {
  readonly manifestKey: string;
  readonly manifest: BiExportManifest;
}

/** `POST /bi-export/runs` for `day`, as the kit's admin unless a token is given. */
export const exportNow = (kit: TestKernel, body: unknown, token?: string) =>
  kit.request<RunAnswer & { code?: string; detail?: string; missing?: string[] }>('POST', '/api/v1/reports/bi-export/runs', {
    body: body as Record<string, unknown>,
    ...(token ? { token } : {}),
  });

/** What the export keeps in the database: reports.bi_exports of the tenant. */
export const exportRecords = (kit: TestKernel, tenant = kit.tenant) =>
  kit.kernel.db.query<{ day: string; exported_at: string; manifest: BiExportManifest }>(
    `select day::text as day, to_char(exported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as exported_at, manifest
       from reports.bi_exports where tenant_id = $1 order by day`,
    [tenant.id],
  );
