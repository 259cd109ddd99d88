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
