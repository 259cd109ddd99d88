import { createConnection } from 'node:net';
import type { BytesDelivered } from './devices.ts';
import { DeviceError } from './device-error.ts';

/** A network receipt printer taking raw bytes (ESC/POS) on a TCP port, usually 9100. */
export interface TcpPrinterAddress {
  readonly host: string;
  readonly port: number;
}

export interface TcpPrintOptions {
  /** How long connecting and sending every byte may take together, in milliseconds. */
  readonly timeoutMs?: number;
}

export const DEFAULT_TCP_PRINT_TIMEOUT_MS = 10_000;

type PrintPhase = 'connecting' | 'sending';

/** A connection failure as the `printer.*` error the cashier is shown (shared with `tcp-exchange.ts`). */
export function printerFailure(error: NodeJS.ErrnoException, printer: TcpPrinterAddress, phase: PrintPhase): DeviceError {
  const where = `${printer.host}:${printer.port}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new DeviceError(
        'printer.connection_refused',
        `The printer at ${where} refused the connection: check the port (raw printing is usually 9100) and that the printer is ready.`,
        { cause: error },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DeviceError(
        'printer.host_not_found',
        `No printer named "${printer.host}" was found on the network: check the name, or use the printer's IP address.`,
        { cause: error },
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DeviceError(
        'printer.unreachable',
        `The printer at ${where} cannot be reached from this till: check that both are on the same network.`,
        { cause: error },
      );
    default:
      return new DeviceError(
        'printer.connection_lost',
        `The connection to the printer at ${where} failed while ${phase} (${error.code ?? error.message}): check the printer and print again.`,
        { cause: error },
      );
  }
}

function printerTimeout(printer: TcpPrinterAddress, phase: PrintPhase, timeoutMs: number): DeviceError {
  const where = `${printer.host}:${printer.port}`;
  return phase === 'connecting'
    ? new DeviceError(
        'printer.timeout',
        `The printer at ${where} did not answer within ${timeoutMs} ms: check that it is switched on, on the network, and that the address is right.`,
      )
    : new DeviceError(
        'printer.timeout',
        `The printer at ${where} stopped taking data (not all was sent within ${timeoutMs} ms): check it for a paper jam, an open cover or an error light.`,
      );
}

/**
 * Sends `bytes` to a network printer and closes the connection. Resolves once every byte is handed
 * to the connection (TCP delivers them in order); rejects with a `printer.*` error on refusal,
 * an unknown host, or when connecting and sending take longer than the timeout.
 */
export function printOverTcp(printer: TcpPrinterAddress, bytes: Uint8Array, options: TcpPrintOptions = {}): Promise<BytesDelivered> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TCP_PRINT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let phase: PrintPhase = 'connecting';
    const socket = createConnection({ host: printer.host, port: printer.port });
    const fail = (error: DeviceError): void => {
      clearTimeout(deadline);
      socket.destroy();
      reject(error);
    };
    const deadline = setTimeout(() => fail(printerTimeout(printer, phase, timeoutMs)), timeoutMs);

    socket.on('error', (error: NodeJS.ErrnoException) => fail(printerFailure(error, printer, phase)));
    socket.on('connect', () => {
      phase = 'sending';
      socket.end(bytes, () => {
        clearTimeout(deadline);
        resolve({ bytesWritten: bytes.byteLength });
        // The printer closes its side once it has read everything; one that never does is let go.
        socket.setTimeout(timeoutMs, () => socket.destroy());
      });
    });
    // Some printers answer status bytes: read and drop them, so an unread answer cannot reset the connection.
    socket.resume();
  });
}
