/**
 * What a plugin's till entry gets (DESIGN §4). A till entry is an ES module served by the kernel
 * at /till/plugins/<id>/<version>/; its default export is `defineTillPlugin({ activate })`. It may
 * import `preact`, `preact/hooks` and `preact/jsx-runtime` (the till's own copy, through an import
 * map) and its own files; everything else it needs comes through this context.
 */

/** Named places in the till UI where plugins contribute components. */
export type TillSlot = 'checkout.tender' | 'checkout.cartLine' | 'checkout.actions' | 'receipt.footer' | 'menu' | 'settings';

/** A Preact component, typed loosely so the SDK does not depend on Preact. */
export type SlotComponent<Props = Record<string, unknown>> = (props: Props) => unknown;

/** A tender a plugin takes (a card through a terminal, a voucher): its method, amount and reference. */
export interface SlotTender {
  readonly method: string;
  /** Minor units. */
  readonly amount: number;
  /** What the provider returned (a payment or terminal reference). */
  readonly token?: string;
}

/** What each slot's components are given. */
export interface TillSlotProps {
  /** A way to pay on the tender screen: `pay` adds the tender; the sale completes once it is covered. */
  'checkout.tender': { readonly due: number; readonly currency: string; pay(tender: SlotTender): void };
  /** Under each line of the cart. */
  'checkout.cartLine': {
    readonly line: { readonly variantId: string; readonly name: string; readonly sku: string; readonly quantity: number };
  };
  /** Beside the checkout's own actions, while the cart is open. */
  'checkout.actions': { readonly lines: number };
  /** At the foot of the receipt on screen. */
  'receipt.footer': {
    readonly receipt: { readonly saleId: string; readonly receiptNumber: number; readonly total: number; readonly currency: string };
  };
  /** A screen of the till's menu. */
  menu: Record<string, never>;
  /** A panel of the settings screen. */
  settings: Record<string, never>;
}

export interface SlotOptions {
  /** What a person sees for it: the menu entry of a `menu` screen (required there), a tab title. */
  readonly title?: string;
  /** Lower comes first among contributions to one slot (default 100). */
  readonly order?: number;
  /** A key that opens it without the mouse (`F6`), for `menu` screens. */
  readonly shortcut?: string;
}

/** A variant as the till sells it, replicated from the `inventory@1` provider's `catalog` source. */
export interface TillVariant {
  id: string;
  productId: string;
  name: string;
  sku: string;
  options: Record<string, string>;
  unit: string;
  taxClass: string;
  tracking: string;
  categoryId: string | null;
  barcodes: string[];
  prices: Array<{ currency: string; amount: number; locationId: string | null }>;
}

/** Stock of a variant at the till's location (`id` is the variant id), replicated from `stock`. */
export interface TillStockLevel {
  id: string;
  locationId: string;
  onHand: number;
  reserved: number;
  available: number;
}

/** The till's local catalogue and stock: answers offline. */
export interface TillCatalog {
  /** The variant a barcode or SKU means, exactly. */
  lookup(code: string): Promise<TillVariant | undefined>;
  /** Variants whose name contains the text (any case), by name. */
  search(text: string, limit?: number): Promise<TillVariant[]>;
  /** Calls `listener` with the stock here now and whenever it moves; returns an unsubscribe. */
  watchStock(variantId: string, listener: (level: TillStockLevel | undefined) => void): () => void;
}

/** Who sells where: the signed-in cashier on this device. */
export interface TillSessionInfo {
  readonly deviceId: string;
  readonly locationId: string;
  readonly cashierId: string;
  readonly permissions: readonly string[];
}

/** The network could not answer: the till is offline (or the kernel is down). */
export class TillOfflineError extends Error {
  constructor(message = 'The server cannot be reached: this needs the network.') {
    super(message);
    this.name = 'TillOfflineError';
  }
}

/** The kernel's HTTP API as the signed-in cashier. Paths start with `/api/v1/`. */
export interface TillApi {
  /** The JSON answer; throws `TillOfflineError` without network, an Error with the problem's detail on 4xx/5xx. */
  get<Result>(path: string): Promise<Result>;
  post<Result>(path: string, body: unknown): Promise<Result>;
}

export interface TillEventLog {
  /** Appends a till event (kept on the device at once, pushed to the server in order). */
  append<Payload>(type: string, payload: Payload): Promise<{ readonly eventId: string }>;
}

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

export interface TillPluginContext<Settings = Record<string, unknown>> {
  readonly plugin: { readonly id: string; readonly version: string };
  /** The tenant's settings of this plugin that its manifest marks `"x-kits-till": true`. */
  readonly settings: Settings;
  readonly session: TillSessionInfo;
  readonly catalog: TillCatalog;
  readonly api: TillApi;
  readonly events: TillEventLog;
  readonly slots: {
    contribute<Slot extends TillSlot>(slot: Slot, component: SlotComponent<TillSlotProps[Slot]>, options?: SlotOptions): void;
  };
}

export interface TillPlugin<Settings = Record<string, unknown>> {
  activate(context: TillPluginContext<Settings>): void | Promise<void>;
}

export function defineTillPlugin<Settings = Record<string, unknown>>(plugin: TillPlugin<Settings>): TillPlugin<Settings> {
  if (typeof plugin.activate !== 'function') throw new TypeError('defineTillPlugin needs an activate(context) function');
  return plugin;
}
