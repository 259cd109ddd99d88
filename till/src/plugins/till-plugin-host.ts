import type {
  SlotComponent,
  TillApi,
  TillCatalog,
  TillHardware,
  TillPeripherals,
  TillLocation,
  TillPlugin,
  TillPluginContext,
  TillPluginListing,
  TillSessionInfo,
  TillSlot,
} from '@kits/plugin-sdk/till';
import { ReceiptPrinterRegistry } from '../receipts/receipt-printers.ts';
import { receiptPrinting, type PrintingChoices } from '../receipts/receipt-printing.ts';
import type { TillDatabase } from '../store/till-database.ts';
import type { Observable } from 'rxjs';
import { ApprovalRequests } from './approval-requests.ts';
import { DeniedEventResolvers } from './denied-event-resolvers.ts';
import { PluginCollections } from './plugin-collections.ts';
import { pluginDeviceState } from './plugin-device-state.ts';
import { pluginEventLog } from './plugin-event-log.ts';
import { SaleScreenChannel } from './sale-screen-channel.ts';
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
  /** The managers' approvals plugins ask for: the till's approval dialog answers them. */
  readonly approvals: ApprovalRequests;
  /** Who resolves which denied events in the resolution queue. */
  readonly resolvers: DeniedEventResolvers;
  /** What the sale screen shows, as its plugin tells it (a customer display follows it). */
  readonly saleScreen: SaleScreenChannel;
  readonly loaded: readonly TillPluginListing[];
  readonly failed: readonly TillPluginFailure[];
}

/** What the till gives every plugin (each gets its own context built from these). */
export interface TillPluginServices {
  readonly db: TillDatabase;
  readonly session: TillSessionInfo;
  /** The store as the till knows it now (what it kept, then the kernel's answer once it comes). */
  readonly location: () => TillLocation;
  readonly catalog: TillCatalog;
  readonly api: TillApi;
  readonly hardware: TillHardware;
  /** The till's list of its printers and readers (the heartbeat's): plugins add what a device said of itself. */
  readonly peripherals: TillPeripherals;
  /** Pushes the event log now (the sync engine's push agent). */
  readonly send: () => Promise<void>;
  /** This device's choice of receipt printer. */
  readonly printing: PrintingChoices;
  /** Renders every contribution to a slot, each in its error box (the app's `Slot`). */
  readonly outlet: <Slot extends TillSlot>(slots: SlotRegistry, slot: Slot) => SlotComponent<never>;
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

/** What the till keeps for all plugins while they run. */
export interface TillPluginRegistries {
  readonly slots: SlotRegistry;
  readonly printers: ReceiptPrinterRegistry;
  readonly collections: PluginCollections;
  readonly approvals: ApprovalRequests;
  readonly resolvers: DeniedEventResolvers;
  readonly saleScreen: SaleScreenChannel;
}

function contextFor(entry: TillPluginListing, services: TillPluginServices, registries: TillPluginRegistries): TillPluginContext {
  const plugin = { id: entry.id, name: entry.displayName };
  const { slots, printers } = registries;
  return {
    plugin: { id: entry.id, version: entry.version },
    settings: entry.settings,
    session: services.session,
    get location() {
      return services.location();
    },
    catalog: services.catalog,
    api: services.api,
    events: pluginEventLog(services.db, services.session.deviceId, services.send),
    slots: {
      contribute: (slot, component, options) => slots.contribute(plugin, slot, component as never, options),
      outlet: (slot) => services.outlet(slots, slot) as never,
    },
    hardware: services.hardware,
    peripherals: services.peripherals,
    receipts: {
      addPrinter: (printer) => printers.add(plugin, printer),
      ...receiptPrinting(printers, services.printing),
    },
    collections: registries.collections.forPlugin(entry.id),
    device: pluginDeviceState(services.db, entry.id),
    approvals: registries.approvals.forPlugin(entry.id),
    resolution: registries.resolvers.forPlugin(plugin),
    saleScreen: registries.saleScreen,
  };
}

function newRegistries(services: TillPluginServices): TillPluginRegistries {
  return {
    slots: new SlotRegistry(),
    printers: new ReceiptPrinterRegistry(),
    collections: new PluginCollections({ db: services.db, api: services.api, ...(services.news ? { news: services.news } : {}) }),
    approvals: new ApprovalRequests(),
    resolvers: new DeniedEventResolvers(),
    saleScreen: new SaleScreenChannel(),
  };
}

/**
 * One plugin's context with fresh registries, as `activate` would get it: for tests of a plugin's
 * till side that drive its modules directly (see till/testing).
 */
export function standalonePluginContext(
  entry: TillPluginListing,
  services: TillPluginServices,
): { readonly context: TillPluginContext; readonly registries: TillPluginRegistries } {
  const registries = newRegistries(services);
  return { context: contextFor(entry, services, registries), registries };
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
  const registries = newRegistries(services);
  const loaded: TillPluginListing[] = [];
  const failed: TillPluginFailure[] = [];
  for (const entry of entries) {
    try {
      const module = await importModule(entry.entry);
      if (!isTillPlugin(module.default)) {
        throw new Error(`${entry.entry} has no default export made with defineTillPlugin({ activate }).`);
      }
      await module.default.activate(contextFor(entry, services, registries));
      loaded.push(entry);
    } catch (failure) {
      registries.slots.withdraw(entry.id);
      registries.printers.withdraw(entry.id);
      registries.resolvers.withdraw(entry.id);
      failed.push({ id: entry.id, displayName: entry.displayName, reason: (failure as Error).message });
    }
  }
  return { ...registries, loaded, failed };
}
