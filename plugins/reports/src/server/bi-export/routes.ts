import { badRequest, CalendarDate, conflict, Type, type RouteRegistrar } from '@kits/plugin-sdk';
import type { ReportsSettings } from '../settings.ts';
import { exportDay } from './day-export.ts';
import { biExportReadiness, dayFolder } from './export-config.ts';
import { localClock } from '../local-days.ts';
import { MANIFEST_NAME } from './manifest.ts';

/** `POST /bi-export/runs`: export one day now (a rerun replaces the day's export). */
export function registerBiExportRoutes(routes: RouteRegistrar<ReportsSettings>, createdBy: string): void {
  routes.post('/bi-export/runs', {
    permission: 'reports:export',
    schema: {
      summary: "Export one day's facts to the BI bucket now, replacing the day's earlier export",
      description:
        "Writes the day's sale lines, tenders and stock movements as Parquet under <prefix>/date=YYYY-MM-DD/run=<uuid>/, then the " +
        "day's manifest.json, then deletes the earlier run's files. `day` is a calendar day of the shop's time zone that has ended.",
      body: Type.Object({ day: CalendarDate }, { additionalProperties: false }),
    },
    async handler(request, reply) {
      const readiness = biExportReadiness(request.settings.biExport);
      if (!readiness.ready) {
        throw conflict(
          'reports.bi_export_not_configured',
          `The BI export is not set up: set ${readiness.missing.join(', ')} in the reports plugin's settings, then try again.`,
          { missing: readiness.missing },
        );
      }
      const { day } = request.body;
      const now = new Date();
      const { timezone } = await request.tx.directory.tenant();
      const { today } = localClock(now, timezone);
      if (day >= today) {
        throw badRequest(
          'reports.bi_export_day_not_over',
          `${day} has not ended yet in the shop's time zone (${timezone}, today is ${today}); export a day up to yesterday.`,
          { day, today, timezone },
        );
      }
      const manifest = await exportDay({ tx: request.tx, log: request.log, config: readiness.config, day, now, createdBy });
      reply.status(201);
      return { manifestKey: `${dayFolder(readiness.config, day)}${MANIFEST_NAME}`, manifest };
    },
  });
}
