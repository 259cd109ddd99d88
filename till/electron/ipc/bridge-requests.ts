import { KITS_CHANNELS, MAX_VAULT_TEXT_LENGTH, type KitsChannel } from '../bridge.ts';
import {
  BASE64,
  describeValue,
  expectArguments,
  serialWriteRequest as serialWriteArguments,
  tcpExchangeRequest as tcpExchangeArguments,
  tcpPrintRequest as tcpPrintArguments,
  type SerialWriteRequest,
  type TcpExchangeRequest,
  type TcpPrintRequest,
} from '../../hardware/device-requests.ts';
import { ShellError } from '../shell-error.ts';

/**
 * The arguments of each bridge call, checked in main: the renderer is web content, so its
 * arguments are untrusted input. Each parser answers the typed request or throws a
 * `bridge.invalid_request` error that names the channel, the argument and what it must be. The
 * device rules are `hardware/device-requests.ts`, which the local hardware agent holds its
 * requests to as well.
 */

export type { SerialWriteRequest, TcpExchangeRequest, TcpPrintRequest };

const invalidOn =
  (channel: KitsChannel) =>
  (problem: string): ShellError =>
    new ShellError('bridge.invalid_request', `${channel}: ${problem}`);

/** Checks a call that takes no arguments. */
export function noArguments(channel: KitsChannel, args: readonly unknown[]): void {
  expectArguments(args, [], invalidOn(channel));
}

export function tcpPrintRequest(args: readonly unknown[]): TcpPrintRequest {
  return tcpPrintArguments(args, invalidOn(KITS_CHANNELS.tcpPrint));
}

export function tcpExchangeRequest(args: readonly unknown[]): TcpExchangeRequest {
  return tcpExchangeArguments(args, invalidOn(KITS_CHANNELS.tcpExchange));
}

export function serialWriteRequest(args: readonly unknown[]): SerialWriteRequest {
  return serialWriteArguments(args, invalidOn(KITS_CHANNELS.serialWrite));
}

/** The text to seal. */
export function sealRequest(args: readonly unknown[]): string {
  const channel = KITS_CHANNELS.vaultSeal;
  const invalid = invalidOn(channel);
  expectArguments(args, ['text'], invalid);
  const [text] = args;
  if (typeof text !== 'string') throw invalid(`text must be a string, got ${describeValue(text)}`);
  if (text.length > MAX_VAULT_TEXT_LENGTH) {
    throw invalid(`text has ${text.length} characters, more than the ${MAX_VAULT_TEXT_LENGTH} the vault seals`);
  }
  return text;
}

/** The sealed bytes to open, decoded from the base64 `seal` answered. */
export function unsealRequest(args: readonly unknown[]): Buffer {
  const invalid = invalidOn(KITS_CHANNELS.vaultUnseal);
  expectArguments(args, ['sealedBase64'], invalid);
  const [sealed] = args;
  // Base64 of the largest sealed text: the text (UTF-8, up to 3 bytes a character) plus the keychain's overhead.
  const maxLength = 4 * Math.ceil((3 * MAX_VAULT_TEXT_LENGTH + 1024) / 3);
  if (typeof sealed !== 'string' || sealed.length === 0 || sealed.length > maxLength || !BASE64.test(sealed)) {
    throw invalid(`sealedBase64 must be the base64 text vault.seal answered, got ${describeValue(sealed)}`);
  }
  return Buffer.from(sealed, 'base64');
}
