import type {
  OfficeApi,
  OfficeComponent,
  OfficeHardware,
  OfficeLocationChoice,
  OfficePlugin,
  OfficePluginContext,
  OfficePluginListing,
  OfficeSession,
  OfficeSlot,
  OfficeToasts,
} from '@kits/plugin-sdk/office';
import { officeHardware } from '../hardware/office-hardware.ts';
import { OfficeContributions, pagePrefix } from './office-contributions.ts';

/** A plugin whose office side could not be loaded or activated: the office goes on without it and says so. */
export interface OfficePluginFailure {
  readonly id: string;
  readonly displayName: string;
  readonly reason: string;
}

/** What the office gives every plugin (each gets its own context built from these). */
export interface OfficePluginServices {
  readonly api: OfficeApi;
  readonly session: OfficeSession;
  readonly location: OfficeLocationChoice;
  readonly toasts: OfficeToasts;
  /** The printers this computer reaches (default: through the hardware agent whose address this browser keeps). */
  readonly hardware?: OfficeHardware;
  /** Opens an office path (without `/office`). */
  readonly navigate: (path: string) => void;
  /** Renders every contribution to a slot, each in its error box (the shell's `Outlet`). */
  readonly outlet: (contributions: OfficeContributions, slot: Exclude<OfficeSlot, 'office.page'>) => OfficeComponent<never>;
}

export interface OfficePlugins {
  readonly contributions: OfficeContributions;
  readonly loaded: readonly OfficePluginListing[];
  readonly failed: readonly OfficePluginFailure[];
}

function contextFor(
  entry: OfficePluginListing,
  services: OfficePluginServices,
  contributions: OfficeContributions,
  // Outlets render what every plugin contributed (the app's registry), not the plugin's own scratch one.
  everyone: OfficeContributions,
): OfficePluginContext {
  const plugin = { id: entry.id, name: entry.displayName };
  const prefix = pagePrefix(entry.id);
  return {
    plugin: { id: entry.id, version: entry.version, displayName: entry.displayName },
    settings: entry.settings,
    session: services.session,
    location: services.location,
    api: services.api,
    slots: {
      contribute: (slot, component, options) => contributions.add(plugin, slot, component as OfficeComponent<never>, options),
      outlet: (slot) => services.outlet(everyone, slot) as never,
    },
    search: { provide: (provider) => contributions.addSearch(plugin, provider) },
    toasts: services.toasts,
    hardware: services.hardware ?? thisComputer(),
    navigate: services.navigate,
    href: (path) => `/office${prefix}/${path.replace(/^\/+/, '')}`,
  };
}

let computerHardware: OfficeHardware | undefined;
/** One for the page: its agent connection outlives the plugins' reloads. */
const thisComputer = (): OfficeHardware => (computerHardware ??= officeHardware());

const isOfficePlugin = (value: unknown): value is OfficePlugin =>
  typeof value === 'object' && value !== null && typeof (value as OfficePlugin).activate === 'function';

/**
 * Activates the kernel's own pages (given as a module, not downloaded), then loads and activates
 * each plugin's office entry (`importModule` is the browser's `import()`). A plugin that fails to
 * load or activate is left out with its reason — and what it contributed before failing is kept
 * out too — while the others still run.
 */
export async function activateOfficePlugins(
  kernelPages: { readonly listing: OfficePluginListing; readonly plugin: OfficePlugin },
  entries: readonly OfficePluginListing[],
  services: OfficePluginServices,
  importModule: (url: string) => Promise<{ default?: unknown }>,
): Promise<OfficePlugins> {
  const contributions = new OfficeContributions();
  const loaded: OfficePluginListing[] = [];
  const failed: OfficePluginFailure[] = [];
  const activate = async (entry: OfficePluginListing, plugin: unknown) => {
    if (!isOfficePlugin(plugin)) throw new Error('its office entry has no default export made with defineOfficePlugin');
    // Contributions land in a scratch registry first, so a plugin that throws half-way adds nothing.
    const scratch = new OfficeContributions();
    await plugin.activate(contextFor(entry, services, scratch, contributions));
    for (const slot of SLOTS) for (const c of scratch.of(slot)) contributions.add(c.plugin, slot, c.component, c.options);
    for (const { plugin: who, provider } of scratch.searchProviders()) contributions.addSearch(who, provider);
    loaded.push(entry);
  };
  const settle = async (entry: OfficePluginListing, load: () => Promise<unknown>) => {
    try {
      await activate(entry, await load());
    } catch (error) {
      console.error(`KiTS office: ${entry.id} could not start`, error);
      failed.push({ id: entry.id, displayName: entry.displayName, reason: error instanceof Error ? error.message : String(error) });
    }
  };
  await settle(kernelPages.listing, async () => kernelPages.plugin);
  // Downloaded side by side; activated in the kernel's order (by id), so the navigation is stable.
  const modules = entries.map((entry) =>
    importModule(entry.entry).then(
      (module) => ({ plugin: module.default }),
      (error: unknown) => ({ error }),
    ),
  );
  for (const [i, entry] of entries.entries())
    await settle(entry, async () => {
      const module = await modules[i]!;
      if ('error' in module) throw module.error;
      return module.plugin;
    });
  return { contributions, loaded, failed };
}

const SLOTS: readonly OfficeSlot[] = [
  'office.page',
  'office.dashboard.card',
  'office.product.actions',
  'office.sale.actions',
  'office.supplier.actions',
  'office.customer.actions',
  'office.products.selection.actions',
  'office.purchasing.receipt.actions',
  'office.settings',
  'office.topbar',
];
