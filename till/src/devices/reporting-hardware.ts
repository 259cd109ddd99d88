import type { TillHardware } from '@kits/plugin-sdk/till';
import { deviceAt, type PeripheralKind, type PeripheralStatus } from './peripheral-status.ts';

/**
 * The till's hardware, reporting the outcome of every job to `status`, each device known by the
 * address it is reached at (the kernel registers it by that address, D-224). Bytes sent (tcpPrint,
 * serialWrite) are a receipt printer's — the receipt path is the one that prints plain jobs; a device
 * asked for an answer (tcpExchange: a Zebra's `~HS`) is a label printer's, unless the till already
 * prints receipts to that address (an ESC/POS printer asked its `GS I` identity) (decision D-196).
 */
export function reportingHardware(hardware: TillHardware, status: PeripheralStatus): TillHardware {
  const watch = async <Result>(
    kind: PeripheralKind,
    address: string,
    job: () => Promise<Result>,
    failureCounts: (error: unknown) => boolean = () => true,
  ): Promise<Result> => {
    try {
      const result = await job();
      status.report(kind, deviceAt(address), { ok: true }, new Date(), address);
      return result;
    } catch (error) {
      if (failureCounts(error))
        status.report(
          kind,
          deviceAt(address),
          { ok: false, message: error instanceof Error ? error.message : String(error) },
          new Date(),
          address,
        );
      throw error;
    }
  };
  return {
    available: () => hardware.available(),
    tcpPrint: (host, port, bytes) => watch('receipt-printer', `${host}:${port}`, () => hardware.tcpPrint(host, port, bytes)),
    tcpExchange: (host, port, bytes, options) => {
      const address = `${host}:${port}`;
      const kind = status.kindAt(address) ?? 'label-printer';
      // A receipt printer that took the connection but does not answer a question (no GS I) still prints.
      const failureCounts = (error: unknown) => kind !== 'receipt-printer' || (error as { code?: string }).code !== 'printer.no_answer';
      return watch(kind, address, () => hardware.tcpExchange(host, port, bytes, options), failureCounts);
    },
    serialWrite: (path, baudRate, bytes) => watch('receipt-printer', path, () => hardware.serialWrite(path, baudRate, bytes)),
    listSerialPorts: () => hardware.listSerialPorts(),
  };
}
