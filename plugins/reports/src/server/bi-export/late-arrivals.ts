import type { TenantTransaction } from '@kits/plugin-sdk';
import { FACT_TABLES } from './fact-tables.ts';

/** Rows per fact file, as a manifest recorded them. */
const manifestRows = (manifest: unknown): Map<string, number> => {
  const files = (manifest as { files?: Array<{ fact?: unknown; rows?: unknown }> } | null)?.files ?? [];
  return new Map(files.map((file) => [String(file.fact), Number(file.rows)]));
};

/**
 * Days between `first` and `last` whose export no longer matches the facts: a fact table now holds
 * another number of rows for the day than the file has — a sale made offline that day reached the
 * server after the export, say (its facts keep the till's time, so they land in that earlier day).
 * Their rows in `reports.bi_exports` are deleted, so the job sees them missing and exports them
 * again. Counting uses each table's (tenant_id, occurred_at) index; the job does it once a day.
 */
export async function forgetStaleExports(tx: TenantTransaction, first: string, last: string, timezone: string): Promise<string[]> {
  const exports = await tx.query<{ day: string; manifest: unknown }>(
    'select day::text as day, manifest from reports.bi_exports where tenant_id = $1 and day between $2::date and $3::date',
    [tx.tenantId, first, last],
  );
  if (exports.length === 0) return [];
  const counts = FACT_TABLES.map(
    ({ name }) =>
      `(select count(*) from reports.${name} f where f.tenant_id = $1
          and f.occurred_at >= (d.day::timestamp at time zone $3::text) and f.occurred_at < ((d.day + 1)::timestamp at time zone $3::text))::int as ${name}`,
  );
  const now = await tx.query<Record<string, number | string>>(
    `select d.day::text as day, ${counts.join(', ')} from unnest($2::date[]) as d(day)`,
    [tx.tenantId, exports.map((e) => e.day), timezone],
  );
  const stale = exports
    .filter((exported) => {
      const written = manifestRows(exported.manifest);
      const current = now.find((row) => row.day === exported.day)!;
      return FACT_TABLES.some(({ name }) => written.get(name) !== Number(current[name]));
    })
    .map((exported) => exported.day)
    .sort();
  if (stale.length > 0)
    await tx.query('delete from reports.bi_exports where tenant_id = $1 and day = any($2::date[])', [tx.tenantId, stale]);
  return stale;
}
