import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  MAX_JOB_TIME_LIMIT_MS,
  pluginSchemaName,
  type EventContext,
  type EventEnvelope,
  type JobContext,
  type RouteOptions,
  type RouteSchema,
  type ServerPlugin,
  type ServerPluginContext,
  type ServiceScope,
  type SyncEventHandler,
  type SyncHandlerOptions,
  type SyncPullSource,
  type WebhookOptions,
  type WorkerContext,
} from '@kits/plugin-sdk';
import type { Logger } from 'pino';
import type { Validators } from '../http/validation.ts';
import type { PluginPackage } from './discovery.ts';
import { RouteTable, type RouteMethodName } from './route-table.ts';

export interface PluginSubscription {
  readonly pattern: string;
  readonly handler: (event: EventEnvelope, context: EventContext) => Promise<void>;
  /**
   * Set for a `subscribeBatch` subscription: the handler its events share (one object for all the
   * types it names), which takes consecutive events of them in one call. `handler` is it for one event.
   */
  readonly batch?: (events: readonly EventEnvelope[], context: EventContext) => Promise<void>;
}

export interface PluginJob {
  readonly name: string;
  readonly intervalMs: number;
  /** The job's own limit per run (JobOptions.timeLimitMs); the kernel's handler limit when absent. */
  readonly timeLimitMs?: number;
  readonly handler: (context: JobContext) => Promise<void>;
}

export interface PluginSyncHandler {
  /** An exact event type, or a family ending in `.*` (`sales.*`). */
  readonly type: string;
  readonly handler: SyncEventHandler;
  readonly prepare: SyncHandlerOptions['prepare'];
}

/** A webhook the plugin receives (`POST /webhooks/<plugin>/<tenant>/<name>`): its body limit and handler. */
export type PluginWebhook = WebhookOptions<Record<string, unknown>>;

/** A background worker the plugin runs in every process (`workers.run`). */
export interface PluginWorker {
  readonly name: string;
  readonly run: (context: WorkerContext) => Promise<void>;
}

/** One plugin version registered in this process: what its `register` declared. */
export interface LoadedPlugin {
  readonly pkg: PluginPackage;
  readonly schema: string;
  readonly module: ServerPlugin;
  readonly routes: RouteTable;
  readonly subscriptions: readonly PluginSubscription[];
  readonly providers: ReadonlyMap<string, (scope: ServiceScope) => unknown>;
  readonly jobs: readonly PluginJob[];
  readonly syncHandlers: readonly PluginSyncHandler[];
  readonly syncSources: ReadonlyMap<string, SyncPullSource>;
  /** Webhooks by name. */
  readonly webhooks: ReadonlyMap<string, PluginWebhook>;
  readonly workers: readonly PluginWorker[];
  readonly log: Logger;
}

export class PluginLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginLoadError';
  }
}

function isServerPlugin(value: unknown): value is ServerPlugin {
  return typeof value === 'object' && value !== null && typeof (value as ServerPlugin).register === 'function';
}

/** Imports the plugin's server entry and runs its `register`, collecting what it declares. */
export async function loadPlugin(
  pkg: PluginPackage,
  validators: Validators,
  log: Logger,
  operator: Readonly<Record<string, string>> = {},
): Promise<LoadedPlugin> {
  const pluginLog = log.child({ plugin: pkg.id, pluginVersion: pkg.version });
  let module: ServerPlugin | undefined;
  if (pkg.manifest.server) {
    const entry = pathToFileURL(join(pkg.dir, pkg.manifest.server)).href;
    let imported: { default?: unknown };
    try {
      imported = (await import(entry)) as { default?: unknown };
    } catch (error) {
      throw new PluginLoadError(
        `Plugin ${pkg.id}@${pkg.version}: cannot import its server entry ${pkg.manifest.server} (${(error as Error).message}). Build the plugin (npm run build) or fix the "server" path in its manifest.`,
      );
    }
    if (!isServerPlugin(imported.default)) {
      throw new PluginLoadError(
        `Plugin ${pkg.id}@${pkg.version}: ${pkg.manifest.server} must export default definePlugin({ register(context) { … } })`,
      );
    }
    module = imported.default;
  } else {
    module = { register: () => undefined };
  }

  const routes = new RouteTable(validators);
  const subscriptions: PluginSubscription[] = [];
  const providers = new Map<string, (scope: ServiceScope) => unknown>();
  const jobs: PluginJob[] = [];
  const syncHandlers: PluginSyncHandler[] = [];
  const syncSources = new Map<string, SyncPullSource>();
  const webhooks = new Map<string, PluginWebhook>();
  const workers: PluginWorker[] = [];
  const declaredPermissions = new Set(pkg.manifest.permissions ?? []);
  const provides = new Set(pkg.manifest.provides ?? []);

  const route = (method: RouteMethodName) => (url: string, options: RouteOptions<RouteSchema, never>) => {
    if (options.permission !== undefined && !declaredPermissions.has(options.permission)) {
      throw new PluginLoadError(
        `Plugin ${pkg.id}: route ${method} ${url} needs permission "${options.permission}", which its manifest does not declare`,
      );
    }
    routes.add(method, url, options as RouteOptions<RouteSchema, unknown>);
  };

  const context: ServerPluginContext = {
    plugin: { id: pkg.id, version: pkg.version, schema: pluginSchemaName(pkg.manifest) },
    log: pluginLog,
    routes: { get: route('GET'), post: route('POST'), put: route('PUT'), patch: route('PATCH'), delete: route('DELETE') },
    events: {
      subscribe(pattern, handler) {
        subscriptions.push({ pattern, handler: handler as PluginSubscription['handler'] });
      },
      subscribeBatch(patterns, handler) {
        const batch = handler as NonNullable<PluginSubscription['batch']>;
        for (const pattern of patterns) subscriptions.push({ pattern, handler: (event, context) => batch([event], context), batch });
      },
    },
    services: {
      provide(capability, factory) {
        if (!provides.has(capability)) {
          throw new PluginLoadError(`Plugin ${pkg.id} provides "${capability}" but its manifest "provides" does not list it`);
        }
        providers.set(capability, factory as (scope: ServiceScope) => unknown);
      },
    },
    jobs: {
      every(name, intervalMs, handler, options) {
        if (intervalMs < 100)
          throw new PluginLoadError(`Plugin ${pkg.id}: job "${name}" runs too often (${intervalMs} ms); the least is 100 ms`);
        const timeLimitMs = options?.timeLimitMs;
        if (timeLimitMs !== undefined && !(Number.isInteger(timeLimitMs) && timeLimitMs >= 1_000 && timeLimitMs <= MAX_JOB_TIME_LIMIT_MS))
          throw new PluginLoadError(
            `Plugin ${pkg.id}: job "${name}" asks for a time limit of ${timeLimitMs} ms; give a whole number of ms from 1000 to ${MAX_JOB_TIME_LIMIT_MS}`,
          );
        jobs.push({ name, intervalMs, ...(timeLimitMs !== undefined ? { timeLimitMs } : {}), handler: handler as PluginJob['handler'] });
      },
    },
    sync: {
      handle(type, handler, options) {
        if (!/^[a-z][a-z0-9-]*(\.[a-z][a-zA-Z0-9-]*)*(\.\*)?$/.test(type))
          throw new PluginLoadError(`Plugin ${pkg.id}: sync handler type "${type}" must look like "sales.sale.completed" or "sales.*"`);
        syncHandlers.push({ type, handler: handler as SyncEventHandler, prepare: options?.prepare as SyncHandlerOptions['prepare'] });
      },
      source(name, source) {
        if (!/^[a-z][a-z0-9-]*$/.test(name))
          throw new PluginLoadError(`Plugin ${pkg.id}: sync source "${name}" must be lower-case letters, digits and dashes`);
        if (syncSources.has(name)) throw new PluginLoadError(`Plugin ${pkg.id}: sync source "${name}" is declared twice`);
        syncSources.set(name, source as SyncPullSource);
      },
    },
    webhooks: {
      receive(name, options) {
        if (!/^[a-z][a-z0-9-]{0,39}$/.test(name))
          throw new PluginLoadError(`Plugin ${pkg.id}: webhook "${name}" must be lower-case letters, digits and dashes (at most 40)`);
        if (webhooks.has(name)) throw new PluginLoadError(`Plugin ${pkg.id}: webhook "${name}" is declared twice`);
        if (options.bodyLimit !== undefined && (options.bodyLimit < 1024 || options.bodyLimit > 64 * 1024 * 1024))
          throw new PluginLoadError(`Plugin ${pkg.id}: webhook "${name}" bodyLimit must be 1 KiB to 64 MiB`);
        webhooks.set(name, options as PluginWebhook);
      },
    },
    workers: {
      run(name, worker) {
        if (!/^[a-z][a-z0-9-]{0,39}$/.test(name))
          throw new PluginLoadError(`Plugin ${pkg.id}: worker "${name}" must be lower-case letters, digits and dashes (at most 40)`);
        if (workers.some((w) => w.name === name)) throw new PluginLoadError(`Plugin ${pkg.id}: worker "${name}" is declared twice`);
        workers.push({ name, run: worker as PluginWorker['run'] });
      },
    },
    operator: { get: (name) => operator[name] },
  };
  await module.register(context);
  for (const capability of provides) {
    if (!providers.has(capability)) pluginLog.warn({ capability }, 'the manifest provides a capability that register() did not provide');
  }
  return {
    pkg,
    schema: context.plugin.schema,
    module,
    routes,
    subscriptions,
    providers,
    jobs,
    syncHandlers,
    syncSources,
    webhooks,
    workers,
    log: pluginLog,
  };
}
