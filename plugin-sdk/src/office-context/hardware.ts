// Part of the office context ('@kits/plugin-sdk/office'): bundled into one module for the office (office/vite.config.ts).
import type { HardwareBytesDelivered, TcpExchangeOptions } from '../hardware.ts';

export { HardwareError, type HardwareBytesDelivered, type TcpExchangeOptions } from '../hardware.ts';

/**
 * The printers this office computer reaches: a browser page cannot open a TCP connection, so the
 * office goes through the local hardware agent on this computer (`till/hardware-agent`), at the
 * address kept in this browser (Settings → Printers on this computer; default `ws://127.0.0.1:9181`).
 * Every call rejects with a `HardwareError` of the till's codes; when no agent answers, with
 * `hardware.agent_unreachable` and a message saying to start the agent with
 * `--allow-origin <this office's address>`. Limits are the till's: at most 1 MiB per write, `port`
 * 1–65535, an exchange reads at most 64 KiB back within its `timeoutMs` (default 3 s, at most 10 s).
 */
export interface OfficeHardware {
  /** Whether a hardware agent answers at this computer's address now. */
  available(): Promise<boolean>;
  /** Sends raw bytes (ZPL, ESC/POS…) to a network printer, e.g. `tcpPrint('192.168.1.60', 9100, zpl)`. */
  tcpPrint(host: string, port: number, bytes: Uint8Array): Promise<HardwareBytesDelivered>;
  /**
   * Sends bytes to a network device and answers what it sent back: reads until `answerLines` lines
   * (a line ends with LF; Zebra wraps each in STX…ETX and ends it CR LF) or the device goes quiet for
   * `idleMs` after answering, at most `timeoutMs` (default 3 s) and 64 KiB. A device that answers
   * nothing within the timeout rejects with `printer.no_answer`.
   */
  tcpExchange(host: string, port: number, bytes: Uint8Array, options?: TcpExchangeOptions): Promise<Uint8Array>;
}
