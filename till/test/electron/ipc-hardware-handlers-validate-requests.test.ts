import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KITS_CHANNELS, MAX_DEVICE_WRITE_BYTES } from '../../electron/bridge.ts';
import { listSerialPorts, writeToSerialPort } from '../../hardware/serial-port.ts';
import { exchangeOverTcp } from '../../hardware/tcp-exchange.ts';
import { printOverTcp } from '../../hardware/tcp-printer.ts';
import { registerHardwareHandlers } from '../../electron/ipc/hardware-handlers.ts';
import { refusedPort, startLoopbackPrinter, type LoopbackPrinter } from '../hardware/support/loopback-printer.ts';
import { startPtyPair } from '../hardware/support/pty-pair.ts';
import { recordingIpc, type RecordingIpc } from './support/recording-ipc.ts';

const RECEIPT = Uint8Array.from([0x1b, 0x40, ...Buffer.from('Thank you\n'), 0x1d, 0x56, 0x01]);

let ipc: RecordingIpc;
let printer: LoopbackPrinter;
beforeEach(async () => {
  ipc = recordingIpc();
  registerHardwareHandlers(ipc, { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp });
  printer = await startLoopbackPrinter();
});
afterEach(() => printer.close());

describe('the hardware channels of the bridge', () => {
  it('registers the four hardware channels and nothing else', () => {
    expect(ipc.channels().sort()).toEqual(
      [KITS_CHANNELS.listSerialPorts, KITS_CHANNELS.serialWrite, KITS_CHANNELS.tcpPrint, KITS_CHANNELS.tcpExchange].sort(),
    );
  });

  it('prints a good request on the real printer and answers how many bytes went', async () => {
    const answer = await ipc.invoke(KITS_CHANNELS.tcpPrint, printer.host, printer.port, RECEIPT);

    expect(answer).toEqual({ bytesWritten: RECEIPT.byteLength });
    expect(await printer.nextJob()).toEqual(Buffer.from(RECEIPT));
  });

  it('takes a job of exactly 1 MiB, the most one call may send, by printer host name', async () => {
    const largest = Uint8Array.from({ length: MAX_DEVICE_WRITE_BYTES }, (_, i) => (i * 7) % 256);

    const answer = await ipc.invoke(KITS_CHANNELS.tcpPrint, 'localhost', printer.port, largest);

    expect(answer).toEqual({ bytesWritten: MAX_DEVICE_WRITE_BYTES });
    expect((await printer.nextJob()).equals(largest)).toBe(true);
  });

  const tcp = KITS_CHANNELS.tcpPrint;
  it.each([
    ['port 0', ['127.0.0.1', 0, RECEIPT], `${tcp}: port must be an integer from 1 to 65535 (raw printing is usually 9100), got 0`],
    [
      'port 65536',
      ['127.0.0.1', 65536, RECEIPT],
      `${tcp}: port must be an integer from 1 to 65535 (raw printing is usually 9100), got 65536`,
    ],
    [
      'a fractional port',
      ['127.0.0.1', 9100.5, RECEIPT],
      `${tcp}: port must be an integer from 1 to 65535 (raw printing is usually 9100), got 9100.5`,
    ],
    [
      'a port as text',
      ['127.0.0.1', '9100', RECEIPT],
      `${tcp}: port must be an integer from 1 to 65535 (raw printing is usually 9100), got "9100"`,
    ],
    [
      'a URL for a host',
      ['http://printer/', 9100, RECEIPT],
      `${tcp}: host must be a hostname or an IP address (like "192.168.1.50" or "printer.local"), got "http://printer/"`,
    ],
    [
      'an empty host',
      ['', 9100, RECEIPT],
      `${tcp}: host must be a hostname or an IP address (like "192.168.1.50" or "printer.local"), got ""`,
    ],
    [
      'a host with a space',
      ['front printer', 9100, RECEIPT],
      `${tcp}: host must be a hostname or an IP address (like "192.168.1.50" or "printer.local"), got "front printer"`,
    ],
    [
      'a mistyped IPv4 address',
      ['192.168.1.300', 9100, RECEIPT],
      `${tcp}: host must be a hostname or an IP address (like "192.168.1.50" or "printer.local"), got "192.168.1.300"`,
    ],
    [
      'a host that is not text',
      [{ host: '127.0.0.1' }, 9100, RECEIPT],
      `${tcp}: host must be a hostname or an IP address (like "192.168.1.50" or "printer.local"), got an object`,
    ],
    ['bytes as text', ['127.0.0.1', 9100, 'hello'], `${tcp}: bytes must be a Uint8Array, got "hello"`],
    ['bytes as an array of numbers', ['127.0.0.1', 9100, [0x1b, 0x40]], `${tcp}: bytes must be a Uint8Array, got an array`],
    ['no bytes', ['127.0.0.1', 9100, new Uint8Array(0)], `${tcp}: bytes is empty: there is nothing to send`],
    [
      'a byte array over 1 MiB',
      ['127.0.0.1', 9100, new Uint8Array(MAX_DEVICE_WRITE_BYTES + 1)],
      `${tcp}: bytes holds 1048577 bytes, more than the 1048576 (1 MiB) one call may send: split the job into smaller writes`,
    ],
    ['a missing argument', ['127.0.0.1', 9100], `${tcp}: expects 3 argument(s) (host, port, bytes), got 2`],
    ['an extra argument', ['127.0.0.1', 9100, RECEIPT, { cut: true }], `${tcp}: expects 3 argument(s) (host, port, bytes), got 4`],
  ])('refuses a print with %s, saying what was wrong, and prints nothing', async (_case, args, message) => {
    // Bad requests name the real printer's port where they can, so a request that got through would show up there.
    const pointedAtPrinter = args.map((arg) => (arg === 9100 ? printer.port : arg));
    const expected = message.replace(/got 9100$/, `got ${printer.port}`);

    await expect(ipc.invoke(tcp, ...pointedAtPrinter)).rejects.toMatchObject({
      name: 'ShellError',
      code: 'bridge.invalid_request',
      message: expected,
    });
    expect(printer.connectionCount()).toBe(0);
  });

  it('writes a good serial request to the real device on the other end of the line', async () => {
    const line = await startPtyPair();
    try {
      const device = new SerialPort({ path: line.endB, baudRate: 19200 });
      const received = new Promise<Buffer>((resolve) => device.once('data', resolve));

      const answer = await ipc.invoke(KITS_CHANNELS.serialWrite, line.endA, 19200, RECEIPT);

      expect(answer).toEqual({ bytesWritten: RECEIPT.byteLength });
      expect(await received).toEqual(Buffer.from(RECEIPT));
      await new Promise((resolve) => device.close(resolve));
    } finally {
      await line.close();
    }
  });

  const serial = KITS_CHANNELS.serialWrite;
  const pathRule = `${serial}: path must be a serial port name of 1 to 256 printable characters (like "/dev/ttyUSB0" or "COM3")`;
  it.each([
    ['a path that is not text', [3, 9600, RECEIPT], `${pathRule}, got 3`],
    ['an empty path', ['', 9600, RECEIPT], `${pathRule}, got ""`],
    ['a path of 300 characters', [`/dev/${'x'.repeat(295)}`, 9600, RECEIPT], `${pathRule}, got a string of 300 characters`],
    ['a path with a line break', ['/dev/ttyUSB0\n', 9600, RECEIPT], `${pathRule}, got "/dev/ttyUSB0\\n"`],
    [
      'a baud rate no device uses',
      ['/dev/ttyUSB0', 12345, RECEIPT],
      `${serial}: baudRate must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, got 12345`,
    ],
    [
      'a baud rate as text',
      ['/dev/ttyUSB0', '9600', RECEIPT],
      `${serial}: baudRate must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, got "9600"`,
    ],
    [
      'a byte array over 1 MiB',
      ['/dev/ttyUSB0', 9600, new Uint8Array(2 * MAX_DEVICE_WRITE_BYTES)],
      `${serial}: bytes holds 2097152 bytes, more than the 1048576 (1 MiB) one call may send: split the job into smaller writes`,
    ],
    ['no arguments', [], `${serial}: expects 3 argument(s) (path, baudRate, bytes), got 0`],
  ])('refuses a serial write with %s, saying what was wrong', async (_case, args, message) => {
    await expect(ipc.invoke(serial, ...args)).rejects.toMatchObject({ code: 'bridge.invalid_request', message });
  });

  it('lists serial ports, and refuses a listing called with arguments', async () => {
    expect(await ipc.invoke(KITS_CHANNELS.listSerialPorts)).toEqual(await listSerialPorts());
    await expect(ipc.invoke(KITS_CHANNELS.listSerialPorts, '/dev')).rejects.toMatchObject({
      code: 'bridge.invalid_request',
      message: `${KITS_CHANNELS.listSerialPorts}: expects no arguments, got 1`,
    });
  });

  it('passes a device failure on with its own message', async () => {
    const port = await refusedPort();

    await expect(ipc.invoke(KITS_CHANNELS.tcpPrint, '127.0.0.1', port, RECEIPT)).rejects.toMatchObject({
      code: 'printer.connection_refused',
    });
  });
});
