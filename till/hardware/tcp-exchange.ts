import { createConnection } from 'node:net';
import { DEFAULT_EXCHANGE_IDLE_MS, DEFAULT_EXCHANGE_TIMEOUT_MS, MAX_DEVICE_ANSWER_BYTES, type ExchangeOptions } from './devices.ts';
import { DeviceError } from './device-error.ts';
import { printerFailure, type TcpPrinterAddress } from './tcp-printer.ts';

const LINE_FEED = 0x0a;

function countLines(chunk: Uint8Array): number {
  let lines = 0;
  for (const byte of chunk) if (byte === LINE_FEED) lines += 1;
  return lines;
}

function noAnswer(printer: TcpPrinterAddress, timeoutMs: number, why: 'quiet' | 'closed'): DeviceError {
  const where = `${printer.host}:${printer.port}`;
  const what = why === 'quiet' ? `answered nothing within ${timeoutMs} ms` : 'closed the connection without answering';
  return new DeviceError(
    'printer.no_answer',
    `The printer at ${where} took the request but ${what}: check that the port is its raw port (usually 9100), that it is a printer that answers this request (a Zebra answers ~HS), and that it is not busy or in an error state.`,
  );
}

/**
 * Sends `bytes` to a network device and answers what it sent back (a Zebra's `~HS` host status:
 * three STX…ETX lines, each ending CR LF). Reading stops at `answerLines` LF-ended lines, after
 * `idleMs` of quiet once the device has started answering, when the device closes, at 64 KiB, or
 * at `timeoutMs` — whichever comes first. A device that answers nothing rejects with
 * `printer.no_answer`; one that cannot be reached with the `printer.*` code `printOverTcp` uses.
 */
export function exchangeOverTcp(printer: TcpPrinterAddress, bytes: Uint8Array, options: ExchangeOptions = {}): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS;
  const idleMs = options.idleMs ?? DEFAULT_EXCHANGE_IDLE_MS;
  const answerLines = options.answerLines;
  return new Promise((resolve, reject) => {
    let connected = false;
    let settled = false;
    let lines = 0;
    let received = 0;
    const chunks: Buffer[] = [];
    let quiet: NodeJS.Timeout | undefined;
    const socket = createConnection({ host: printer.host, port: printer.port });

    const finish = (outcome: DeviceError | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(quiet);
      socket.destroy();
      if (outcome) return reject(outcome);
      const answer = Buffer.concat(chunks).subarray(0, MAX_DEVICE_ANSWER_BYTES);
      resolve(new Uint8Array(answer.buffer, answer.byteOffset, answer.byteLength));
    };
    const answerOrSilence = (why: 'quiet' | 'closed'): void => finish(received > 0 ? undefined : noAnswer(printer, timeoutMs, why));

    const deadline = setTimeout(() => {
      if (!connected) {
        finish(
          new DeviceError(
            'printer.timeout',
            `The printer at ${printer.host}:${printer.port} did not answer within ${timeoutMs} ms: check that it is switched on, on the network, and that the address is right.`,
          ),
        );
      } else answerOrSilence('quiet');
    }, timeoutMs);

    socket.on('error', (error: NodeJS.ErrnoException) => finish(printerFailure(error, printer, connected ? 'sending' : 'connecting')));
    socket.on('connect', () => {
      connected = true;
      // The connection stays open for writing: some devices drop the answer when the request side closes.
      socket.write(bytes);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.byteLength;
      lines += countLines(chunk);
      if (received >= MAX_DEVICE_ANSWER_BYTES || (answerLines !== undefined && lines >= answerLines)) return finish(undefined);
      clearTimeout(quiet);
      quiet = setTimeout(() => finish(undefined), idleMs);
    });
    socket.on('end', () => answerOrSilence('closed'));
  });
}
