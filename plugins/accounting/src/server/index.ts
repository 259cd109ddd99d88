import { definePlugin } from '@kits/plugin-sdk';
import { registerExportJob } from './exports/export-job.ts';
import { registerLedgerIngest } from './ledger/ingest.ts';
import { registerDayRoutes } from './routes/day-routes.ts';
import { registerExportRoutes } from './routes/export-routes.ts';
import { registerMappingRoutes } from './routes/mapping-routes.ts';
import { registerStatusRoutes } from './routes/status-routes.ts';

/**
 * accounting: each location's business day as a day ledger (postings from sales, refunds, Z reports
 * and stock movements), posted once as a balanced journal to the tenant's accounting system
 * (`accounting@1`: QuickBooks Online, Xero), with adjusting journals for what arrives late, retries,
 * rate-limit waits and a pause while the connection needs the merchant.
 */
export default definePlugin({
  register(context) {
    registerLedgerIngest(context);
    registerExportJob(context);
    registerStatusRoutes(context);
    registerMappingRoutes(context);
    registerExportRoutes(context);
    registerDayRoutes(context);
  },
  // The demo has no accounting system to post to: connecting one needs the merchant's company.
  async demo() {},
});
