import type { DataSource, TenantLocation, TenantTransaction } from '@kits/plugin-sdk';
import type { ReportMeta } from '../../shared/report-types.ts';

/** What every report answer's `meta` is made from. */
export interface MetaRequest {
  readonly tx: TenantTransaction;
  /**
   * Where the report's queries ran (the routes read from the reporting database, a replica, when
   * the kernel has REPORTING_DATABASE_URL) and how far behind the primary its data may be.
   */
  dataSource(): Promise<DataSource>;
}

/** The `meta` of a report over `period` (local dates) and `locations`. */
export async function reportMeta(
  request: MetaRequest,
  period: { readonly from: string; readonly to: string },
  locations: readonly TenantLocation[],
): Promise<ReportMeta> {
  const tenant = await request.tx.directory.tenant();
  const { source, lagSeconds } = await request.dataSource();
  return {
    from: period.from,
    to: period.to,
    timezone: tenant.timezone,
    currency: tenant.currency,
    locationIds: locations.map((location) => location.id),
    source,
    lagSeconds,
    generatedAt: new Date().toISOString(),
  };
}
