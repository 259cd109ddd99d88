import { Type, Uuid, type ServerPluginContext } from '@kits/plugin-sdk';
import { forecastCsv, forecastCsvFilename } from './forecast-csv.ts';
import { forecastReport } from './forecast-report.ts';
import { forecastService } from './forecast-service.ts';

/** The most days `GET /forecast` looks ahead, and how many when not asked. */
export const MAX_REPORT_DAYS = 90;
export const DEFAULT_REPORT_DAYS = 28;

/**
 * Demand forecasts: `GET /forecast` (reports:view at the location), and forecast@1 for other
 * plugins — purchasing's reorder suggestions — built per call in the caller's transaction.
 */
export function registerForecast<Settings>(context: ServerPluginContext<Settings>): void {
  context.services.provide('forecast@1', (scope) => forecastService(scope.tx));

  context.routes.get('/forecast', {
    permission: 'reports:view',
    // Heavy read that may be a little behind: on the reporting database (a replica) when there is one.
    readFrom: 'reporting',
    schema: {
      summary:
        'Demand forecast of a variant at a location from its daily sales history (weekly season and trend), with its error on a held-out month',
      tags: ['reports'],
      querystring: Type.Object(
        {
          variantId: Uuid,
          locationId: Uuid,
          days: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: MAX_REPORT_DAYS,
              description: `days ahead from tomorrow (default ${DEFAULT_REPORT_DAYS})`,
            }),
          ),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        },
        { additionalProperties: false },
      ),
    },
    async handler(request, reply) {
      const { variantId, locationId, days = DEFAULT_REPORT_DAYS, format = 'json' } = request.query;
      request.require('reports:view', locationId);
      const report = await forecastReport(request.tx, { variantId, locationId, days }, new Date(), await request.dataSource());
      if (format === 'json') return report;
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${forecastCsvFilename(report)}"`);
      return forecastCsv(report);
    },
  });
}
