import type { EventEnvelope, ServerPluginContext, TenantTransaction } from '@kits/plugin-sdk';
import { LEDGER_EVENT_TYPES, ledgerEntriesOf } from '../journal-model.ts';
import { addToDayLedger } from './day-postings.ts';
import { dayResolver } from './location-days.ts';

/**
 * A Z report names its till, not its location, nor its currency: the location is the till's (the
 * directory's) and the currency the tenant's, passed to the model in the payload. A till the directory no longer knows leaves the payload as it is
 * (the model then refuses it, and the kernel dead-letters the event for an operator).
 */
async function enriched(tx: TenantTransaction, event: EventEnvelope): Promise<{ type: string; payload: unknown }> {
  if (event.type !== 'sales.shift.closed') return { type: event.type, payload: event.payload };
  const payload = event.payload as { deviceId?: unknown; locationId?: unknown; currency?: unknown };
  const device =
    typeof payload.deviceId === 'string' && typeof payload.locationId !== 'string'
      ? await tx.directory.device(payload.deviceId)
      : undefined;
  // The drawer counts in the shop's currency (a Z report names none).
  const currency = typeof payload.currency === 'string' ? payload.currency : (await tx.directory.tenant()).currency;
  return { type: event.type, payload: { ...payload, ...(device ? { locationId: device.locationId } : {}), currency } };
}

/**
 * Turns events into postings and adds them to their days, in the delivery's transaction — one
 * statement for the whole batch (the kernel hands over up to 500 events at a time, D-185).
 */
export async function ingestEvents(tx: TenantTransaction, events: readonly EventEnvelope[]): Promise<void> {
  const dayOf = await dayResolver(tx);
  const entries = [];
  for (const event of events) entries.push(...ledgerEntriesOf(await enriched(tx, event), dayOf));
  await addToDayLedger(tx, entries);
}

/**
 * Each event is applied once: the kernel records it as processed for this subscriber in the same
 * transaction as the postings (kernel/src/events/apply-once.ts), so a redelivery finds the record
 * and does nothing — no table of applied event ids of our own (see README, "Decisions"). A batch
 * that fails (one event the model refuses) is handed over again one event at a time by the kernel,
 * so only the refused event is retried and dead-lettered.
 */
export function registerLedgerIngest(context: ServerPluginContext): void {
  context.events.subscribeBatch(LEDGER_EVENT_TYPES, (events, { tx }) => ingestEvents(tx, events));
}
