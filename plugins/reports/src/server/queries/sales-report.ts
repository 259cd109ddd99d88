import type { DataSource, ServiceLocator, TenantTransaction } from '@kits/plugin-sdk';
import type { SalesBasis, SalesBucket, SalesGrouping, SalesReport, SalesReportRow } from '../../shared/report-types.ts';
import { daysAreCutIn } from '../days/day-cut.ts';
import { groupLabels } from './group-labels.ts';
import { reportMeta } from './report-meta.ts';
import { previousPeriod, reportPeriod, type ReportPeriod } from './report-period.ts';
import { reportLocations } from './report-scope.ts';
import { checkBasis, salesFigures, type FigureRow } from './sales-figures.ts';

/** What a report route hands its report: the transaction, capability services, the caller's permissions. */
export interface ReportRequest {
  readonly tenantId: string;
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  can(permission: string, locationId?: string): boolean;
  dataSource(): Promise<DataSource>;
}

export interface SalesReportQuery {
  readonly from: string;
  readonly to: string;
  readonly by: SalesBucket;
  readonly group: SalesGrouping;
  readonly basis: SalesBasis;
  readonly locationId?: string | undefined;
  readonly compare?: 'previous' | undefined;
}

/**
 * GET /reports/sales: the period's figures per bucket and group, their totals, and with
 * `compare=previous` the same for the period of the same length just before. Reads rollups only:
 * by day, week or month the day rollups when the tenant's days are cut in its zone (both periods
 * alike), else — and by the hour — the hour rollups; the two give the same figures.
 */
export async function salesReport(request: ReportRequest, query: SalesReportQuery): Promise<SalesReport> {
  const tenant = await request.tx.directory.tenant();
  const grain = query.by !== 'hour' && (await daysAreCutIn(request.tx, tenant.timezone)) ? 'day' : 'hour';
  const period = reportPeriod(query.from, query.to, query.by, query.group, grain);
  checkBasis(query);
  const locations = await reportLocations(request, query.locationId);
  const figuresOf = (of: ReportPeriod) =>
    salesFigures(
      request.tx,
      { tenantId: request.tenantId, timezone: tenant.timezone, from: of.from, to: of.to, locationIds: locations.map((l) => l.id), grain },
      query,
    );
  const current = await figuresOf(period);
  const previous = query.compare === 'previous' ? await figuresOf(previousPeriod(period)) : null;
  const labels = await groupLabels(
    query.group,
    [...current.rows, ...(previous?.rows ?? [])].map((row) => row.key),
    { tx: request.tx, services: request.services, currency: tenant.currency, locations },
  );
  const labelled = (rows: FigureRow[]): SalesReportRow[] =>
    rows.map((row) => ({
      bucket: row.bucket,
      key: row.key,
      label: query.group === 'none' ? null : (labels.get(row.key) ?? null),
      ...row.measures,
    }));
  const meta = await reportMeta(request, period, locations);
  return {
    meta: { ...meta, by: query.by, group: query.group, basis: query.basis },
    totals: current.totals,
    previous: previous?.totals ?? null,
    rows: labelled(current.rows),
    previousRows: previous ? labelled(previous.rows) : null,
  };
}
