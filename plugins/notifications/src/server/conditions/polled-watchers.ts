import type { JobContext } from '@kits/plugin-sdk';
import { DEFAULT_CONFLICT_MIN_EVENTS, DEFAULT_CONFLICT_PERCENT } from '../../shared/rule-kinds.ts';
import { localDay } from '../../shared/schedule.ts';
import { enabledRules, type Rule } from '../rules/rule-store.ts';
import type { NotificationSettings } from '../settings.ts';
import { clearAllBut, raise, type Notice } from './conditions.ts';

const HOUR_MS = 3_600_000;

/** A polled condition: what holds now, per subject; the rule's open conditions that no longer hold are cleared. */
async function judge(
  context: JobContext<NotificationSettings>,
  rule: Rule,
  holding: ReadonlyArray<{ subject: string; locationId: string; notice: Notice }>,
): Promise<void> {
  const mine = holding.filter((h) => rule.locationId === null || rule.locationId === h.locationId);
  for (const h of mine) await raise(context.tx, rule, h.subject, h.notice, context.now);
  await clearAllBut(
    context.tx,
    rule.id,
    mine.map((h) => h.subject),
  );
}

/**
 * The conditions nothing announces, looked at each run: tills stuck with unsent events (the
 * kernel's device alerts, D-197), purchase orders past their expected date (purchasing@1), and the
 * share of till events denied in the last hour per location (the kernel's sync answers).
 */
export async function watchPolled(context: JobContext<NotificationSettings>): Promise<void> {
  const { tx, services, now } = context;
  const rules = await enabledRules(tx, ['till-stuck', 'po-overdue', 'sync-conflicts']);
  if (rules.length === 0) return;
  const of = (kind: Rule['kind']) => rules.filter((r) => r.kind === kind);
  const names = new Map((await tx.directory.allLocations()).map((l) => [l.id, l.name]));
  const where = (id: string) => names.get(id) ?? 'a location';

  if (of('till-stuck').length > 0) {
    const stuck = (await tx.directory.deviceAlerts()).filter((a) => a.kind === 'stuck-sync');
    const holding = stuck.map((a) => ({
      subject: a.deviceId,
      locationId: a.locationId,
      notice: { title: `Till ${a.deviceName} at ${where(a.locationId)} is not sending its sales`, body: a.message, linkPath: '/devices' },
    }));
    for (const rule of of('till-stuck')) await judge(context, rule, holding);
  }

  if (of('po-overdue').length > 0 && services.providerOf('purchasing@1')) {
    const { timezone } = await tx.directory.tenant();
    const overdue = await services.use('purchasing@1').overdue(localDay(now, timezone));
    const holding = overdue.map((po) => ({
      subject: po.id,
      locationId: po.locationId,
      notice: {
        title: `Purchase order ${po.number} is overdue`,
        body: `${po.supplierName} was expected to deliver to ${where(po.locationId)} on ${po.expectedOn}; the order still waits for goods.`,
        linkPath: `/purchasing/purchase-orders/${po.id}`,
      },
    }));
    for (const rule of of('po-overdue')) await judge(context, rule, holding);
  }

  if (of('sync-conflicts').length > 0) {
    const outcomes = await tx.directory.tillEventOutcomes(new Date(now.getTime() - HOUR_MS).toISOString());
    for (const rule of of('sync-conflicts')) {
      const threshold = rule.params.thresholdPercent ?? DEFAULT_CONFLICT_PERCENT;
      const minEvents = rule.params.minEvents ?? DEFAULT_CONFLICT_MIN_EVENTS;
      const holding = atLocationOutcomes(outcomes, rule)
        .filter((o) => o.accepted + o.denied >= minEvents && o.denied * 100 > threshold * (o.accepted + o.denied))
        .map((o) => {
          const total = o.accepted + o.denied;
          const percent = Math.round((o.denied * 1000) / total) / 10;
          return {
            subject: o.locationId,
            locationId: o.locationId,
            notice: {
              title: `Offline conflicts at ${where(o.locationId)}: ${percent} % of till events denied`,
              body: `${o.denied} of the ${total} till events received from ${where(o.locationId)} in the last hour were denied (above ${threshold} %): look at the tills' resolution queues.`,
              linkPath: '/devices',
            },
          };
        });
      await judge(context, rule, holding);
    }
  }
}

const atLocationOutcomes = <T extends { locationId: string }>(outcomes: readonly T[], rule: Rule): T[] =>
  outcomes.filter((o) => rule.locationId === null || rule.locationId === o.locationId);
