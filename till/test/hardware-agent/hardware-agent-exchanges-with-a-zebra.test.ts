import { HardwareError, TillHardwareError } from '@kits/plugin-sdk/till';
import WebSocket from 'ws';
import type { AgentSocket } from '@kits/plugin-sdk/hardware-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHardwareAgent, type HardwareAgent } from '../../hardware-agent/agent-server.ts';
import { listSerialPorts, writeToSerialPort } from '../../hardware/serial-port.ts';
import { exchangeOverTcp } from '../../hardware/tcp-exchange.ts';
import { printOverTcp } from '../../hardware/tcp-printer.ts';
import { agentHardware, shellHardware } from '../../src/hardware/till-hardware.ts';
import {
  HOST_STATUS,
  HOST_STATUS_QUERY,
  startDeviceAnswering,
  startLoopbackZebra,
  type LoopbackZebra,
} from '../../../testing/loopback-zebra.ts';
import { connectAs, type AgentConnection } from './support.ts';

const TILL_ORIGIN = 'http://127.0.0.1:3000';
const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
const pageOf =
  (origin: string) =>
  (url: string): AgentSocket =>
    new WebSocket(url, { origin }) as unknown as AgentSocket;

let agent: HardwareAgent;
let zebra: LoopbackZebra;
let page: AgentConnection;
beforeAll(async () => {
  agent = await startHardwareAgent({
    port: 0,
    allowedOrigins: [TILL_ORIGIN],
    devices: { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp },
  });
  zebra = await startLoopbackZebra(HOST_STATUS.headOpen);
  page = await connectAs(agent.url, TILL_ORIGIN);
});
afterAll(async () => {
  page?.close();
  await zebra?.close();
  await agent?.close();
});

describe('the hardware agent asks a printer and answers what it said', () => {
  it('answers a Zebra’s ~HS host status as base64, the three lines exactly', async () => {
    const answer = await page.ask({
      id: 7,
      op: 'tcpExchange',
      host: zebra.host,
      port: zebra.port,
      bytes: base64(HOST_STATUS_QUERY),
      answerLines: 3,
    });

    expect(answer).toEqual({ id: 7, ok: true, result: { bytes: base64(HOST_STATUS.headOpen) } });
  });

  it('hands on a device that answers nothing as printer.no_answer', async () => {
    const silent = await startDeviceAnswering(Buffer.alloc(0));
    try {
      const answer = await page.ask({
        id: 8,
        op: 'tcpExchange',
        host: silent.host,
        port: silent.port,
        bytes: base64('~HS'),
        timeoutMs: 100,
      });

      expect(answer).toMatchObject({ id: 8, ok: false, error: { code: 'printer.no_answer' } });
    } finally {
      await silent.close();
    }
  });

  it.each([
    [
      { answerLines: 0 },
      'tcpExchange: answerLines must be an integer from 1 to 1024 (the number of lines the device answers (a Zebra ~HS: 3)), got 0',
    ],
    [{ idleMs: 2.5 }, 'tcpExchange: idleMs must be an integer from 1 to 10000 (milliseconds of quiet that end the answer), got 2.5'],
    [
      { timeoutMs: 60_000 },
      'tcpExchange: timeoutMs must be an integer from 1 to 10000 (milliseconds the whole exchange may take), got 60000',
    ],
    [
      { timeoutMs: '3000' },
      'tcpExchange: timeoutMs must be an integer from 1 to 10000 (milliseconds the whole exchange may take), got "3000"',
    ],
    [{ answer: 3 }, 'tcpExchange: "answer" is not a field of tcpExchange (it takes host, port, bytes, answerLines, idleMs, timeoutMs)'],
    [{ port: 70000 }, 'tcpExchange: port must be an integer from 1 to 65535 (raw printing is usually 9100), got 70000'],
  ])('refuses %o with agent.invalid_request, saying what is wrong, and sends the printer nothing', async (change, message) => {
    const before = zebra.received.length;

    const answer = await page.ask({ id: 9, op: 'tcpExchange', host: zebra.host, port: zebra.port, bytes: base64('~HS'), ...change });

    expect(answer).toEqual({ id: 9, ok: false, error: { code: 'agent.invalid_request', message } });
    expect(zebra.received.length).toBe(before);
  });
});

describe('the till page’s hardware asks a printer through the agent', () => {
  it('answers the bytes the printer sent, as a Uint8Array', async () => {
    const hardware = agentHardware(() => agent.url, pageOf(TILL_ORIGIN));

    const answer = await hardware.tcpExchange(zebra.host, zebra.port, HOST_STATUS_QUERY, { answerLines: 3 });

    expect(answer).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(answer).toString('latin1')).toBe(HOST_STATUS.headOpen);
  });

  it('rejects a silent device with printer.no_answer as a HardwareError (TillHardwareError is the same class)', async () => {
    const silent = await startDeviceAnswering(Buffer.alloc(0));
    const hardware = agentHardware(() => agent.url, pageOf(TILL_ORIGIN));
    try {
      const asking = hardware.tcpExchange(silent.host, silent.port, HOST_STATUS_QUERY, { timeoutMs: 100 });

      await expect(asking).rejects.toBeInstanceOf(HardwareError);
      await expect(asking).rejects.toBeInstanceOf(TillHardwareError);
      await expect(asking).rejects.toMatchObject({ code: 'printer.no_answer' });
    } finally {
      await silent.close();
    }
  });

  it('in the Electron shell, reads the device’s code back from the text Electron passes on', async () => {
    const noAnswer = `The printer at 10.0.0.9:9100 took the request but answered nothing within 3000 ms: check that the port is its raw port (usually 9100), that it is a printer that answers this request (a Zebra answers ~HS), and that it is not busy or in an error state.`;
    const failing = () =>
      Promise.reject(new Error(`Error invoking remote method 'kits:hardware:tcp-exchange': DeviceError [printer.no_answer]: ${noAnswer}`));
    const unused = () => Promise.reject(new Error('not called'));
    const hardware = shellHardware({ hardware: { tcpPrint: unused, tcpExchange: failing, serialWrite: unused, listSerialPorts: unused } });

    await expect(hardware.tcpExchange('10.0.0.9', 9100, HOST_STATUS_QUERY)).rejects.toMatchObject({
      code: 'printer.no_answer',
      message: noAnswer,
    });
  });
});
