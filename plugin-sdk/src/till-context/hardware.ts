// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

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

export { HardwareError, type HardwareBytesDelivered, type TcpExchangeOptions } from '../hardware.ts';
import { HardwareError, type HardwareBytesDelivered, type TcpExchangeOptions } from '../hardware.ts';

/** A device write that completed: every byte was handed to the device's connection. */
export type TillBytesDelivered = HardwareBytesDelivered;

/**
 * The till's name for `HardwareError` (the same class: `instanceof` either works), kept so plugins
 * written against it keep working. Its codes are `HardwareError`'s.
 */
export const TillHardwareError = HardwareError;
export type TillHardwareError = HardwareError;

/**
 * The till computer's devices: through the Electron shell when the till runs in it, otherwise
 * through the local hardware agent (a small program on the till's computer the browser page talks
 * to over a WebSocket; its address is set on the till's settings screen). Every call rejects with
 * a `HardwareError` (also exported as `TillHardwareError`). Limits: at most 1 MiB per write; `port`
 * 1–65535; `baudRate` one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400; each
 * write gives up after 10 s; an exchange reads at most 64 KiB back.
 */
export interface TillHardware {
  /** Whether this till reaches any hardware at all now (the shell, or an agent that answers). */
  available(): Promise<boolean>;
  /** Sends raw bytes (ESC/POS, ZPL…) to a network printer, e.g. `tcpPrint('192.168.1.50', 9100, bytes)`. */
  tcpPrint(host: string, port: number, bytes: Uint8Array): Promise<TillBytesDelivered>;
  /**
   * Sends bytes to a network device and answers what it sent back: reads until `answerLines` lines
   * (a line ends with LF; Zebra wraps each in STX…ETX and ends it CR LF) or the device goes quiet for
   * `idleMs` after answering, at most `timeoutMs` (default 3 s) and 64 KiB. A device that answers
   * nothing within the timeout rejects with `printer.no_answer`. E.g. a Zebra's host status:
   * `tcpExchange('192.168.1.60', 9100, new TextEncoder().encode('~HS'), { answerLines: 3 })`.
   */
  tcpExchange(host: string, port: number, bytes: Uint8Array, options?: TcpExchangeOptions): Promise<Uint8Array>;
  /** Writes raw bytes to a serial device, e.g. `serialWrite('/dev/ttyUSB0', 9600, bytes)`; resolves once sent. */
  serialWrite(path: string, baudRate: number, bytes: Uint8Array): Promise<TillBytesDelivered>;
  /** The serial ports this computer has; `notice` says when the list may be incomplete, and why. */
  listSerialPorts(): Promise<TillSerialPortListing>;
}

/** A card reader as a payments@2 provider names it in a pending payment's action (`action.readerDevice`). */
export type { PaymentReaderDevice } from '../payments/payment.ts';

/** The kinds of device a till drives besides itself: the devices service's kinds but `till`. */
export type TillPeripheralKind = 'receipt-printer' | 'label-printer' | 'card-reader' | 'scanner' | 'customer-display';

/** What a device said of itself when a plugin asked it: a printer's `GS I` answer, a reader's software version. */
export interface TillPeripheralIdentity {
  readonly kind: TillPeripheralKind;
  /**
   * Where the till reaches it, as the plugin gave it to `context.hardware`: `'host:port'` of a
   * network device (`'192.168.1.50:9100'`) or a serial path; a card reader's provider id (`tmr_…`).
   */
  readonly address: string;
  /** The model it names (`TM-T88VI`), at most 200 characters. */
  readonly model?: string;
  /** The firmware or software version it reports (`30.27 ESC/POS`), at most 100 characters. */
  readonly version?: string;
}

/**
 * The till's list of its printers and readers, which its heartbeat sends the devices service every
 * 30 s: the kernel registers each device the till reaches at its location (kind, model, address,
 * version) and shows it on the office's Devices page. The till records every job's outcome itself;
 * a plugin adds what only it can ask a device — its model and firmware.
 */
export interface TillPeripherals {
  /** Records what a device said of itself; the next heartbeat carries it. Never throws. */
  identified(identity: TillPeripheralIdentity): void;
}
