// What the till's hardware (`till-context/hardware.ts`) and the office's (`office-context/hardware.ts`) share.
// Each context re-exports it, and each is bundled into one module for its app, so this file imports nothing.

/**
 * A device, or the way to it, failed: the message says what went wrong and what to do (“The printer
 * at 192.168.1.50:9100 refused the connection: check the port …”), ready to show as it is. `code`
 * is stable: `hardware.not_available` (no shell and no hardware agent), `hardware.agent_unreachable`
 * (no agent answers at the address set; in the office the message says to start it with
 * `--allow-origin <this office's address>`), `hardware.agent_refused` (the agent does not serve
 * this page's address), `printer.connection_refused`, `printer.host_not_found`, `printer.unreachable`,
 * `printer.timeout`, `printer.connection_lost`, `printer.no_answer` (an exchange got no answer),
 * `serial.port_not_found`, `serial.permission_denied`, `serial.port_busy`, `serial.not_a_serial_port`,
 * `serial.timeout`, `serial.io_failed`, `hardware.invalid_request` (an argument broke the rules),
 * `hardware.failed` (anything else).
 */
export class HardwareError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HardwareError';
    this.code = code;
  }
}

/** A device write that completed: every byte was handed to the device's connection. */
export interface HardwareBytesDelivered {
  readonly bytesWritten: number;
}

/**
 * When `tcpExchange` has the whole answer. A line ends with LF (a Zebra wraps each in STX…ETX and
 * ends it CR LF). Limits: `answerLines` 1–1024, `idleMs` and `timeoutMs` 1–10000.
 */
export interface TcpExchangeOptions {
  /** Stop once this many lines have come (a Zebra `~HS` answers 3). */
  readonly answerLines?: number;
  /** Stop once the device has been quiet this long after it started answering (default 250 ms). */
  readonly idleMs?: number;
  /** The most the whole exchange may take (default 3000 ms); a device silent all along rejects with `printer.no_answer`. */
  readonly timeoutMs?: number;
}
