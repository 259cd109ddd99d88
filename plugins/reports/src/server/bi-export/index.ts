import type { ServerPluginContext } from '@kits/plugin-sdk';
import type { ReportsSettings } from '../settings.ts';
import { EXPORT_TICK_MS, exportDueDay } from './daily-job.ts';
import { registerBiExportRoutes } from './routes.ts';

/** How long one tenant's export run may take (the kernel's default limit is a request's, 10 s). */
const EXPORT_TIME_LIMIT_MS = 15 * 60_000;

/**
 * The BI export: every day, each tenant's facts of yesterday as Parquet in its S3-compatible
 * bucket (the `bi-export` job), and `POST /bi-export/runs` to export a day now. README "BI export".
 */
export function registerBiExport(context: ServerPluginContext<ReportsSettings>): void {
  const createdBy = `KiTS POS reports ${context.plugin.version} (hyparquet-writer)`;
  registerBiExportRoutes(context.routes, createdBy);
  // A busy day (hundreds of thousands of lines) takes far longer than a request may: the job gets 15 minutes.
  context.jobs.every('bi-export', EXPORT_TICK_MS, (job) => exportDueDay(job, createdBy), { timeLimitMs: EXPORT_TIME_LIMIT_MS });
}
