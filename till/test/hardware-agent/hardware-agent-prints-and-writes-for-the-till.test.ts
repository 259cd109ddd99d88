import { networkInterfaces } from 'node:os';
import { createConnection } from 'node:net';
import { SerialPort } from 'serialport';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHardwareAgent, type HardwareAgent } from '../../hardware-agent/agent-server.ts';
import { MAX_DEVICE_WRITE_BYTES } from '../../hardware/devices.ts';
import { listSerialPorts, writeToSerialPort } from '../../hardware/serial-port.ts';
import { exchangeOverTcp } from '../../hardware/tcp-exchange.ts';
import { printOverTcp } from '../../hardware/tcp-printer.ts';
import { refusedPort, startLoopbackPrinter, type LoopbackPrinter } from '../hardware/support/loopback-printer.ts';
import { startPtyPair } from '../hardware/support/pty-pair.ts';
import { closedWith, connectAs, type AgentConnection } from './support.ts';

const TILL_ORIGIN = 'http://127.0.0.1:3000';
const RECEIPT = Uint8Array.from([0x1b, 0x40, ...Buffer.from('Receipt 7\nFlat White  3.40\n'), 0x1d, 0x56, 0x42, 0x00]);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

let agent: HardwareAgent;
let printer: LoopbackPrinter;
let till: AgentConnection;
const refusals: string[] = [];

beforeAll(async () => {
  agent = await startHardwareAgent({
    port: 0,
    allowedOrigins: [`${TILL_ORIGIN}/till/`],
    devices: { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp },
    log: (line) => refusals.push(line),
  });
  printer = await startLoopbackPrinter();
  till = await connectAs(agent.url, TILL_ORIGIN);
});
afterAll(async () => {
  till?.close();
  await printer?.close();
  await agent?.close();
});

describe('the local hardware agent, as a till in a browser uses it', () => {
  it('says who it is', async () => {
    expect(await till.ask({ id: 1, op: 'hello' })).toEqual({ id: 1, ok: true, result: { agent: 'kits-hardware-agent', protocol: 1 } });
  });

  it('prints exactly the bytes sent, every byte value included, on a network printer', async () => {
    const everyByteValue = Uint8Array.from({ length: 512 }, (_, i) => i % 256);

    const first = await till.ask({ id: 'job-1', op: 'tcpPrint', host: printer.host, port: printer.port, bytes: base64(RECEIPT) });
    expect(await printer.nextJob()).toEqual(Buffer.from(RECEIPT));
    const second = await till.ask({ id: 'job-2', op: 'tcpPrint', host: 'localhost', port: printer.port, bytes: base64(everyByteValue) });
    expect(await printer.nextJob()).toEqual(Buffer.from(everyByteValue));

    expect(first).toEqual({ id: 'job-1', ok: true, result: { bytesWritten: RECEIPT.byteLength } });
    expect(second).toEqual({ id: 'job-2', ok: true, result: { bytesWritten: 512 } });
  });

  it('writes exactly the bytes sent to a serial device (a socat pseudo-terminal pair)', async () => {
    const line = await startPtyPair();
    const device = new SerialPort({ path: line.endB, baudRate: 19200, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => device.open((error) => (error ? reject(error) : resolve())));
      const chunks: Buffer[] = [];
      const all = new Promise<Buffer>((resolve) =>
        device.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (Buffer.concat(chunks).length >= RECEIPT.byteLength) resolve(Buffer.concat(chunks));
        }),
      );

      const answer = await till.ask({ id: 2, op: 'serialWrite', path: line.endA, baudRate: 19200, bytes: base64(RECEIPT) });

      expect(answer).toEqual({ id: 2, ok: true, result: { bytesWritten: RECEIPT.byteLength } });
      expect(await all).toEqual(Buffer.from(RECEIPT));
    } finally {
      if (device.isOpen) await new Promise((resolve) => device.close(resolve));
      await line.close();
    }
  });

  it('passes on the printer’s refusal with its code and message, and stays up for the next request', async () => {
    const port = await refusedPort();

    const answer = await till.ask({ id: 3, op: 'tcpPrint', host: '127.0.0.1', port, bytes: base64(RECEIPT) });

    expect(answer).toEqual({
      id: 3,
      ok: false,
      error: {
        code: 'printer.connection_refused',
        message: `The printer at 127.0.0.1:${port} refused the connection: check the port (raw printing is usually 9100) and that the printer is ready.`,
      },
    });
    expect((await till.ask({ id: 4, op: 'hello' })).ok).toBe(true);
  });

  it('lists the serial ports the operating system reports', async () => {
    expect(await till.ask({ id: 5, op: 'listSerialPorts' })).toEqual({ id: 5, ok: true, result: await listSerialPorts() });
  });

  it.each([
    [
      'text that is not JSON',
      '{"id": 1, "op": "hello"',
      null,
      'agent.malformed_request',
      'The message is not JSON: send one JSON object { id, op, … } per message.',
    ],
    ['an array', '[1, "hello"]', null, 'agent.malformed_request', 'The message must be a JSON object { id, op, … }, got an array.'],
    ['no id', { op: 'hello' }, null, 'agent.malformed_request', 'id must be a string of 1 to 100 characters or an integer, got undefined.'],
    [
      'an unknown operation',
      { id: 9, op: 'openDrawer' },
      9,
      'agent.unknown_operation',
      'op must be one of hello, listSerialPorts, tcpPrint, serialWrite, tcpExchange, got "openDrawer".',
    ],
  ])('answers a malformed message (%s) with what was wrong, and keeps the connection', async (_case, message, id, code, text) => {
    expect(await till.ask(message)).toEqual({ id, ok: false, error: { code, message: text } });
    expect((await till.ask({ id: 'after', op: 'hello' })).ok).toBe(true);
  });

  it.each([
    ['port 0', { host: '127.0.0.1', port: 0 }, 'tcpPrint: port must be an integer from 1 to 65535 (raw printing is usually 9100), got 0'],
    [
      'a port as text',
      { host: '127.0.0.1', port: '9100' },
      'tcpPrint: port must be an integer from 1 to 65535 (raw printing is usually 9100), got "9100"',
    ],
    [
      'a URL for a host',
      { host: 'http://printer/', port: 9100 },
      'tcpPrint: host must be a hostname or an IP address (like "192.168.1.50" or "printer.local"), got "http://printer/"',
    ],
    ['no bytes', { host: '127.0.0.1', port: 9100, bytes: '' }, 'tcpPrint: bytes is empty: there is nothing to send'],
    [
      'bytes that are not base64',
      { host: '127.0.0.1', port: 9100, bytes: 'not base64!' },
      'tcpPrint: bytes must be the bytes to send as base64 text, got "not base64!"',
    ],
    [
      'bytes as an array of numbers',
      { host: '127.0.0.1', port: 9100, bytes: [27, 64] },
      'tcpPrint: bytes must be a Uint8Array, got an array',
    ],
    [
      'base64 longer than 1 MiB can make',
      { host: '127.0.0.1', port: 9100, bytes: base64(new Uint8Array(MAX_DEVICE_WRITE_BYTES + 3)) },
      'tcpPrint: bytes holds more than the 1048576 (1 MiB) one call may send: split the job into smaller writes',
    ],
    [
      'one byte more than 1 MiB',
      { host: '127.0.0.1', port: 9100, bytes: base64(new Uint8Array(MAX_DEVICE_WRITE_BYTES + 1)) },
      'tcpPrint: bytes holds 1048577 bytes, more than the 1048576 (1 MiB) one call may send: split the job into smaller writes',
    ],
    [
      'an unknown field',
      { host: '127.0.0.1', port: 9100, cut: true },
      'tcpPrint: "cut" is not a field of tcpPrint (it takes host, port, bytes)',
    ],
  ])('refuses a print with %s, as the bridge would, and prints nothing', async (_case, fields, message) => {
    const connections = printer.connectionCount();
    const bytes = 'bytes' in fields ? {} : { bytes: base64(RECEIPT) };
    // Requests name the real printer's port where they can, so one that got through would show up there.
    const pointed = { ...fields, ...bytes, ...(fields.port === 9100 ? { port: printer.port } : {}) };

    const answer = await till.ask({ id: 'bad', op: 'tcpPrint', ...pointed });

    expect(answer).toEqual({ id: 'bad', ok: false, error: { code: 'agent.invalid_request', message } });
    expect(printer.connectionCount()).toBe(connections);
  });

  it('refuses a serial write at a baud rate no device uses', async () => {
    const answer = await till.ask({ id: 6, op: 'serialWrite', path: '/dev/ttyUSB0', baudRate: 12345, bytes: base64(RECEIPT) });

    expect(answer).toEqual({
      id: 6,
      ok: false,
      error: {
        code: 'agent.invalid_request',
        message: 'serialWrite: baudRate must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, got 12345',
      },
    });
  });

  it('closes a connection from a page of another origin at once, saying why, and carries out nothing it sent', async () => {
    const connections = printer.connectionCount();
    const stranger = new WebSocket(agent.url, { origin: 'http://evil.example' });
    stranger.on('open', () =>
      stranger.send(JSON.stringify({ id: 1, op: 'tcpPrint', host: printer.host, port: printer.port, bytes: base64(RECEIPT) })),
    );
    const answers: unknown[] = [];
    stranger.on('message', (data) => answers.push(String(data)));

    expect(await closedWith(stranger)).toEqual({
      code: 1008,
      reason: "Origin http://evil.example is not allowed: start the agent with --allow-origin <this page's address>",
    });
    expect(answers).toEqual([]);
    expect(printer.connectionCount()).toBe(connections);
    expect(refusals).toContain(`refused a connection from http://evil.example (allowed: ${TILL_ORIGIN})`);
  });

  it('closes a connection that names no origin (not a browser page)', async () => {
    const anonymous = new WebSocket(agent.url);

    expect(await closedWith(anonymous)).toMatchObject({
      code: 1008,
      reason: expect.stringContaining('A connection without an Origin is not allowed'),
    });
  });

  it('listens on the loopback interface only, never on the network', async () => {
    expect(agent.url).toBe(`ws://127.0.0.1:${agent.port}`);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!outside) return; // this machine has no other interface to try
    const attempt = createConnection({ host: outside.address, port: agent.port });
    const failure = await new Promise<NodeJS.ErrnoException>((resolve) => {
      attempt.once('error', resolve);
      attempt.once('connect', () => resolve(Object.assign(new Error('connected'), { code: 'CONNECTED' })));
    });
    attempt.destroy();
    expect(failure.code).toBe('ECONNREFUSED');
  });
});

describe('starting the agent', () => {
  it('refuses to start without an allowed origin, or with one that is not an http address', async () => {
    const devices = { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp };
    await expect(startHardwareAgent({ port: 0, allowedOrigins: [], devices })).rejects.toThrow(
      'The hardware agent needs at least one allowed origin: the address the till is opened at.',
    );
    await expect(startHardwareAgent({ port: 0, allowedOrigins: ['file:///till'], devices })).rejects.toThrow(
      '"file:///till" is not an http or https address',
    );
  });

  it('says the port is taken when another agent already runs on it', async () => {
    const devices = { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp };
    await expect(startHardwareAgent({ port: agent.port, allowedOrigins: [TILL_ORIGIN], devices })).rejects.toThrow(
      `Port ${agent.port} on 127.0.0.1 is in use: is the hardware agent already running?`,
    );
  });
});
