import type { TenantTransaction } from '@kits/plugin-sdk';
import type { BiExportManifest } from './manifest.ts';

/** The days between `first` and `last` (inclusive) that have a current export in `reports.bi_exports`. */
export async function exportedDays(tx: TenantTransaction, first: string, last: string): Promise<Set<string>> {
  const rows = await tx.query<{ day: string }>(
    'select day::text as day from reports.bi_exports where tenant_id = $1 and day between $2::date and $3::date',
    [tx.tenantId, first, last],
  );
  return new Set(rows.map((row) => row.day));
}

/** Records a day's export as current: a rerun replaces the row (and so the manifest the day had). */
export async function recordExport(tx: TenantTransaction, manifest: BiExportManifest, exportedAt: Date): Promise<void> {
  await tx.query(
    `insert into reports.bi_exports (tenant_id, day, exported_at, manifest) values ($1, $2::date, $3::timestamptz, $4::jsonb)
     on conflict (tenant_id, day) do update set exported_at = excluded.exported_at, manifest = excluded.manifest`,
    [tx.tenantId, manifest.day, exportedAt.toISOString(), JSON.stringify(manifest)],
  );
}

/**
 * The local day of the tenant's oldest fact, or undefined when it has none: the job exports no
 * empty days from before the shop began. Three index probes (each table's (tenant_id, occurred_at)).
 */
export async function firstFactDay(tx: TenantTransaction, timezone: string): Promise<string | undefined> {
  const [row] = await tx.query<{ day: string | null }>(
    `select (least(
        (select min(occurred_at) from reports.sale_lines where tenant_id = $1),
        (select min(occurred_at) from reports.tenders where tenant_id = $1),
        (select min(occurred_at) from reports.stock_movements where tenant_id = $1)
      ) at time zone $2::text)::date::text as day`,
    [tx.tenantId, timezone],
  );
  return row?.day ?? undefined;
}
