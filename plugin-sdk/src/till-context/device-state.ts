// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/**
 * A plugin's own small state on this device (an open cart, the open shift, a counter), kept across
 * restarts and sealed at rest with the device's key. Keys are the plugin's own: two plugins never
 * share one. Values are JSON. For many documents, or documents to query, open a collection instead.
 */
export interface TillDeviceState {
  get<Value>(key: string): Promise<Value | undefined>;
  /** Sets the value (`undefined` removes it). */
  set(key: string, value: unknown): Promise<void>;
  /** Takes the next value of a counter (1, 2, 3 …): atomic, per device, offline too (receipt numbers). */
  next(counter: string): Promise<number>;
}
