import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import type { SalesReport } from '../shared/report-types.ts';
import { salesReportOf, type SalesAnswer } from '../shared/sales-answer.ts';

/** Where the report routes live (src/server/queries/). */
export const REPORTS_API = '/api/v1/reports';

/** A report's JSON answer (GET /reports/<name>). */
export function loadReport<Report>(
  context: OfficePluginContext,
  name: string,
  query: Readonly<Record<string, string | number | undefined>>,
  signal: AbortSignal,
): Promise<Report> {
  return context.api.get<Report>(`${REPORTS_API}/${name}`, { query, signal });
}

/** The sales report (GET /reports/sales), its rows as objects again (the answer sends them as arrays). */
export async function loadSalesReport(
  context: OfficePluginContext,
  query: Readonly<Record<string, string | number | undefined>>,
  signal: AbortSignal,
): Promise<SalesReport> {
  return salesReportOf(await loadReport<SalesAnswer>(context, 'sales', query, signal));
}

/**
 * Downloads the report as CSV (the same query with `format=csv`) and saves it as `fileName`.
 * The office's API answers the body only, so the page names the file as the server does.
 */
export async function downloadReportCsv(
  context: OfficePluginContext,
  name: string,
  query: Readonly<Record<string, string | number | undefined>>,
  fileName: string,
): Promise<void> {
  const blob = await context.api.download(`${REPORTS_API}/${name}`, { query: { ...query, format: 'csv' } });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
