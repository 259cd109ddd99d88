import { DEFAULT_PAGE_LIMIT, type ServerPluginContext } from '@kits/plugin-sdk';
import { salesAnswerOf } from '../../shared/sales-answer.ts';
import type { ReportsSettings } from '../settings.ts';
import { dashboardReport } from './dashboard.ts';
import { inventoryHealthReport } from './inventory-health.ts';
import { dashboardCsv, inventoryHealthCsv, salesCsv, sendCsv } from './report-csv.ts';
import { DashboardAnswer, DashboardQuery, InventoryHealthAnswer, InventoryHealthQuery, SalesAnswer, SalesQuery } from './report-schemas.ts';
import { VIEW } from './report-scope.ts';
import { salesReport } from './sales-report.ts';

/** Dead stock after this many days when neither the request nor the tenant's settings say. */
const DEFAULT_DEAD_STOCK_DAYS = 90;
const TAGS = ['reports'];

/**
 * The report routes: sales, inventory health and the dashboard, each as JSON or (`format=csv`) a
 * CSV download. Each needs `reports:view` at the locations it covers (report-scope.ts) and reads
 * the rollups only, in the route's read-only transaction — on the reporting database (a replica)
 * when the kernel has one, which `meta.source` and `meta.lagSeconds` tell.
 */
export function registerReportRoutes(context: ServerPluginContext<ReportsSettings>): void {
  const { routes } = context;

  routes.get('/sales', {
    permission: VIEW,
    readFrom: 'reporting',
    schema: {
      summary: 'Sales by hour, day, week or month, per location, till, cashier, category, product or tender, against the period before',
      tags: TAGS,
      querystring: SalesQuery,
      response: { 200: SalesAnswer },
    },
    async handler(request, reply) {
      const { by = 'day', group = 'none', basis = 'happened' } = request.query;
      const report = await salesReport(request, { ...request.query, by, group, basis });
      if (request.query.format !== 'csv') return salesAnswerOf(report);
      const grouping = group === 'none' ? '' : `-per-${group}`;
      return sendCsv(reply, `sales-by-${by}${grouping}-${report.meta.from}-to-${report.meta.to}.csv`, salesCsv(report));
    },
  });

  routes.get('/inventory-health', {
    permission: VIEW,
    readFrom: 'reporting',
    schema: {
      summary: 'Stock value at cost, days of cover, sell-through, dead stock, overstock and shrinkage per variant and location',
      description:
        'Items are ordered by stock value, highest first (or as sort and dir say), a page at a time; format=csv answers every item at once.',
      tags: TAGS,
      querystring: InventoryHealthQuery,
      response: { 200: InventoryHealthAnswer },
    },
    async handler(request, reply) {
      const csv = request.query.format === 'csv';
      const report = await inventoryHealthReport(request, {
        locationId: request.query.locationId,
        show: request.query.show ?? 'all',
        order: { sort: request.query.sort ?? 'stockValue', dir: request.query.dir ?? 'desc' },
        deadStockDays: request.query.deadStockDays ?? request.settings.deadStockDays ?? DEFAULT_DEAD_STOCK_DAYS,
        limit: csv ? null : (request.query.limit ?? DEFAULT_PAGE_LIMIT),
        cursor: csv ? undefined : request.query.cursor,
      });
      if (!csv) return report;
      return sendCsv(reply, `inventory-health-${report.meta.to}.csv`, inventoryHealthCsv(report));
    },
  });

  routes.get('/dashboard', {
    permission: VIEW,
    readFrom: 'reporting',
    schema: {
      summary: 'Today so far against the same time last week: figures, hours, best sellers, tenders, late arrivals',
      tags: TAGS,
      querystring: DashboardQuery,
      response: { 200: DashboardAnswer },
    },
    async handler(request, reply) {
      const report = await dashboardReport(request, { locationId: request.query.locationId });
      if (request.query.format !== 'csv') return report;
      return sendCsv(reply, `dashboard-${report.meta.to}.csv`, dashboardCsv(report));
    },
  });
}
