import type { TillHardware } from '@kits/plugin-sdk/till';
import type { PeripheralKind, PeripheralStatus } from './peripheral-status.ts';

/**
 * The till's hardware, reporting the outcome of every job to `status`: a printer is known by the
 * address it is reached at. Bytes sent (tcpPrint, serialWrite) are a receipt printer's — the
 * receipt path is the one that prints plain jobs; a device asked for its status (tcpExchange, `~HS`)
 * is a label printer's (decision D-196).
 */
export function reportingHardware(hardware: TillHardware, status: PeripheralStatus): TillHardware {
  const watch = async <Result>(kind: PeripheralKind, name: string, job: () => Promise<Result>): Promise<Result> => {
    try {
      const result = await job();
      status.report(kind, name, { ok: true });
      return result;
    } catch (error) {
      status.report(kind, name, { ok: false, message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };
  return {
    available: () => hardware.available(),
    tcpPrint: (host, port, bytes) => watch('receipt-printer', `Printer at ${host}:${port}`, () => hardware.tcpPrint(host, port, bytes)),
    tcpExchange: (host, port, bytes, options) =>
      watch('label-printer', `Printer at ${host}:${port}`, () => hardware.tcpExchange(host, port, bytes, options)),
    serialWrite: (path, baudRate, bytes) =>
      watch('receipt-printer', `Printer at ${path}`, () => hardware.serialWrite(path, baudRate, bytes)),
    listSerialPorts: () => hardware.listSerialPorts(),
  };
}
