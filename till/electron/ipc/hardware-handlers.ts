import { KITS_CHANNELS, type BytesDelivered, type ExchangeOptions, type SerialPortListing } from '../bridge.ts';
import { handleChannel, type IpcHandlerRegistry } from './ipc-registry.ts';
import { noArguments, serialWriteRequest, tcpExchangeRequest, tcpPrintRequest } from './bridge-requests.ts';

/** The devices the shell drives for the till: `till/hardware/serial-port.ts`, `tcp-printer.ts` and `tcp-exchange.ts` in the app. */
export interface TillHardware {
  listSerialPorts(): Promise<SerialPortListing>;
  writeToSerialPort(port: { path: string; baudRate: number }, bytes: Uint8Array): Promise<BytesDelivered>;
  printOverTcp(printer: { host: string; port: number }, bytes: Uint8Array): Promise<BytesDelivered>;
  exchangeOverTcp(printer: { host: string; port: number }, bytes: Uint8Array, options: ExchangeOptions): Promise<Uint8Array>;
}

/** Registers the hardware channels: each call is validated, then handed to the device. */
export function registerHardwareHandlers(ipc: IpcHandlerRegistry, hardware: TillHardware): void {
  handleChannel(ipc, KITS_CHANNELS.listSerialPorts, (args) => {
    noArguments(KITS_CHANNELS.listSerialPorts, args);
    return hardware.listSerialPorts();
  });
  handleChannel(ipc, KITS_CHANNELS.serialWrite, (args) => {
    const { path, baudRate, bytes } = serialWriteRequest(args);
    return hardware.writeToSerialPort({ path, baudRate }, bytes);
  });
  handleChannel(ipc, KITS_CHANNELS.tcpPrint, (args) => {
    const { host, port, bytes } = tcpPrintRequest(args);
    return hardware.printOverTcp({ host, port }, bytes);
  });
  handleChannel(ipc, KITS_CHANNELS.tcpExchange, (args) => {
    const { host, port, bytes, options } = tcpExchangeRequest(args);
    return hardware.exchangeOverTcp({ host, port }, bytes, options);
  });
}
