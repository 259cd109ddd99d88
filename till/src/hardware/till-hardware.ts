import { TillHardwareError, type TillBytesDelivered, type TillHardware, type TillSerialPortListing } from '@kits/plugin-sdk/till';
import { HardwareAgentClient, type OpenAgentSocket } from './agent-client.ts';
import type { AgentHello } from './agent-protocol.ts';

/** How long `available()` waits for the agent to say hello. */
const HELLO_TIMEOUT_MS = 3_000;

const toBase64 = (bytes: Uint8Array): string => {
  let text = '';
  // In slices: String.fromCharCode takes a bounded number of arguments.
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};

/**
 * Electron passes the renderer only the text of a main-process error, behind its own prefix
 * ("Error invoking remote method 'kits:hardware:tcp-print': DeviceError: The printer at …"): the
 * cashier gets the shell's message itself.
 */
function shellFailure(error: unknown): TillHardwareError {
  const text = error instanceof Error ? error.message : String(error);
  const message = text.replace(/^Error invoking remote method '[^']*': /, '').replace(/^(?:DeviceError|ShellError|Error): /, '');
  return new TillHardwareError('hardware.failed', message, { cause: error });
}

/** The hardware part of the Electron shell's bridge (`window.kitsTill`, typed in `electron/bridge.ts`). */
export interface ShellHardwareBridge {
  readonly hardware: {
    tcpPrint(host: string, port: number, bytes: Uint8Array): Promise<TillBytesDelivered>;
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
    serialWrite: (path, baudRate, bytes) => call(() => shell.hardware.serialWrite(path, baudRate, bytes)),
    listSerialPorts: () => call(() => shell.hardware.listSerialPorts()),
  };
}

/**
 * The hardware of the local hardware agent at the address `agentUrl()` answers (asked at each
 * call: the settings screen may change it); an empty address means no agent.
 */
export function agentHardware(agentUrl: () => string, open?: OpenAgentSocket): TillHardware {
  let client: HardwareAgentClient | undefined;
  const agent = (): HardwareAgentClient => {
    const url = agentUrl().trim();
    if (!url) {
      throw new TillHardwareError(
        'hardware.not_available',
        'This till reaches no printer or device: run it in the KiTS POS shell, or start the hardware agent on this computer and set its address in Settings.',
      );
    }
    if (client?.url !== url) {
      client?.close();
      client = new HardwareAgentClient(url, open);
    }
    return client;
  };
  return {
    async available() {
      try {
        const hello = await agent().request<AgentHello>({ op: 'hello' }, HELLO_TIMEOUT_MS);
        return hello.agent === 'kits-hardware-agent';
      } catch {
        return false;
      }
    },
    tcpPrint: async (host, port, bytes) => agent().request<TillBytesDelivered>({ op: 'tcpPrint', host, port, bytes: toBase64(bytes) }),
    serialWrite: async (path, baudRate, bytes) =>
      agent().request<TillBytesDelivered>({ op: 'serialWrite', path, baudRate, bytes: toBase64(bytes) }),
    listSerialPorts: async () => agent().request<TillSerialPortListing>({ op: 'listSerialPorts' }),
  };
}

/** The till's hardware: the Electron shell's when it runs in one, otherwise the local hardware agent's. */
export function tillHardware(shell: ShellHardwareBridge | undefined, agentUrl: () => string): TillHardware {
  return shell ? shellHardware(shell) : agentHardware(agentUrl);
}
