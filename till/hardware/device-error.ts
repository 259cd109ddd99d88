/** What went wrong with a device, as a stable code the till (and its logs) can branch on. */
export type DeviceErrorCode =
  | 'printer.connection_refused'
  | 'printer.host_not_found'
  | 'printer.unreachable'
  | 'printer.timeout'
  | 'printer.connection_lost'
  | 'printer.no_answer'
  | 'serial.port_not_found'
  | 'serial.permission_denied'
  | 'serial.port_busy'
  | 'serial.not_a_serial_port'
  | 'serial.timeout'
  | 'serial.io_failed'
  | 'serial.list_failed';

/**
 * A printer or serial device failed. The message reaches the cashier (through the shell's bridge
 * or the hardware agent), so it says what went wrong and what to do.
 */
export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  readonly code: DeviceErrorCode;

  constructor(code: DeviceErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }

  /**
   * `DeviceError [printer.no_answer]: The printer at …`: Electron hands the renderer only this text
   * of a main-process error, so the code travels in it (`till/src/hardware/till-hardware.ts` reads it back).
   */
  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}
