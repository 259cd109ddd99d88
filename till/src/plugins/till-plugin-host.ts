import type {
  TillApi,
  TillCatalog,
  TillHardware,
  TillPlugin,
  TillPluginContext,
  TillPluginListing,
  TillSessionInfo,
} from '@kits/plugin-sdk/till';
import { ReceiptPrinterRegistry } from '../receipts/receipt-printers.ts';
import { appendEvent } from '../store/event-log.ts';
import type { TillDatabase } from '../store/till-database.ts';
import type { Observable } from 'rxjs';
import { PluginCollections } from './plugin-collections.ts';
import { SlotRegistry } from './slot-registry.ts';

/** A plugin that could not be loaded or activated: the till goes on without it and says so. */
export interface TillPluginFailure {
  readonly id: string;
  readonly displayName: string;
  readonly reason: string;
}

export interface TillPlugins {
  readonly slots: SlotRegistry;
  /** The receipt printers the plugins offer. */
  readonly printers: ReceiptPrinterRegistry;
  /** The plugins' own collections (`stop()` ends their pulls when the till signs out). */
  readonly collections: PluginCollections;
  readonly loaded: readonly TillPluginListing[];
  readonly failed: readonly TillPluginFailure[];
}

/** What the till gives every plugin (each gets its own context built from these). */
export interface TillPluginServices {
  readonly db: TillDatabase;
  readonly session: TillSessionInfo;
  readonly catalog: TillCatalog;
  readonly api: TillApi;
  readonly hardware: TillHardware;
  /** Emits when the server published one of these event types (the live stream): plugin collections pull again. */
  readonly news?: (types: readonly string[]) => Observable<unknown>;
}

const LIST = 'till-plugins';

/**
 * The plugins this till runs: the list from the kernel when online (kept in `meta`), the last
 * known list offline. A first start offline has no list: the till runs without plugins.
 */
export async function tillPluginList(db: TillDatabase, api: TillApi): Promise<TillPluginListing[]> {
  try {
    const { items } = await api.get<{ items: TillPluginListing[] }>('/api/v1/till/plugins');
    await db.meta.upsert({ id: LIST, value: items });
    return items;
  } catch (failure) {
    const saved = await db.meta.findOne(LIST).exec();
    if (saved) return saved.value as TillPluginListing[];
    throw failure;
  }
}

function contextFor(
  entry: TillPluginListing,
  services: TillPluginServices,
  slots: SlotRegistry,
  printers: ReceiptPrinterRegistry,
  collections: PluginCollections,
): TillPluginContext {
  return {
    plugin: { id: entry.id, version: entry.version },
    settings: entry.settings,
    session: services.session,
    catalog: services.catalog,
    api: services.api,
    events: {
      async append(type, payload) {
        const event = await appendEvent(services.db, services.session.deviceId, type, payload);
        return { eventId: event.id };
      },
    },
    slots: {
      contribute: (slot, component, options) =>
        slots.contribute({ id: entry.id, name: entry.displayName }, slot, component as never, options),
    },
    hardware: services.hardware,
    receipts: {
      addPrinter: (printer) => printers.add({ id: entry.id, name: entry.displayName }, printer),
    },
    collections: collections.forPlugin(entry.id),
  };
}

const isTillPlugin = (value: unknown): value is TillPlugin =>
  typeof value === 'object' && value !== null && typeof (value as TillPlugin).activate === 'function';

/**
 * Loads and activates each plugin's till entry (`importModule` is the browser's `import()`). A
 * plugin that fails to load or activate is left out with its reason; the others still run.
 */
export async function activateTillPlugins(
  entries: readonly TillPluginListing[],
  services: TillPluginServices,
  importModule: (url: string) => Promise<{ default?: unknown }>,
): Promise<TillPlugins> {
  const slots = new SlotRegistry();
  const printers = new ReceiptPrinterRegistry();
  const collections = new PluginCollections({ db: services.db, api: services.api, ...(services.news ? { news: services.news } : {}) });
  const loaded: TillPluginListing[] = [];
  const failed: TillPluginFailure[] = [];
  for (const entry of entries) {
    try {
      const module = await importModule(entry.entry);
      if (!isTillPlugin(module.default)) {
        throw new Error(`${entry.entry} has no default export made with defineTillPlugin({ activate }).`);
      }
      await module.default.activate(contextFor(entry, services, slots, printers, collections));
      loaded.push(entry);
    } catch (failure) {
      slots.withdraw(entry.id);
      printers.withdraw(entry.id);
      failed.push({ id: entry.id, displayName: entry.displayName, reason: (failure as Error).message });
    }
  }
  return { slots, printers, collections, loaded, failed };
}
