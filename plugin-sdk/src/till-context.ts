/**
 * What a plugin's till entry gets. The till (issue: Till) implements it; plugins compile against
 * these types now so their till side can be written and type-checked.
 */

/** Named places in the till UI where plugins contribute components. */
export type TillSlot =
  'checkout.tender' | 'checkout.cartLine' | 'checkout.actions' | 'receipt.footer' | 'stock.lookup' | 'menu' | 'settings';

/** A Preact component, typed loosely so the SDK does not depend on Preact. */
export type SlotComponent<Props = Record<string, unknown>> = (props: Props) => unknown;

/** One document of the till's generic store, keyed by plugin and type (RxDB allows few collections). */
export interface TillDocument<Data = Record<string, unknown>> {
  readonly id: string;
  readonly plugin: string;
  readonly type: string;
  readonly data: Data;
  readonly updatedAt: string;
}

export interface TillDocuments {
  get<Data>(type: string, id: string): Promise<TillDocument<Data> | undefined>;
  find<Data>(type: string, filter?: Partial<Data>): Promise<TillDocument<Data>[]>;
  /** Live query: calls `listener` with the current result and on every change; returns an unsubscribe. */
  watch<Data>(type: string, listener: (documents: TillDocument<Data>[]) => void): () => void;
}

export interface TillEventLog {
  /** Appends a till event (applied locally at once, pushed to the server in order). */
  append<Payload>(type: string, payload: Payload): Promise<{ readonly eventId: string }>;
}

export interface HardwareTransport {
  readonly kind: 'serial' | 'tcp' | 'usb';
  write(bytes: Uint8Array): Promise<void>;
  read?(): AsyncIterable<Uint8Array>;
}

export interface TillPluginContext<Settings = Record<string, unknown>> {
  readonly plugin: { readonly id: string; readonly version: string };
  readonly settings: Settings;
  readonly documents: TillDocuments;
  readonly events: TillEventLog;
  readonly slots: { contribute<Props>(slot: TillSlot, component: SlotComponent<Props>): void };
  readonly commands: { register(name: string, run: () => Promise<void> | void): void };
  readonly hardware: { open(address: string): Promise<HardwareTransport> };
}

export interface TillPlugin<Settings = Record<string, unknown>> {
  activate(context: TillPluginContext<Settings>): void | Promise<void>;
}

export function defineTillPlugin<Settings = Record<string, unknown>>(plugin: TillPlugin<Settings>): TillPlugin<Settings> {
  if (typeof plugin.activate !== 'function') throw new TypeError('defineTillPlugin needs an activate(context) function');
  return plugin;
}
