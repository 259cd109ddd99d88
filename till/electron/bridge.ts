/**
 * The contract between the till's renderer and the Electron main process: the IPC channels, what
 * each one takes and answers, and the `window.kitsTill` object the preload exposes. Main and
 * preload are both written against these types; main validates every argument at run time
 * (`ipc/bridge-requests.ts`), because the renderer is web content and may send anything.
 */
import type { BytesDelivered, ExchangeOptions, SerialPortListing } from '../hardware/devices.ts';

// The devices' answers and limits are the hardware's own (the local hardware agent shares them).
export {
  MAX_DEVICE_WRITE_BYTES,
  SERIAL_BAUD_RATES,
  type BytesDelivered,
  type ExchangeOptions,
  type SerialPortListing,
  type SerialPortSummary,
} from '../hardware/devices.ts';

/** The IPC channels of the bridge. Nothing else is handled in main, nothing else is exposed. */
export const KITS_CHANNELS = {
  appInfo: 'kits:app:info',
  listSerialPorts: 'kits:hardware:list-serial-ports',
  serialWrite: 'kits:hardware:serial-write',
  tcpPrint: 'kits:hardware:tcp-print',
  tcpExchange: 'kits:hardware:tcp-exchange',
  vaultSeal: 'kits:vault:seal',
  vaultUnseal: 'kits:vault:unseal',
} as const;

export type KitsChannel = (typeof KITS_CHANNELS)[keyof typeof KITS_CHANNELS];

/** The longest text the vault seals: the till's database key is 64 hex characters. */
export const MAX_VAULT_TEXT_LENGTH = 64 * 1024;

/** The shell the till runs in, for the status screen and support. */
export interface TillShellInfo {
  readonly shellVersion: string;
  readonly electronVersion: string;
  readonly chromeVersion: string;
  readonly nodeVersion: string;
  readonly platform: string;
  readonly arch: string;
}

/** Each channel's arguments (as `ipcRenderer.invoke` sends them) and its answer. */
export interface KitsChannelContract {
  [KITS_CHANNELS.appInfo]: { request: []; response: TillShellInfo };
  [KITS_CHANNELS.listSerialPorts]: { request: []; response: SerialPortListing };
  [KITS_CHANNELS.serialWrite]: { request: [path: string, baudRate: number, bytes: Uint8Array]; response: BytesDelivered };
  [KITS_CHANNELS.tcpPrint]: { request: [host: string, port: number, bytes: Uint8Array]; response: BytesDelivered };
  [KITS_CHANNELS.tcpExchange]: {
    request: [host: string, port: number, bytes: Uint8Array, options?: ExchangeOptions];
    response: Uint8Array;
  };
  [KITS_CHANNELS.vaultSeal]: { request: [text: string]; response: string };
  [KITS_CHANNELS.vaultUnseal]: { request: [sealedBase64: string]; response: string };
}

export type KitsChannelRequest<C extends KitsChannel> = KitsChannelContract[C]['request'];
export type KitsChannelResponse<C extends KitsChannel> = KitsChannelContract[C]['response'];

/**
 * What the renderer sees as `window.kitsTill` in the Electron shell (absent in a browser till).
 * Every method answers a promise; a refused or failed call rejects with a message saying what was
 * wrong and what to do.
 */
export interface KitsTillBridge {
  info(): Promise<TillShellInfo>;
  readonly hardware: {
    listSerialPorts(): Promise<SerialPortListing>;
    /** Writes raw bytes (ESC/POS) to a serial device, e.g. `serialWrite('/dev/ttyUSB0', 9600, bytes)`. */
    serialWrite(path: string, baudRate: number, bytes: Uint8Array): Promise<BytesDelivered>;
    /** Sends raw bytes (ESC/POS) to a network printer, e.g. `tcpPrint('192.168.1.50', 9100, bytes)`. */
    tcpPrint(host: string, port: number, bytes: Uint8Array): Promise<BytesDelivered>;
    /** Sends bytes to a network device and answers what it sent back, e.g. a Zebra's `~HS` host status. */
    tcpExchange(host: string, port: number, bytes: Uint8Array, options?: ExchangeOptions): Promise<Uint8Array>;
  };
  /** Seals text with the operating system's keychain (Electron `safeStorage`), for the database key. */
  readonly vault: {
    seal(text: string): Promise<string>;
    unseal(sealedBase64: string): Promise<string>;
  };
}

declare global {
  interface Window {
    readonly kitsTill?: KitsTillBridge;
  }
}
