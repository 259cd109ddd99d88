import { isIP } from 'node:net';
import { KITS_CHANNELS, MAX_DEVICE_WRITE_BYTES, MAX_VAULT_TEXT_LENGTH, SERIAL_BAUD_RATES, type KitsChannel } from '../bridge.ts';
import { ShellError } from '../shell-error.ts';

/**
 * The arguments of each bridge call, checked in main: the renderer is web content, so its
 * arguments are untrusted input. Each parser answers the typed request or throws a
 * `bridge.invalid_request` error that names the channel, the argument and what it must be.
 */

export interface TcpPrintRequest {
  readonly host: string;
  readonly port: number;
  readonly bytes: Uint8Array;
}

export interface SerialWriteRequest {
  readonly path: string;
  readonly baudRate: number;
  readonly bytes: Uint8Array;
}

const MAX_SERIAL_PATH_LENGTH = 256;
const MAX_HOSTNAME_LENGTH = 253;
const HOSTNAME_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function invalid(channel: KitsChannel, problem: string): ShellError {
  return new ShellError('bridge.invalid_request', `${channel}: ${problem}`);
}

/** A short description of a value for an error message: its type, or the value when it is small. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.byteLength} bytes`;
  if (typeof value === 'string') return value.length <= 64 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

function expectArguments(channel: KitsChannel, args: readonly unknown[], names: readonly string[]): void {
  if (args.length !== names.length) {
    const expected = names.length === 0 ? 'no arguments' : `${names.length} argument(s) (${names.join(', ')})`;
    throw invalid(channel, `expects ${expected}, got ${args.length}`);
  }
}

function deviceBytes(channel: KitsChannel, value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalid(channel, `bytes must be a Uint8Array, got ${describeValue(value)}`);
  if (value.byteLength === 0) throw invalid(channel, 'bytes is empty: there is nothing to send');
  if (value.byteLength > MAX_DEVICE_WRITE_BYTES) {
    throw invalid(
      channel,
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

/** Checks a call that takes no arguments. */
export function noArguments(channel: KitsChannel, args: readonly unknown[]): void {
  expectArguments(channel, args, []);
}

export function tcpPrintRequest(args: readonly unknown[]): TcpPrintRequest {
  const channel = KITS_CHANNELS.tcpPrint;
  expectArguments(channel, args, ['host', 'port', 'bytes']);
  const [host, port, bytes] = args;
  if (typeof host !== 'string' || (isIP(host) === 0 && !isHostname(host))) {
    throw invalid(channel, `host must be a hostname or an IP address (like "192.168.1.50" or "printer.local"), got ${describeValue(host)}`);
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid(channel, `port must be an integer from 1 to 65535 (raw printing is usually 9100), got ${describeValue(port)}`);
  }
  return { host, port, bytes: deviceBytes(channel, bytes) };
}

export function serialWriteRequest(args: readonly unknown[]): SerialWriteRequest {
  const channel = KITS_CHANNELS.serialWrite;
  expectArguments(channel, args, ['path', 'baudRate', 'bytes']);
  const [path, baudRate, bytes] = args;
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_SERIAL_PATH_LENGTH || CONTROL_CHARACTER.test(path)) {
    throw invalid(
      channel,
      `path must be a serial port name of 1 to ${MAX_SERIAL_PATH_LENGTH} printable characters (like "/dev/ttyUSB0" or "COM3"), got ${describeValue(path)}`,
    );
  }
  if (typeof baudRate !== 'number' || !(SERIAL_BAUD_RATES as readonly number[]).includes(baudRate)) {
    throw invalid(channel, `baudRate must be one of ${SERIAL_BAUD_RATES.join(', ')}, got ${describeValue(baudRate)}`);
  }
  return { path, baudRate, bytes: deviceBytes(channel, bytes) };
}

/** The text to seal. */
export function sealRequest(args: readonly unknown[]): string {
  const channel = KITS_CHANNELS.vaultSeal;
  expectArguments(channel, args, ['text']);
  const [text] = args;
  if (typeof text !== 'string') throw invalid(channel, `text must be a string, got ${describeValue(text)}`);
  if (text.length > MAX_VAULT_TEXT_LENGTH) {
    throw invalid(channel, `text has ${text.length} characters, more than the ${MAX_VAULT_TEXT_LENGTH} the vault seals`);
  }
  return text;
}

/** The sealed bytes to open, decoded from the base64 `seal` answered. */
export function unsealRequest(args: readonly unknown[]): Buffer {
  const channel = KITS_CHANNELS.vaultUnseal;
  expectArguments(channel, args, ['sealedBase64']);
  const [sealed] = args;
  // Base64 of the largest sealed text: the text (UTF-8, up to 3 bytes a character) plus the keychain's overhead.
  const maxLength = 4 * Math.ceil((3 * MAX_VAULT_TEXT_LENGTH + 1024) / 3);
  if (typeof sealed !== 'string' || sealed.length === 0 || sealed.length > maxLength || !BASE64.test(sealed)) {
    throw invalid(channel, `sealedBase64 must be the base64 text vault.seal answered, got ${describeValue(sealed)}`);
  }
  return Buffer.from(sealed, 'base64');
}
