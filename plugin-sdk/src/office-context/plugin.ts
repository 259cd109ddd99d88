// Part of the office context ('@kits/plugin-sdk/office'): bundled into one module for the office (office/vite.config.ts).
import type { OfficeApi } from './api.ts';
import type { OfficeHardware } from './hardware.ts';
import type { OfficeSearch } from './search.ts';
import type { OfficeLocationChoice, OfficeSession } from './session.ts';
import type { OfficeSlots } from './slots.ts';

/** A short message at the corner of the screen: `saved`, `sent`, or what failed. */
export interface OfficeToasts {
  show(message: string, tone?: 'info' | 'success' | 'danger'): void;
}

/**
 * What a plugin's office entry gets (DESIGN §4). An office entry is an ES module served by the
 * kernel at /office/plugins/<id>/<version>/; its default export is `defineOfficePlugin({ activate })`.
 * It may import `preact`, `preact/hooks`, `preact/jsx-runtime`, `@kits/plugin-sdk/office`,
 * `@kits/plugin-sdk/money` and `@kits/ui-kit` (the office's own copies, through an import map)
 * and its own files; everything else it needs comes through this context.
 */
export interface OfficePluginContext<Settings = Record<string, unknown>> {
  readonly plugin: { readonly id: string; readonly version: string; readonly displayName: string };
  /** The tenant's settings of this plugin (never its secrets). */
  readonly settings: Settings;
  readonly session: OfficeSession;
  /** The location chosen in the office's switcher. */
  readonly location: OfficeLocationChoice;
  readonly api: OfficeApi;
  readonly slots: OfficeSlots;
  readonly search: OfficeSearch;
  readonly toasts: OfficeToasts;
  /** The printers this office computer reaches, through the local hardware agent (labels on a Zebra, …). */
  readonly hardware: OfficeHardware;
  /** Opens an office path: `/core-inventory/products/0193…` (another plugin's pages too). */
  navigate(path: string): void;
  /** The office path of one of this plugin's pages: `href('products/' + id)` → `/office/core-inventory/products/…`. */
  href(path: string): string;
}

export interface OfficePlugin<Settings = Record<string, unknown>> {
  activate(context: OfficePluginContext<Settings>): void | Promise<void>;
}

export function defineOfficePlugin<Settings = Record<string, unknown>>(plugin: OfficePlugin<Settings>): OfficePlugin<Settings> {
  if (typeof plugin.activate !== 'function') throw new TypeError('defineOfficePlugin needs an activate(context) function');
  return plugin;
}
