import { isDomainError } from '@kits/plugin-sdk';
import type { KernelMetrics, PluginHandlerKind } from './metrics.ts';

/** The counters a handler run is counted in (the host and the sync gateway hold only these). */
export type PluginHandlerMetrics = Pick<KernelMetrics, 'pluginHandlerErrors' | 'pluginHandlerTimeouts' | 'pluginHandlerDuration'>;

/**
 * Runs one plugin handler run (usually `withTimeLimit(...)` around it) and counts it per plugin:
 * its duration always, a time-out (`plugins.handler_timeout`) as a time-out, any other failure as
 * an error unless `countsAsError` says it is the handler's regular answer (a sync handler denying
 * an event, say). The outcome itself passes through unchanged.
 */
export async function meterPluginHandler<T>(
  metrics: PluginHandlerMetrics,
  labels: { plugin: string; kind: PluginHandlerKind },
  run: () => Promise<T>,
  countsAsError: (error: unknown) => boolean = () => true,
): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } catch (error) {
    if (isDomainError(error) && error.code === 'plugins.handler_timeout') metrics.pluginHandlerTimeouts.inc(labels);
    else if (countsAsError(error)) metrics.pluginHandlerErrors.inc(labels);
    throw error;
  } finally {
    metrics.pluginHandlerDuration.observe(labels, (performance.now() - started) / 1000);
  }
}
