import { definePlugin } from '@kits/plugin-sdk';
import { registerBiExport } from './bi-export/index.ts';
import { forgetDayCut, registerDayCut } from './days/register-day-cut.ts';
import { registerForecast } from './forecast/register-forecast.ts';
import { registerIngest } from './ingest/register-ingest.ts';
import { registerReportRoutes } from './queries/report-routes.ts';
import type { ReportsSettings } from './settings.ts';

/**
 * reports: events other plugins publish → the journal, facts and hourly rollups (ingest/), cut into
 * the tenant's local days (days/); the report routes that read them (queries/); demand forecasts
 * offered as forecast@1 (forecast/); the daily BI export to S3-compatible storage (bi-export/).
 * Each part registers itself here.
 */
export default definePlugin<ReportsSettings>({
  register(context) {
    registerForecast(context);
    registerReportRoutes(context);
    registerBiExport(context);
    registerIngest(context);
    registerDayCut(context);
  },
  async onUpgrade({ tx }) {
    await forgetDayCut(tx);
  },
});
