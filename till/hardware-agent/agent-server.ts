import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { DeviceError } from '../hardware/device-error.ts';
import type { BytesDelivered, ExchangeOptions, SerialPortListing } from '../hardware/devices.ts';
import { parseAgentRequest, RefusedRequest, type ParsedAgentRequest } from './agent-requests.ts';
import {
  AGENT_PROTOCOL_VERSION,
  ORIGIN_REFUSED_CLOSE_CODE,
  type AgentAnswer,
  type AgentExchangeAnswer,
  type AgentHello,
} from '@kits/plugin-sdk/hardware-agent';

/** The devices the agent drives: `hardware/tcp-printer.ts`, `tcp-exchange.ts` and `serial-port.ts`, as in the Electron shell. */
export interface AgentDevices {
  listSerialPorts(): Promise<SerialPortListing>;
  writeToSerialPort(port: { path: string; baudRate: number }, bytes: Uint8Array): Promise<BytesDelivered>;
  printOverTcp(printer: { host: string; port: number }, bytes: Uint8Array): Promise<BytesDelivered>;
  exchangeOverTcp(printer: { host: string; port: number }, bytes: Uint8Array, options: ExchangeOptions): Promise<Uint8Array>;
}

export interface HardwareAgentOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** The origins of the pages that may use the agent: the kernel's URL the till and the office are served from. */
  readonly allowedOrigins: readonly string[];
  readonly devices: AgentDevices;
  /** Where the agent says what it refused or what failed (default: nowhere). */
  readonly log?: (line: string) => void;
}

export interface HardwareAgent {
  /** `ws://127.0.0.1:<port>`: what the till's settings screen takes. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Only this machine's own pages can reach the agent: it listens on the loopback interface, never on the network. */
const LOOPBACK = '127.0.0.1';
/** Room for the largest write (1 MiB) as base64 in its JSON envelope. */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
/** A WebSocket close reason is at most 123 bytes. */
const MAX_CLOSE_REASON = 123;

/** `http://host:port` as a browser sends it in `Origin`; throws on anything that is not an http(s) origin. */
export function normalizeOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`"${text}" is not a URL: give the address the till is opened at, like http://192.168.1.10:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${text}" is not an http or https address: give the kernel's URL the till is opened at`);
  }
  return url.origin;
}

function closeReason(origin: string | undefined): string {
  const who =
    origin === undefined ? 'A connection without an Origin' : `Origin ${origin.length > 60 ? `${origin.slice(0, 57)}...` : origin}`;
  return `${who} is not allowed: start the agent with --allow-origin <this page's address>`.slice(0, MAX_CLOSE_REASON);
}

function failureAnswer(id: AgentAnswer['id'], error: unknown): AgentAnswer {
  if (error instanceof RefusedRequest) return { id: error.id, ok: false, error: { code: error.code, message: error.message } };
  if (error instanceof DeviceError) return { id, ok: false, error: { code: error.code, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return {
    id,
    ok: false,
    error: { code: 'agent.failed', message: `The hardware agent failed: ${message}. Try again; if it keeps failing, restart the agent.` },
  };
}

async function carryOut(request: ParsedAgentRequest, devices: AgentDevices): Promise<unknown> {
  switch (request.op) {
    case 'hello':
      return { agent: 'kits-hardware-agent', protocol: AGENT_PROTOCOL_VERSION } satisfies AgentHello;
    case 'listSerialPorts':
      return devices.listSerialPorts();
    case 'tcpPrint':
      return devices.printOverTcp({ host: request.request.host, port: request.request.port }, request.request.bytes);
    case 'serialWrite':
      return devices.writeToSerialPort({ path: request.request.path, baudRate: request.request.baudRate }, request.request.bytes);
    case 'tcpExchange': {
      const { host, port, bytes, options } = request.request;
      const answer = await devices.exchangeOverTcp({ host, port }, bytes, options);
      return { bytes: Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength).toString('base64') } satisfies AgentExchangeAnswer;
    }
  }
}

function answerEach(socket: WebSocket, devices: AgentDevices): void {
  socket.on('message', (data: RawData, isBinary: boolean) => {
    const send = (answer: AgentAnswer) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(answer));
    };
    let request: ParsedAgentRequest;
    try {
      if (isBinary) throw new RefusedRequest(null, 'agent.malformed_request', 'Send requests as JSON text messages, not binary ones.');
      request = parseAgentRequest(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    } catch (refused) {
      return send(failureAnswer(null, refused));
    }
    // Requests run side by side; each is answered under its own id when it is done.
    carryOut(request, devices).then(
      (result) => send({ id: request.id, ok: true, result }),
      (error: unknown) => send(failureAnswer(request.id, error)),
    );
  });
}

/**
 * Starts the local hardware agent: a WebSocket server on 127.0.0.1 through which a till running
 * as a web page, or the back office, prints, asks a printer for its status, and writes to serial devices. It serves only pages of the allowed origins;
 * any other page's connection is closed at once with the reason.
 */
export async function startHardwareAgent(options: HardwareAgentOptions): Promise<HardwareAgent> {
  const allowed = new Set(options.allowedOrigins.map(normalizeOrigin));
  if (allowed.size === 0) throw new Error('The hardware agent needs at least one allowed origin: the address the till is opened at.');
  const log = options.log ?? (() => undefined);
  const http = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
    response.end('This is the KiTS POS hardware agent: the till connects to it over WebSocket.\n');
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} on ${LOOPBACK} is in use: is the hardware agent already running? Start it with --port <another port>.`,
            )
          : error,
      ),
    );
    http.listen(options.port, LOOPBACK, resolve);
  });
  // Attached once listening: a server that never started has no sockets to answer.
  const sockets = new WebSocketServer({ server: http, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const origin = request.headers.origin;
    let trusted: boolean;
    try {
      trusted = origin !== undefined && allowed.has(normalizeOrigin(origin));
    } catch {
      trusted = false;
    }
    if (!trusted) {
      log(`refused a connection from ${origin ?? 'a client without an Origin'} (allowed: ${[...allowed].join(', ')})`);
      socket.close(ORIGIN_REFUSED_CLOSE_CODE, closeReason(origin));
      return;
    }
    answerEach(socket, options.devices);
  });
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://${LOOPBACK}:${port}`,
    port,
    close: () =>
      new Promise((resolve, reject) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
