import { isIP } from 'node:net';
import {
  MAX_DEVICE_WRITE_BYTES,
  MAX_EXCHANGE_ANSWER_LINES,
  MAX_EXCHANGE_TIMEOUT_MS,
  SERIAL_BAUD_RATES,
  type ExchangeOptions,
} from './devices.ts';

/**
 * The rules every device request is held to, wherever it comes from: the Electron shell's bridge
 * (`ipc/bridge-requests.ts`) and the local hardware agent both check their callers' arguments
 * here, because both take them from web content. Each parser answers the typed request or throws
 * the error `invalid(problem)` makes, where `problem` says which argument is wrong and what it
 * must be.
 */

export interface TcpPrintRequest {
  readonly host: string;
  readonly port: number;
  readonly bytes: Uint8Array;
}

export interface TcpExchangeRequest extends TcpPrintRequest {
  readonly options: ExchangeOptions;
}

export interface SerialWriteRequest {
  readonly path: string;
  readonly baudRate: number;
  readonly bytes: Uint8Array;
}

/** Makes the error a refused request throws, from what was wrong with it. */
export type InvalidRequest = (problem: string) => Error;

const MAX_SERIAL_PATH_LENGTH = 256;
const MAX_HOSTNAME_LENGTH = 253;
const HOSTNAME_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Standard base64, padded: what `Buffer.toString('base64')` and `btoa` write. */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A short description of a value for an error message: its type, or the value when it is small. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.byteLength} bytes`;
  if (typeof value === 'string') return value.length <= 64 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Checks that a call has exactly the arguments it names. */
export function expectArguments(args: readonly unknown[], names: readonly string[], invalid: InvalidRequest): void {
  if (args.length !== names.length) {
    const expected = names.length === 0 ? 'no arguments' : `${names.length} argument(s) (${names.join(', ')})`;
    throw invalid(`expects ${expected}, got ${args.length}`);
  }
}

function deviceBytes(value: unknown, invalid: InvalidRequest): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalid(`bytes must be a Uint8Array, got ${describeValue(value)}`);
  if (value.byteLength === 0) throw invalid('bytes is empty: there is nothing to send');
  if (value.byteLength > MAX_DEVICE_WRITE_BYTES) {
    throw invalid(
      `bytes holds ${value.byteLength} bytes, more than the ${MAX_DEVICE_WRITE_BYTES} (1 MiB) one call may send: split the job into smaller writes`,
    );
  }
  return value;
}

function isHostname(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  const labels = name.split('.');
  // A name whose last label is all digits is a mistyped IPv4 address, not a hostname (no top-level domain is numeric).
  return name.length <= MAX_HOSTNAME_LENGTH && labels.every((label) => HOSTNAME_LABEL.test(label)) && !/^\d+$/.test(labels.at(-1) ?? '');
}

/** `(host, port, bytes)`: raw bytes for a network printer. */
export function tcpPrintRequest(args: readonly unknown[], invalid: InvalidRequest): TcpPrintRequest {
  expectArguments(args, ['host', 'port', 'bytes'], invalid);
  const [host, port, bytes] = args;
  if (typeof host !== 'string' || (isIP(host) === 0 && !isHostname(host))) {
    throw invalid(`host must be a hostname or an IP address (like "192.168.1.50" or "printer.local"), got ${describeValue(host)}`);
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid(`port must be an integer from 1 to 65535 (raw printing is usually 9100), got ${describeValue(port)}`);
  }
  return { host, port, bytes: deviceBytes(bytes, invalid) };
}

const EXCHANGE_OPTIONS: Record<keyof ExchangeOptions, { readonly min: number; readonly max: number; readonly what: string }> = {
  answerLines: { min: 1, max: MAX_EXCHANGE_ANSWER_LINES, what: 'the number of lines the device answers (a Zebra ~HS: 3)' },
  idleMs: { min: 1, max: MAX_EXCHANGE_TIMEOUT_MS, what: 'milliseconds of quiet that end the answer' },
  timeoutMs: { min: 1, max: MAX_EXCHANGE_TIMEOUT_MS, what: 'milliseconds the whole exchange may take' },
};

/** The options of an exchange: absent, or an object of whole numbers within their limits and nothing else. */
export function exchangeOptions(value: unknown, invalid: InvalidRequest): ExchangeOptions {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`options must be an object { answerLines?, idleMs?, timeoutMs? }, got ${describeValue(value)}`);
  }
  const given = value as Record<string, unknown>;
  const options: Record<string, number> = {};
  for (const [name, option] of Object.entries(given)) {
    const rule = Object.hasOwn(EXCHANGE_OPTIONS, name) ? EXCHANGE_OPTIONS[name as keyof ExchangeOptions] : undefined;
    if (!rule) throw invalid(`options.${name} is not an option (it takes answerLines, idleMs, timeoutMs)`);
    if (option === undefined) continue;
    if (typeof option !== 'number' || !Number.isInteger(option) || option < rule.min || option > rule.max) {
      throw invalid(`options.${name} must be an integer from ${rule.min} to ${rule.max} (${rule.what}), got ${describeValue(option)}`);
    }
    options[name] = option;
  }
  return options;
}

/** `(host, port, bytes, options?)`: a request to a network device whose answer is read back. */
export function tcpExchangeRequest(args: readonly unknown[], invalid: InvalidRequest): TcpExchangeRequest {
  // The options are optional: a call without them has three arguments.
  const [host, port, bytes, options] = args;
  if (args.length === 3) return { ...tcpPrintRequest(args, invalid), options: {} };
  expectArguments(args, ['host', 'port', 'bytes', 'options'], invalid);
  return { ...tcpPrintRequest([host, port, bytes], invalid), options: exchangeOptions(options, invalid) };
}

/** `(path, baudRate, bytes)`: raw bytes for a serial device. */
export function serialWriteRequest(args: readonly unknown[], invalid: InvalidRequest): SerialWriteRequest {
  expectArguments(args, ['path', 'baudRate', 'bytes'], invalid);
  const [path, baudRate, bytes] = args;
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_SERIAL_PATH_LENGTH || CONTROL_CHARACTER.test(path)) {
    throw invalid(
      `path must be a serial port name of 1 to ${MAX_SERIAL_PATH_LENGTH} printable characters (like "/dev/ttyUSB0" or "COM3"), got ${describeValue(path)}`,
    );
  }
  if (typeof baudRate !== 'number' || !(SERIAL_BAUD_RATES as readonly number[]).includes(baudRate)) {
    throw invalid(`baudRate must be one of ${SERIAL_BAUD_RATES.join(', ')}, got ${describeValue(baudRate)}`);
  }
  return { path, baudRate, bytes: deviceBytes(bytes, invalid) };
}
