import { definePlugin } from '@kits/plugin-sdk';
import { registerBiExport } from './bi-export/index.ts';
import { registerForecast } from './forecast/register-forecast.ts';
import { registerIngest } from './ingest/register-ingest.ts';
import { registerReportRoutes } from './queries/report-routes.ts';
import type { ReportsSettings } from './settings.ts';

/**
 * reports: events other plugins publish → the journal, facts and hourly rollups (ingest/); the
 * report routes that read them (queries/); demand forecasts offered as forecast@1 (forecast/); the
 * daily BI export to S3-compatible storage (bi-export/). Each part registers itself here.
 */
export default definePlugin<ReportsSettings>({
  register(context) {
    void context;
    registerForecast(context);
    registerReportRoutes(context);
    registerBiExport(context);
    registerIngest(context);
  },
});
