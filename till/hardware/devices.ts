/**
 * The devices a till drives — receipt printers on the network or a serial line, cash drawers and
 * displays behind them — as the Electron shell and the local hardware agent both take them: the
 * answers, and the limits every request is held to.
 */

/** The most bytes one print or serial write may carry: a long receipt with a logo is far less. */
export const MAX_DEVICE_WRITE_BYTES = 1024 * 1024;

/** The baud rates a serial device may be opened at (receipt printers use 9600–115200). */
export const SERIAL_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400] as const;

/** A serial port the operating system reports. `path` is what a serial write takes. */
export interface SerialPortSummary {
  readonly path: string;
  readonly manufacturer?: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

/**
 * The serial ports found, and — when the list may be incomplete — a notice for the person setting
 * up devices saying why and what to do (on Linux without udev the ports come from `/dev` alone).
 */
export interface SerialPortListing {
  readonly ports: readonly SerialPortSummary[];
  readonly notice?: string;
}

/** A device write that completed: every byte was handed to the device's connection. */
export interface BytesDelivered {
  readonly bytesWritten: number;
}

/** The most an exchange reads back: a status answer is a few dozen bytes, a configuration dump a few KiB. */
export const MAX_DEVICE_ANSWER_BYTES = 64 * 1024;

/** How long an exchange waits for the whole answer unless told otherwise, and the longest it may be told. */
export const DEFAULT_EXCHANGE_TIMEOUT_MS = 3_000;
export const MAX_EXCHANGE_TIMEOUT_MS = 10_000;

/** How long a device may go quiet after it started answering before the answer is taken as complete. */
export const DEFAULT_EXCHANGE_IDLE_MS = 250;

/** The most lines an exchange may wait for. */
export const MAX_EXCHANGE_ANSWER_LINES = 1024;

/** When an exchange has the whole answer: `answerLines` lines (LF-ended), `idleMs` of quiet after answering, or `timeoutMs`. */
export interface ExchangeOptions {
  readonly answerLines?: number;
  readonly idleMs?: number;
  readonly timeoutMs?: number;
}
