// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/** One plugin a till loads, as `GET /api/v1/till/plugins` lists it. */
export interface TillPluginListing {
  readonly id: string;
  readonly version: string;
  readonly displayName: string;
  /** URL of the entry module (an ES module whose default export is the plugin's `TillPlugin`). */
  readonly entry: string;
  /** Only the settings the manifest marks `"x-kits-till": true`: a till is no place for secrets. */
  readonly settings: Record<string, unknown>;
}
