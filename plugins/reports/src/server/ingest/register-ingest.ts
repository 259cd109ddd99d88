import type { ServerPluginContext } from '@kits/plugin-sdk';
import { registerRebuild } from '../rebuild/register-rebuild.ts';
import type { ReportsSettings } from '../settings.ts';
import { INGESTED_EVENT_TYPES } from './event-payloads.ts';
import { ingestEvents } from './ingest-events.ts';

/**
 * The live path: the events reports takes in are journaled, and applied to facts and rollups, in
 * the delivery's transaction, handed over in batches (up to 500 of one tenant, `subscribeBatch`,
 * D-185) so a busy shop's events are applied with one set of statements per batch — the kernel's
 * processed-events record guards against a redelivery, the journal's unique event id a second time.
 * Also the rebuild (route and steps), which replays the journal through the same code.
 */
export function registerIngest(context: ServerPluginContext<ReportsSettings>): void {
  context.events.subscribeBatch(INGESTED_EVENT_TYPES, async (events, { tx }) => {
    await ingestEvents(tx, events);
  });
  registerRebuild(context);
}
