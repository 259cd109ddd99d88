import {
  TillHardwareError,
  type TcpExchangeOptions,
  type TillBytesDelivered,
  type TillHardware,
  type TillSerialPortListing,
} from '@kits/plugin-sdk/till';
import { agentHardware as agentCalls, type OpenAgentSocket } from '@kits/plugin-sdk/hardware-agent';

/**
 * Electron passes the renderer only the text of a main-process error, behind its own prefix
 * ("Error invoking remote method 'kits:hardware:tcp-print': DeviceError: The printer at …"): the
 * cashier gets the shell's message itself. The device's code comes back from it where the shell
 * names one (`printer.no_answer`); otherwise `hardware.failed`.
 */
function shellFailure(error: unknown): TillHardwareError {
  const text = (error instanceof Error ? error.message : String(error)).replace(/^Error invoking remote method '[^']*': /, '');
  const device = /^DeviceError \[([a-z_]+\.[a-z_]+)\]: /.exec(text);
  if (device) return new TillHardwareError(device[1]!, text.slice(device[0].length), { cause: error });
  return new TillHardwareError('hardware.failed', text.replace(/^(?:DeviceError|ShellError|Error): /, ''), { cause: error });
}

/** The hardware part of the Electron shell's bridge (`window.kitsTill`, typed in `electron/bridge.ts`). */
export interface ShellHardwareBridge {
  readonly hardware: {
    tcpPrint(host: string, port: number, bytes: Uint8Array): Promise<TillBytesDelivered>;
    tcpExchange(host: string, port: number, bytes: Uint8Array, options?: TcpExchangeOptions): Promise<Uint8Array>;
    serialWrite(path: string, baudRate: number, bytes: Uint8Array): Promise<TillBytesDelivered>;
    listSerialPorts(): Promise<TillSerialPortListing>;
  };
}

/** The hardware of the Electron shell the till runs in (`window.kitsTill`). */
export function shellHardware(shell: ShellHardwareBridge): TillHardware {
  const call = <Result>(action: () => Promise<Result>): Promise<Result> =>
    action().catch((error: unknown) => {
      throw shellFailure(error);
    });
  return {
    available: async () => true,
    tcpPrint: (host, port, bytes) => call(() => shell.hardware.tcpPrint(host, port, bytes)),
    tcpExchange: (host, port, bytes, options) =>
      call(() =>
        options === undefined ? shell.hardware.tcpExchange(host, port, bytes) : shell.hardware.tcpExchange(host, port, bytes, options),
      ),
    serialWrite: (path, baudRate, bytes) => call(() => shell.hardware.serialWrite(path, baudRate, bytes)),
    listSerialPorts: () => call(() => shell.hardware.listSerialPorts()),
  };
}

/**
 * The hardware of the local hardware agent at the address `agentUrl()` answers (asked at each
 * call: the settings screen may change it); an empty address means no agent.
 */
export function agentHardware(agentUrl: () => string, open?: OpenAgentSocket): TillHardware {
  return agentCalls({
    agentUrl,
    open,
    fail: (code, message) => new TillHardwareError(code, message),
    whenNoAddress:
      'This till reaches no printer or device: run it in the KiTS POS shell, or start the hardware agent on this computer and set its address in Settings.',
    whenUnreachable: 'start it on this computer (npm run --workspace till hardware-agent), or check its address in Settings.',
  });
}

/** The till's hardware: the Electron shell's when it runs in one, otherwise the local hardware agent's. */
export function tillHardware(shell: ShellHardwareBridge | undefined, agentUrl: () => string): TillHardware {
  return shell ? shellHardware(shell) : agentHardware(agentUrl);
}
