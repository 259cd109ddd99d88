import type { HardwareBytesDelivered, TcpExchangeOptions } from '../hardware.ts';
import type { TillSerialPortListing } from '../till-context/hardware.ts';
import { HardwareAgentClient, type HardwareFailure, type OpenAgentSocket } from './agent-client.ts';
import type { AgentExchangeAnswer, AgentHello } from './agent-protocol.ts';

/** How long `available()` waits for the agent to say hello. */
const HELLO_TIMEOUT_MS = 3_000;

export const bytesToBase64 = (bytes: Uint8Array): string => {
  let text = '';
  // In slices: String.fromCharCode takes a bounded number of arguments.
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};

export const base64ToBytes = (text: string): Uint8Array => Uint8Array.from(atob(text), (character) => character.charCodeAt(0));

/** Every call the agent answers, as a page uses them: what the till's hardware and the office's are made of. */
export interface AgentHardware {
  available(): Promise<boolean>;
  tcpPrint(host: string, port: number, bytes: Uint8Array): Promise<HardwareBytesDelivered>;
  tcpExchange(host: string, port: number, bytes: Uint8Array, options?: TcpExchangeOptions): Promise<Uint8Array>;
  serialWrite(path: string, baudRate: number, bytes: Uint8Array): Promise<HardwareBytesDelivered>;
  listSerialPorts(): Promise<TillSerialPortListing>;
}

export interface AgentHardwareOptions {
  /** The agent's address, asked at each call (a settings screen may change it); empty means no agent. */
  readonly agentUrl: () => string;
  readonly fail: HardwareFailure;
  /** Why an empty address reaches nothing, and what to do (rejected as `hardware.not_available`). */
  readonly whenNoAddress: string;
  /** What to do when no agent answers at the address (rejected as `hardware.agent_unreachable`). */
  readonly whenUnreachable: string;
  readonly open?: OpenAgentSocket;
}

/** The exchange options as the protocol carries them: flat, and only those given. */
function exchangeFields(options: TcpExchangeOptions | undefined): TcpExchangeOptions {
  const fields: { answerLines?: number; idleMs?: number; timeoutMs?: number } = {};
  if (options?.answerLines !== undefined) fields.answerLines = options.answerLines;
  if (options?.idleMs !== undefined) fields.idleMs = options.idleMs;
  if (options?.timeoutMs !== undefined) fields.timeoutMs = options.timeoutMs;
  return fields;
}

/** The hardware of the local hardware agent at the address `agentUrl()` answers. */
export function agentHardware(options: AgentHardwareOptions): AgentHardware {
  let client: HardwareAgentClient | undefined;
  const agent = (): HardwareAgentClient => {
    const url = options.agentUrl().trim();
    if (!url) throw options.fail('hardware.not_available', options.whenNoAddress);
    if (client?.url !== url) {
      client?.close();
      client = new HardwareAgentClient(url, { fail: options.fail, whenUnreachable: options.whenUnreachable, open: options.open });
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
    tcpPrint: async (host, port, bytes) =>
      agent().request<HardwareBytesDelivered>({ op: 'tcpPrint', host, port, bytes: bytesToBase64(bytes) }),
    async tcpExchange(host, port, bytes, exchange) {
      const answer = await agent().request<AgentExchangeAnswer>({
        op: 'tcpExchange',
        host,
        port,
        bytes: bytesToBase64(bytes),
        ...exchangeFields(exchange),
      });
      return base64ToBytes(answer.bytes);
    },
    serialWrite: async (path, baudRate, bytes) =>
      agent().request<HardwareBytesDelivered>({ op: 'serialWrite', path, baudRate, bytes: bytesToBase64(bytes) }),
    listSerialPorts: async () => agent().request<TillSerialPortListing>({ op: 'listSerialPorts' }),
  };
}
