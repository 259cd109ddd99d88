// Part of the office context ('@kits/plugin-sdk/office'): bundled into one module for the office (office/vite.config.ts).

/** One plugin the office loads, as `GET /api/v1/office/plugins` lists it. */
export interface OfficePluginListing {
  readonly id: string;
  readonly version: string;
  readonly displayName: string;
  /** URL of the entry module (an ES module whose default export is the plugin's `OfficePlugin`). */
  readonly entry: string;
  /** The tenant's settings of this plugin, without its secrets. */
  readonly settings: Record<string, unknown>;
}
