import { MAX_DEVICE_WRITE_BYTES } from '../hardware/devices.ts';
import {
  BASE64,
  describeValue,
  exchangeOptions,
  serialWriteRequest,
  tcpPrintRequest,
  type SerialWriteRequest,
  type TcpExchangeRequest,
  type TcpPrintRequest,
} from '../hardware/device-requests.ts';
import type { AgentError, AgentOperation, AgentRequestId } from '@kits/plugin-sdk/hardware-agent';

/**
 * A message from the till page, checked: the page is web content, so every field is untrusted.
 * The device rules are the Electron bridge's own (`hardware/device-requests.ts`).
 */
export type ParsedAgentRequest =
  | { readonly id: AgentRequestId; readonly op: 'hello' | 'listSerialPorts' }
  | { readonly id: AgentRequestId; readonly op: 'tcpPrint'; readonly request: TcpPrintRequest }
  | { readonly id: AgentRequestId; readonly op: 'serialWrite'; readonly request: SerialWriteRequest }
  | { readonly id: AgentRequestId; readonly op: 'tcpExchange'; readonly request: TcpExchangeRequest };

/** A request the agent refuses, with the id to answer it under (null when it had none). */
export class RefusedRequest extends Error {
  readonly id: AgentRequestId | null;
  readonly code: AgentError['code'];

  constructor(id: AgentRequestId | null, code: AgentError['code'], message: string) {
    super(message);
    this.name = 'RefusedRequest';
    this.id = id;
    this.code = code;
  }
}

const OPERATION_FIELDS: Record<AgentOperation, readonly string[]> = {
  hello: [],
  listSerialPorts: [],
  tcpPrint: ['host', 'port', 'bytes'],
  serialWrite: ['path', 'baudRate', 'bytes'],
  tcpExchange: ['host', 'port', 'bytes', 'answerLines', 'idleMs', 'timeoutMs'],
};

const MAX_ID_LENGTH = 100;
// Base64 of the largest write the rules allow: longer text is refused before it is decoded.
const MAX_BASE64_LENGTH = 4 * Math.ceil(MAX_DEVICE_WRITE_BYTES / 3);

const isOperation = (op: unknown): op is AgentOperation => typeof op === 'string' && Object.hasOwn(OPERATION_FIELDS, op);

function requestId(value: unknown): AgentRequestId | undefined {
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return undefined;
}

/** The bytes of a request, decoded from base64 — anything else is left for the rules to refuse. */
function decodedBytes(value: unknown, invalid: (problem: string) => Error): unknown {
  if (typeof value !== 'string') return value;
  if (value.length > MAX_BASE64_LENGTH) {
    throw invalid(`bytes holds more than the ${MAX_DEVICE_WRITE_BYTES} (1 MiB) one call may send: split the job into smaller writes`);
  }
  if (!BASE64.test(value)) throw invalid(`bytes must be the bytes to send as base64 text, got ${describeValue(value)}`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** Parses one WebSocket message into a request the agent carries out, or throws `RefusedRequest`. */
export function parseAgentRequest(message: string): ParsedAgentRequest {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    throw new RefusedRequest(null, 'agent.malformed_request', 'The message is not JSON: send one JSON object { id, op, … } per message.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RefusedRequest(
      null,
      'agent.malformed_request',
      `The message must be a JSON object { id, op, … }, got ${describeValue(body)}.`,
    );
  }
  const fields = body as Record<string, unknown>;
  const id = requestId(fields['id']);
  if (id === undefined) {
    throw new RefusedRequest(
      null,
      'agent.malformed_request',
      `id must be a string of 1 to ${MAX_ID_LENGTH} characters or an integer, got ${describeValue(fields['id'])}.`,
    );
  }
  const op = fields['op'];
  if (!isOperation(op)) {
    throw new RefusedRequest(
      id,
      'agent.unknown_operation',
      `op must be one of ${Object.keys(OPERATION_FIELDS).join(', ')}, got ${describeValue(op)}.`,
    );
  }
  const invalid = (problem: string) => new RefusedRequest(id, 'agent.invalid_request', `${op}: ${problem}`);
  const allowed = OPERATION_FIELDS[op];
  const unknown = Object.keys(fields).filter((name) => name !== 'id' && name !== 'op' && !allowed.includes(name));
  if (unknown.length > 0) {
    throw invalid(
      `${unknown.map((name) => JSON.stringify(name)).join(', ')} is not a field of ${op} (it takes ${allowed.join(', ') || 'none'})`,
    );
  }
  switch (op) {
    case 'hello':
    case 'listSerialPorts':
      return { id, op };
    case 'tcpPrint':
      return { id, op, request: tcpPrintRequest([fields['host'], fields['port'], decodedBytes(fields['bytes'], invalid)], invalid) };
    case 'serialWrite':
      return {
        id,
        op,
        request: serialWriteRequest([fields['path'], fields['baudRate'], decodedBytes(fields['bytes'], invalid)], invalid),
      };
    case 'tcpExchange': {
      const printer = tcpPrintRequest([fields['host'], fields['port'], decodedBytes(fields['bytes'], invalid)], invalid);
      const { answerLines, idleMs, timeoutMs } = fields;
      // The protocol carries the options flat; the shared rules check them as the shell's `options` argument.
      const options = exchangeOptions({ answerLines, idleMs, timeoutMs }, (problem) => invalid(problem.replace(/options\./g, '')));
      return { id, op, request: { ...printer, options } };
    }
  }
}
