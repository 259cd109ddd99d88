import { CalendarDate, conflict, notFound, Type, Uuid, type RouteRequest, type ServerPluginContext } from '@kits/plugin-sdk';
import { dayClosings } from '../exports/day-closing.ts';
import { exportById } from '../exports/export-view.ts';
import { planDayExport } from '../exports/plan-exports.ts';
import { dayJournal, journalTotals, ledgerLabel } from '../journal-model.ts';
import { dayPostings } from '../ledger/day-postings.ts';
import { readMapping, unmappedOf } from '../mapping/mapping-store.ts';
import { MANAGE, VIEW } from './status-routes.ts';

const DayParams = Type.Object({ locationId: Uuid, day: CalendarDate }, { additionalProperties: false });

/** The location of the path, one of the tenant's: 404 otherwise. */
async function knownLocation(request: Pick<RouteRequest, 'tx'>, locationId: string): Promise<void> {
  const [location] = await request.tx.directory.locations([locationId]);
  if (!location) throw notFound('accounting.unknown_location', `There is no location ${locationId} in this business.`);
}

/** `GET /days/:locationId/:day/journal` and `POST /days/:locationId/:day/export`. */
export function registerDayRoutes(context: ServerPluginContext): void {
  context.routes.get('/days/:locationId/:day/journal', {
    permission: VIEW,
    schema: { summary: "A location's day as its journal stands now, and the exports that posted it", params: DayParams },
    async handler(request) {
      const { tx, services, params } = request;
      await knownLocation(request, params.locationId);
      const lines = dayJournal(await dayPostings(tx, params.locationId, params.day));
      const mapping = await readMapping(tx);
      const accounts = new Map(mapping.accounts.map((a) => [`${a.role}\u0000${a.key}`, a.accountId]));
      const totals = journalTotals(lines);
      const closing = await dayClosings(tx, services, new Date())(params.locationId, params.day);
      const exported = await tx.query<{ export_id: string }>(
        'select export_id from accounting.exports where location_id = $1 and day = $2 order by sequence',
        [params.locationId, params.day],
      );
      return {
        locationId: params.locationId,
        day: params.day,
        closed: closing.closed,
        lines: lines.map((line) => ({
          role: line.role,
          key: line.key,
          label: ledgerLabel(line.role, line.key),
          debit: line.amount > 0 ? line.amount : 0,
          credit: line.amount < 0 ? -line.amount : 0,
          accountId: accounts.get(`${line.role}\u0000${line.key}`) ?? null,
        })),
        debitTotal: totals.debit,
        creditTotal: totals.credit,
        exported: exported.map((e) => e.export_id),
      };
    },
  });

  context.routes.post('/days/:locationId/:day/export', {
    permission: MANAGE,
    schema: { summary: 'Exports an ended day now, even with a shift still open', params: DayParams },
    async handler(request, reply) {
      const { tx, services, params } = request;
      await knownLocation(request, params.locationId);
      const now = new Date();
      const closing = await dayClosings(tx, services, now)(params.locationId, params.day);
      if (!closing.ended)
        throw conflict(
          'accounting.day_not_ended',
          `${params.day} has not ended at this location yet (${closing.timezone}, today is ${closing.today}); export a day up to yesterday.`,
          { day: params.day, today: closing.today, timezone: closing.timezone },
        );
      const [day] = await tx.query<{ currency: string }>(
        'select currency from accounting.days where location_id = $1 and day = $2 for update',
        [params.locationId, params.day],
      );
      const lines = day ? dayJournal(await dayPostings(tx, params.locationId, params.day)) : [];
      if (!day || lines.length === 0)
        throw conflict(
          'accounting.nothing_to_export',
          `Nothing was sold, refunded or moved at this location on ${params.day}: there is no journal to post.`,
          {
            day: params.day,
          },
        );
      const unmapped = unmappedOf(lines, await readMapping(tx));
      if (unmapped.length > 0) {
        const named = unmapped.map((u) => ({ ...u, label: ledgerLabel(u.role, u.key) }));
        throw conflict(
          'accounting.mapping_incomplete',
          `No account is chosen for ${named.map((n) => `"${n.label}"`).join(', ')}; choose ${named.length > 1 ? 'them' : 'it'} under Accounting → Account mapping, then export again.`,
          { unmapped: named },
        );
      }
      const exportId = await planDayExport(tx, { locationId: params.locationId, day: params.day, currency: day.currency }, now);
      await tx.query('update accounting.days set dirty = false, export_requested_at = null where location_id = $1 and day = $2', [
        params.locationId,
        params.day,
      ]);
      await tx.query(
        "update accounting.exports set next_attempt_at = $2 where export_id = $1 and status in ('waiting', 'posting') and next_attempt_at > $2",
        [exportId, now],
      );
      await tx.audit('accounting.day.export_requested', { locationId: params.locationId, day: params.day, exportId });
      reply.status(202);
      return exportById(tx, exportId!);
    },
  });
}
