import { TillHardwareError } from '@kits/plugin-sdk/till';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHardwareAgent, type HardwareAgent } from '../../hardware-agent/agent-server.ts';
import { listSerialPorts, writeToSerialPort } from '../../hardware/serial-port.ts';
import { exchangeOverTcp } from '../../hardware/tcp-exchange.ts';
import { printOverTcp } from '../../hardware/tcp-printer.ts';
import type { AgentSocket } from '@kits/plugin-sdk/hardware-agent';
import { agentHardware, shellHardware } from '../../src/hardware/till-hardware.ts';
import { refusedPort, startLoopbackPrinter, type LoopbackPrinter } from '../hardware/support/loopback-printer.ts';

const TILL_ORIGIN = 'http://127.0.0.1:3000';
const RECEIPT = Uint8Array.from([0x1b, 0x40, ...Buffer.from('Receipt 12\n'), 0x1d, 0x56, 0x42, 0x00]);

/** A browser page's WebSocket: the page's origin travels in the Origin header. */
const pageOf =
  (origin: string) =>
  (url: string): AgentSocket =>
    new WebSocket(url, { origin }) as unknown as AgentSocket;

let agent: HardwareAgent;
let printer: LoopbackPrinter;
beforeAll(async () => {
  agent = await startHardwareAgent({
    port: 0,
    allowedOrigins: [TILL_ORIGIN],
    devices: { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp },
  });
  printer = await startLoopbackPrinter();
});
afterAll(async () => {
  await printer?.close();
  await agent?.close();
});

describe('a till in a browser reaches its devices through the local hardware agent', () => {
  it('is available, and prints exactly the bytes on the printer', async () => {
    const hardware = agentHardware(() => agent.url, pageOf(TILL_ORIGIN));

    expect(await hardware.available()).toBe(true);
    expect(await hardware.tcpPrint(printer.host, printer.port, RECEIPT)).toEqual({ bytesWritten: RECEIPT.byteLength });
    expect(await printer.nextJob()).toEqual(Buffer.from(RECEIPT));
  });

  it('hands on the printer’s refusal as a TillHardwareError with the shell’s code and message', async () => {
    const hardware = agentHardware(() => agent.url, pageOf(TILL_ORIGIN));
    const port = await refusedPort();

    const printing = hardware.tcpPrint('127.0.0.1', port, RECEIPT);

    await expect(printing).rejects.toBeInstanceOf(TillHardwareError);
    await expect(printing).rejects.toMatchObject({
      code: 'printer.connection_refused',
      message: `The printer at 127.0.0.1:${port} refused the connection: check the port (raw printing is usually 9100) and that the printer is ready.`,
    });
  });

  it('says the agent refused this till when it serves another address', async () => {
    const hardware = agentHardware(() => agent.url, pageOf('http://192.168.1.77:3000'));

    expect(await hardware.available()).toBe(false);
    await expect(hardware.tcpPrint(printer.host, printer.port, RECEIPT)).rejects.toMatchObject({
      code: 'hardware.agent_refused',
      message: `The hardware agent at ${agent.url} refused this page: Origin http://192.168.1.77:3000 is not allowed: start the agent with --allow-origin <this page's address>`,
    });
  });

  it('says no agent answers where none runs, and that there is no hardware when no address is set', async () => {
    const nowhere = `ws://127.0.0.1:${await refusedPort()}`;
    const noAgent = agentHardware(() => nowhere, pageOf(TILL_ORIGIN));
    const noAddress = agentHardware(() => '', pageOf(TILL_ORIGIN));

    expect(await noAgent.available()).toBe(false);
    await expect(noAgent.tcpPrint(printer.host, printer.port, RECEIPT)).rejects.toMatchObject({
      code: 'hardware.agent_unreachable',
      message: `The hardware agent at ${nowhere} does not answer: start it on this computer (npm run --workspace till hardware-agent), or check its address in Settings.`,
    });
    expect(await noAddress.available()).toBe(false);
    await expect(noAddress.tcpPrint(printer.host, printer.port, RECEIPT)).rejects.toMatchObject({ code: 'hardware.not_available' });
  });

  it('follows the address when the settings change it, and passes a refused argument on as hardware.invalid_request', async () => {
    let address = `ws://127.0.0.1:${await refusedPort()}`;
    const hardware = agentHardware(() => address, pageOf(TILL_ORIGIN));
    expect(await hardware.available()).toBe(false);

    address = agent.url;

    expect(await hardware.available()).toBe(true);
    await expect(hardware.serialWrite('/dev/ttyUSB0', 12345, RECEIPT)).rejects.toMatchObject({
      code: 'hardware.invalid_request',
      message: 'serialWrite: baudRate must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, got 12345',
    });
  });
});

describe('a till in the Electron shell', () => {
  it('shows the shell’s own message, without Electron’s prefix', async () => {
    const failing = () =>
      Promise.reject(
        new Error(
          "Error invoking remote method 'kits:hardware:tcp-print': DeviceError: The printer at 10.0.0.9:9100 refused the connection: check the port (raw printing is usually 9100) and that the printer is ready.",
        ),
      );
    const hardware = shellHardware({
      hardware: { tcpPrint: failing, tcpExchange: failing, serialWrite: failing, listSerialPorts: failing },
    });

    expect(await hardware.available()).toBe(true);
    await expect(hardware.tcpPrint('10.0.0.9', 9100, RECEIPT)).rejects.toMatchObject({
      name: 'HardwareError',
      message:
        'The printer at 10.0.0.9:9100 refused the connection: check the port (raw printing is usually 9100) and that the printer is ready.',
    });
  });
});
