/**
 * What a plugin's till entry gets (DESIGN §4). A till entry is an ES module served by the kernel
 * at /till/plugins/<id>/<version>/; its default export is `defineTillPlugin({ activate })`. It may
 * import `preact`, `preact/hooks` and `preact/jsx-runtime` (the till's own copy, through an import
 * map) and its own files; everything else it needs comes through this context.
 */

// This module is served to the till as one file (till/vite.config.ts): it imports nothing.

/**
 * Sent by a till in place of an event it can never push (bigger than the kernel's body limit on
 * its own), so the device's sequence goes on: the kernel answers it `denied` (`sync.event_withheld`)
 * and applies nothing. Its payload names the event's real type and size.
 */
export const WITHHELD_TILL_EVENT = 'sync.event.withheld';

/** The payload of a `sync.event.withheld` event. */
export interface WithheldTillEvent {
  /** The type of the event that was withheld (`sales.sale.completed`). */
  readonly type: string;
  /** Its size in a push body, in bytes. */
  readonly bytes: number;
  /** The body limit the kernel gave when it refused it, when it gave one. */
  readonly limitBytes?: number;
}

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

/** A serial port the till's computer has: `path` is what `serialWrite` takes. */
export interface TillSerialPort {
  readonly path: string;
  readonly manufacturer?: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

/**
 * The serial ports a till computer reports. Without udev (a minimal Linux kiosk image) the ports
 * come from `/dev` alone, without maker or serial number, and `notice` says so and what to install.
 */
export interface TillSerialPortListing {
  readonly ports: readonly TillSerialPort[];
  readonly notice?: string;
}

/** A device write that completed: every byte was handed to the device's connection. */
export interface TillBytesDelivered {
  readonly bytesWritten: number;
}

/**
 * A device could not be reached or refused: the message says what went wrong and what to do
 * (“The printer at 192.168.1.50:9100 refused the connection: check the port …”), ready to show
 * the cashier as it is. `code` is stable: `hardware.not_available` (no shell and no hardware agent
 * on this till), `hardware.agent_unreachable`, `hardware.agent_refused` (the agent does not serve
 * this till's address), `printer.connection_refused`, `printer.host_not_found`,
 * `printer.unreachable`, `printer.timeout`, `printer.connection_lost`, `serial.port_not_found`,
 * `serial.permission_denied`, `serial.port_busy`, `serial.not_a_serial_port`, `serial.timeout`,
 * `serial.io_failed`, `hardware.invalid_request` (an argument broke the rules below),
 * `hardware.failed` (anything else).
 */
export class TillHardwareError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TillHardwareError';
    this.code = code;
  }
}

/**
 * The till computer's devices: through the Electron shell when the till runs in it, otherwise
 * through the local hardware agent (a small program on the till's computer the browser page talks
 * to over a WebSocket; its address is set on the till's settings screen). Every call rejects with
 * a `TillHardwareError`. Limits: at most 1 MiB per write; `port` 1–65535; `baudRate` one of 1200,
 * 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400; each write gives up after 10 s.
 */
export interface TillHardware {
  /** Whether this till reaches any hardware at all now (the shell, or an agent that answers). */
  available(): Promise<boolean>;
  /** Sends raw bytes (ESC/POS, ZPL…) to a network printer, e.g. `tcpPrint('192.168.1.50', 9100, bytes)`. */
  tcpPrint(host: string, port: number, bytes: Uint8Array): Promise<TillBytesDelivered>;
  /** Writes raw bytes to a serial device, e.g. `serialWrite('/dev/ttyUSB0', 9600, bytes)`; resolves once sent. */
  serialWrite(path: string, baudRate: number, bytes: Uint8Array): Promise<TillBytesDelivered>;
  /** The serial ports this computer has; `notice` says when the list may be incomplete, and why. */
  listSerialPorts(): Promise<TillSerialPortListing>;
}

/**
 * One tax rate on a receipt: 2000 basis points = 20 %. What a fiscal receipt lists per rate: the
 * amount taxed at it (`net`, after discounts), the tax, and both together. A line with two rates
 * (a state and a city sales tax) counts its net under each.
 */
export interface TillReceiptTax {
  readonly name: string;
  readonly basisPoints: number;
  /** Minor units: what was taxed at this rate, without tax. */
  readonly net: number;
  /** Minor units: the tax of the whole sale at this rate. */
  readonly amount: number;
  /** net + amount. */
  readonly gross: number;
}

/** One line of a receipt. Amounts in minor units of the receipt's currency. */
export interface TillReceiptLine {
  readonly name: string;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
  /** The line's own discounts (promotions and a discount given on the line); 0 when none. */
  readonly discount: number;
  /** quantity × unit price − the line's discount: what the line comes to before the sale's discount. */
  readonly total: number;
  /** The rates the line is taxed at (none: untaxed), so a receipt can mark each line with its rate. */
  readonly taxRates: ReadonlyArray<{ readonly name: string; readonly basisPoints: number }>;
}

/**
 * A receipt as the till prints it: everything a printed receipt shows, in plain data. Amounts are
 * integer minor units of `currency` (1250 = €12.50); `pricesIncludeTax` says whether the taxes are
 * inside the total (“incl. VAT”) or were added to it.
 */
export interface TillReceipt {
  /** `sale`, or `return` for goods taken back (its amounts are what goes back to the customer). */
  readonly kind: 'sale' | 'return';
  readonly saleId: string;
  /** The till's own receipt number (numbered per device, offline too). */
  readonly receiptNumber: number;
  /** For a return, the receipt the goods were bought on. */
  readonly returnOf?: { readonly receiptNumber: number };
  readonly device: { readonly id: string; readonly name?: string };
  /** When the sale completed, ISO 8601 UTC; print it in `location.timezone`. */
  readonly completedAt: string;
  /**
   * The store the till sells at, as far as the till knows it (it learns it online and keeps it):
   * its name, its address a line each, its VAT or tax number, and the IANA time zone the receipt
   * tells the time in (the store's, or the tenant's).
   */
  readonly location: {
    readonly id: string;
    readonly name?: string;
    readonly addressLines?: readonly string[];
    readonly taxId?: string;
    readonly timezone?: string;
  };
  readonly cashier: { readonly id: string; readonly name: string };
  readonly currency: string;
  readonly pricesIncludeTax: boolean;
  readonly lines: readonly TillReceiptLine[];
  /** Σ line totals. */
  readonly subtotal: number;
  /** The discount given on the whole sale; 0 when none. */
  readonly cartDiscount: number;
  readonly taxes: readonly TillReceiptTax[];
  /** What the customer paid (after cash rounding). */
  readonly total: number;
  /** Cash rounding applied to the total (positive or negative); 0 when none. */
  readonly rounding: number;
  readonly tenders: ReadonlyArray<{ readonly method: string; readonly amount: number }>;
  readonly change: number;
  /** True when this receipt was printed before: a copy, not the customer's first receipt. */
  readonly reprint: boolean;
}

/**
 * When a receipt's sale completed, as receipts print it: `2026-11-26 15:03` in the store's time
 * zone (`location.timezone`; the till's own zone when it is not known).
 */
export function receiptTime(receipt: Pick<TillReceipt, 'completedAt' | 'location'>): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: receipt.location.timezone });
  } catch {
    // A zone this runtime does not know (an older browser): the till's own clock.
    format = new Intl.DateTimeFormat('en-GB', options);
  }
  const parts = format.formatToParts(new Date(receipt.completedAt));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/**
 * A receipt printer a plugin offers the till. The cashier picks one on the settings screen; the
 * till calls `print` after each sale (when set to print every receipt) or when asked. Rejecting
 * with an Error whose message says what to do is the way to fail: the till shows it and the sale
 * stays done.
 */
export interface ReceiptPrinter {
  /** What the cashier sees in the settings (“Front counter printer (ESC/POS)”); unique within the plugin. */
  readonly name: string;
  print(receipt: TillReceipt): Promise<void>;
  /** Opens the cash drawer wired to this printer, when it has one. */
  openCashDrawer?(): Promise<void>;
}

/**
 * The schema of a plugin's own documents on the till (RxDB's JSON Schema rules): every document
 * has a string `id`; `properties` are the other top-level fields. Raise `version` whenever the
 * schema changes, with a migration from the version before (tills in shops hold old documents).
 */
export interface TillCollectionSchema {
  readonly version: number;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly required?: readonly string[];
  /** Fields (or field lists) queried or sorted by; each must be a string with `maxLength`, or a number with bounds. */
  readonly indexes?: ReadonlyArray<string | readonly string[]>;
  /** Top-level fields kept encrypted at rest: personal data (they cannot be queried). */
  readonly encrypted?: readonly string[];
}

export interface TillCollectionOptions {
  /** For each version above 0, how a document of the version before becomes one of it (null drops it). */
  readonly migrations?: Readonly<Record<number, (previous: Record<string, unknown>) => Record<string, unknown> | null>>;
  /**
   * Fill the collection from one of the plugin's own sync sources on the server (`sync.source(name, …)`
   * in its server entry): pulled in checkpointed pages, and again whenever the server publishes one
   * of `changedBy` (the source's own list). Documents the source says are deleted are removed.
   */
  readonly pull?: { readonly source: string; readonly changedBy: readonly string[] };
}

/** A plugin's own collection in the till's database: answers offline, kept across restarts. */
export interface TillCollection<Doc extends { id: string }> {
  get(id: string): Promise<Doc | undefined>;
  /** Documents matching a Mango selector (`{ status: 'open' }`, `{ total: { $gt: 100 } }`), optionally sorted and limited. */
  find(query?: {
    readonly selector?: Readonly<Record<string, unknown>>;
    readonly sort?: ReadonlyArray<Readonly<Record<string, 'asc' | 'desc'>>>;
    readonly limit?: number;
  }): Promise<Doc[]>;
  upsert(doc: Doc): Promise<void>;
  remove(id: string): Promise<void>;
  /** Calls `listener` with the matching documents now and after every change; returns an unsubscribe. */
  watch(selector: Readonly<Record<string, unknown>>, listener: (docs: Doc[]) => void): () => void;
}

export interface TillCollections {
  /**
   * Opens one of the plugin's collections (created on first use; the same one when opened again).
   * `name`: lower-case letters and digits, starting with a letter. Names are the plugin's own: two
   * plugins never share a collection.
   */
  open<Doc extends { id: string }>(
    name: string,
    schema: TillCollectionSchema,
    options?: TillCollectionOptions,
  ): Promise<TillCollection<Doc>>;
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
  /** The till computer's printers and serial devices (the shell's, or the local hardware agent's). */
  readonly hardware: TillHardware;
  readonly receipts: {
    /** Offers a receipt printer: the cashier may choose it on the settings screen. */
    addPrinter(printer: ReceiptPrinter): void;
  };
  /** The plugin's own collections in the till's local database (offline, encrypted where asked). */
  readonly collections: TillCollections;
}

export interface TillPlugin<Settings = Record<string, unknown>> {
  activate(context: TillPluginContext<Settings>): void | Promise<void>;
}

export function defineTillPlugin<Settings = Record<string, unknown>>(plugin: TillPlugin<Settings>): TillPlugin<Settings> {
  if (typeof plugin.activate !== 'function') throw new TypeError('defineTillPlugin needs an activate(context) function');
  return plugin;
}
