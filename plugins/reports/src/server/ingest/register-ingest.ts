import type { ServerPluginContext } from '@kits/plugin-sdk';
import { registerRebuild } from '../rebuild/register-rebuild.ts';
import type { ReportsSettings } from '../settings.ts';
import { INGESTED_EVENT_TYPES } from './event-payloads.ts';
import { ingestEvents } from './ingest-events.ts';

/**
 * The live path: each event reports takes in is journaled, and applied to facts and rollups, in
 * the delivery's transaction — the kernel's processed-events record guards against a redelivery,
 * the journal's unique event id a second time. Also the rebuild (route and steps), which replays
 * the journal through the same code.
 */
export function registerIngest(context: ServerPluginContext<ReportsSettings>): void {
  for (const type of INGESTED_EVENT_TYPES)
    context.events.subscribe(type, async (event, { tx }) => {
      await ingestEvents(tx, [event]);
    });
  registerRebuild(context);
}
