// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).
import type { TillApi } from './api.ts';
import type { TillApprovals } from './approvals.ts';
import type { TillCatalog } from './catalog.ts';
import type { TillCollections } from './collections.ts';
import type { TillDeviceState } from './device-state.ts';
import type { TillEventLog } from './events.ts';
import type { TillHardware, TillPeripherals } from './hardware.ts';
import type { TillReceipts } from './receipt.ts';
import type { TillResolution } from './resolution.ts';
import type { TillSaleScreen } from './sale-screen.ts';
import type { TillLocation, TillSessionInfo } from './session.ts';
import type { TillSlots } from './slots.ts';

/**
 * What a plugin's till entry gets (DESIGN §4). A till entry is an ES module served by the kernel
 * at /till/plugins/<id>/<version>/; its default export is `defineTillPlugin({ activate })`. It may
 * import `preact`, `preact/hooks`, `preact/jsx-runtime`, `@kits/plugin-sdk/till` and
 * `@kits/plugin-sdk/money` (the till's own copies, through an import map) and its own files;
 * everything else it needs comes through this context.
 */
export interface TillPluginContext<Settings = Record<string, unknown>> {
  readonly plugin: { readonly id: string; readonly version: string };
  /** The tenant's settings of this plugin that its manifest marks `"x-kits-till": true`. */
  readonly settings: Settings;
  readonly session: TillSessionInfo;
  /** The store this till sells at (name, address, tax number, time zone) as far as the till knows it. */
  readonly location: TillLocation;
  readonly catalog: TillCatalog;
  readonly api: TillApi;
  /** The till's event log: append, read back, resolve; the sync engine sends it in order. */
  readonly events: TillEventLog;
  readonly slots: TillSlots;
  /** The till computer's printers and serial devices (the shell's, or the local hardware agent's). */
  readonly hardware: TillHardware;
  /** What a device said of itself (its model, its firmware), for the till's heartbeat to the devices service. */
  readonly peripherals: TillPeripherals;
  readonly receipts: TillReceipts;
  /** What the sale screen shows (the cart, the payment, the completed sale), for plugins to follow: a customer display. */
  readonly saleScreen: TillSaleScreen;
  /** The plugin's own collections in the till's local database (offline, encrypted where asked). */
  readonly collections: TillCollections;
  /** The plugin's own small state on this device (sealed at rest): an open cart, counters. */
  readonly device: TillDeviceState;
  /** A manager's approval, asked on the cashier's screen. */
  readonly approvals: TillApprovals;
  /** The plugin's part in the resolution queue of denied events. */
  readonly resolution: TillResolution;
}

export interface TillPlugin<Settings = Record<string, unknown>> {
  activate(context: TillPluginContext<Settings>): void | Promise<void>;
}

export function defineTillPlugin<Settings = Record<string, unknown>>(plugin: TillPlugin<Settings>): TillPlugin<Settings> {
  if (typeof plugin.activate !== 'function') throw new TypeError('defineTillPlugin needs an activate(context) function');
  return plugin;
}
