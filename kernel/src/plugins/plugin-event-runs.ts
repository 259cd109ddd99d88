import type { EventContext, EventEnvelope } from '@kits/plugin-sdk';
import type { LoadedPlugin, PluginSubscription } from './loaded-plugin.ts';

/**
 * Hands one tenant's deliveries to a plugin version's handlers, in order: consecutive events whose
 * subscriptions share a batch handler (`subscribeBatch`, D-185) in one call, the others one by one.
 * A delivery whose pattern this version no longer subscribes to is skipped.
 */
export async function runPluginHandlers(
  loaded: LoadedPlugin,
  deliveries: ReadonlyArray<{ pattern: string; event: EventEnvelope }>,
  context: EventContext,
): Promise<void> {
  const runs: Array<{ subscription: PluginSubscription; events: EventEnvelope[] }> = [];
  for (const { pattern, event } of deliveries) {
    const subscription = loaded.subscriptions.find((s) => s.pattern === pattern);
    if (!subscription) continue;
    const last = runs.at(-1);
    if (last && subscription.batch && last.subscription.batch === subscription.batch) last.events.push(event);
    else runs.push({ subscription, events: [event] });
  }
  for (const { subscription, events } of runs)
    if (subscription.batch && events.length > 1) await subscription.batch(events, context);
    else for (const event of events) await subscription.handler(event, context);
}
