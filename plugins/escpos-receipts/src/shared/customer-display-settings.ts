/** The baud rates the manifest allows (the till's hardware takes the same). */
const SERIAL_BAUD_RATES: readonly number[] = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400];

/** Where the pole display is: a serial port of the till's computer and the speed it talks at. */
export interface CustomerDisplayConnection {
  readonly path: string;
  readonly baudRate: number;
}

/**
 * The display setting (`customerDisplay` in the manifest) as the till received it: a connection, or
 * undefined when none is set — the display is off by default. Anything malformed is treated as off.
 */
export function customerDisplayConnection(setting: unknown): CustomerDisplayConnection | undefined {
  if (typeof setting !== 'object' || setting === null) return undefined;
  const { path, baudRate } = setting as Record<string, unknown>;
  if (typeof path !== 'string' || path.length === 0 || typeof baudRate !== 'number' || !SERIAL_BAUD_RATES.includes(baudRate)) {
    return undefined;
  }
  return { path, baudRate };
}
