/**
 * What a page (the till, the office) and the local hardware agent say to each other over a
 * WebSocket: one JSON request per message, answered by one JSON message with the same `id`. Bytes
 * travel as base64. Types and constants only: the pages' client (`agent-client.ts`) and the agent
 * (`till/hardware-agent`) both import this file.
 */

/** The agent's port when none is given: the till's and the office's settings start from `ws://127.0.0.1:9181`. */
export const DEFAULT_AGENT_PORT = 9181;
export const DEFAULT_AGENT_URL = `ws://127.0.0.1:${DEFAULT_AGENT_PORT}`;

/** Bumped when a request or answer changes incompatibly; `hello` answers it. */
export const AGENT_PROTOCOL_VERSION = 1;

/** The WebSocket close code of a connection from a page the agent does not serve (RFC 6455 policy violation). */
export const ORIGIN_REFUSED_CLOSE_CODE = 1008;

export type AgentRequestId = string | number;

export type AgentRequest =
  | { readonly id: AgentRequestId; readonly op: 'hello' }
  | { readonly id: AgentRequestId; readonly op: 'listSerialPorts' }
  | { readonly id: AgentRequestId; readonly op: 'tcpPrint'; readonly host: string; readonly port: number; readonly bytes: string }
  | { readonly id: AgentRequestId; readonly op: 'serialWrite'; readonly path: string; readonly baudRate: number; readonly bytes: string }
  | {
      readonly id: AgentRequestId;
      readonly op: 'tcpExchange';
      readonly host: string;
      readonly port: number;
      readonly bytes: string;
      readonly answerLines?: number;
      readonly idleMs?: number;
      readonly timeoutMs?: number;
    };

export type AgentOperation = AgentRequest['op'];

/** What `hello` answers: which agent this is. */
export interface AgentHello {
  readonly agent: 'kits-hardware-agent';
  readonly protocol: number;
}

/** What `tcpExchange` answers: the device's answer, as base64. */
export interface AgentExchangeAnswer {
  readonly bytes: string;
}

/**
 * Why a request failed: a device's own code (`printer.connection_refused`, `serial.port_busy`…),
 * or the agent's: `agent.malformed_request` (not a JSON object with an id and op),
 * `agent.unknown_operation`, `agent.invalid_request` (an argument broke the rules), `agent.failed`.
 */
export interface AgentError {
  readonly code: string;
  /** Says what went wrong and what to do; shown to the cashier as it is. */
  readonly message: string;
}

export type AgentAnswer =
  | { readonly id: AgentRequestId; readonly ok: true; readonly result: unknown }
  | { readonly id: AgentRequestId | null; readonly ok: false; readonly error: AgentError };
