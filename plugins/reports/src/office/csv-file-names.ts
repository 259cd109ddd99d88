import type { ForecastReport, InventoryHealthReport, SalesReport } from '../shared/report-types.ts';

/**
 * The names the server gives each CSV (its Content-Disposition): the office's API answers a
 * download's body only, so the page names the saved file the same way from the report's `meta`.
 */

export const salesCsvName = (meta: SalesReport['meta']): string =>
  `sales-by-${meta.by}${meta.group === 'none' ? '' : `-per-${meta.group}`}-${meta.from}-to-${meta.to}.csv`;

export const inventoryHealthCsvName = (meta: InventoryHealthReport['meta']): string => `inventory-health-${meta.to}.csv`;

export const forecastCsvName = (report: ForecastReport): string =>
  `forecast-${report.meta.from}-to-${report.forecast.at(-1)?.day ?? report.meta.to}.csv`;
