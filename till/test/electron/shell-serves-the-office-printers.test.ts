import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startShellAgent, shellAgentPort } from '../../electron/shell-agent.ts';
import { startHardwareAgent, type HardwareAgent } from '../../hardware-agent/agent-server.ts';
import { listSerialPorts, writeToSerialPort } from '../../hardware/serial-port.ts';
import { exchangeOverTcp } from '../../hardware/tcp-exchange.ts';
import { printOverTcp } from '../../hardware/tcp-printer.ts';
import { HOST_STATUS, HOST_STATUS_QUERY, labelCopies, startLoopbackZebra, type LoopbackZebra } from '../../../testing/loopback-zebra.ts';
import { closedWith, connectAs } from '../hardware-agent/support.ts';

const TILL_URL = new URL('http://192.168.1.10:3000/till/');
const devices = { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp };
const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

describe('the Electron shell serves the hardware agent for the back office on its computer', () => {
  let zebra: LoopbackZebra;
  let agent: HardwareAgent | undefined;
  const logged: string[] = [];
  beforeAll(async () => {
    zebra = await startLoopbackZebra('paused');
  });
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
    logged.length = 0;
  });
  afterAll(() => zebra?.close());

  it('the office page of the till’s kernel asks a Zebra its status and prints labels through the shell', async () => {
    agent = await startShellAgent(TILL_URL, { KITS_SHELL_AGENT_PORT: '0' }, devices, (line) => logged.push(line));
    expect(agent).toBeDefined();
    expect(logged).toEqual([
      `The back office at http://192.168.1.10:3000/office/ on this computer reaches printers through this till on ${agent!.url}.`,
    ]);
    const office = await connectAs(agent!.url, 'http://192.168.1.10:3000');
    try {
      const status = await office.ask({
        id: 1,
        op: 'tcpExchange',
        host: zebra.host,
        port: zebra.port,
        bytes: base64(HOST_STATUS_QUERY),
        answerLines: 3,
      });
      expect(status).toEqual({ id: 1, ok: true, result: { bytes: base64(HOST_STATUS.paused) } });
      const labels = '^XA^FDJAM-0042^FS^PQ3^XZ';
      const printed = await office.ask({ id: 2, op: 'tcpPrint', host: zebra.host, port: zebra.port, bytes: base64(labels) });
      expect(printed).toEqual({ id: 2, ok: true, result: { bytesWritten: labels.length } });
      expect(labelCopies(await zebra.nextJob())).toEqual([3]);
    } finally {
      office.close();
    }
  });

  it('serves no page of another origin', async () => {
    agent = await startShellAgent(TILL_URL, { KITS_SHELL_AGENT_PORT: '0' }, devices, (line) => logged.push(line));
    const connectionsBefore = zebra.received.length;
    const stranger = await connectAs(agent!.url, 'http://evil.example');
    const closed = await closedWith(stranger.socket);
    expect(closed.reason).toMatch(/evil\.example/);
    expect(zebra.received.length).toBe(connectionsBefore);
  });

  it('goes on without it when the standalone agent already holds the port, and says so', async () => {
    const standalone = await startHardwareAgent({ port: 0, allowedOrigins: [TILL_URL.origin], devices });
    try {
      agent = await startShellAgent(TILL_URL, { KITS_SHELL_AGENT_PORT: String(standalone.port) }, devices, (line) => logged.push(line));
      expect(agent).toBeUndefined();
      expect(logged).toEqual([expect.stringMatching(new RegExp(`did not start.*Port ${standalone.port} on 127\\.0\\.0\\.1 is in use`))]);
    } finally {
      await standalone.close();
    }
  });

  it.each([
    [{}, 9181],
    [{ KITS_SHELL_AGENT_PORT: '9200' }, 9200],
    [{ KITS_SHELL_AGENT_PORT: 'off' }, undefined],
  ])('KITS_SHELL_AGENT_PORT %j is port %s', (env, port) => {
    expect(shellAgentPort(env)).toBe(port);
  });

  it.each(['ninety', '70000', '-1', ''])('KITS_SHELL_AGENT_PORT "%s" is refused with what it must be', (text) => {
    expect(() => shellAgentPort({ KITS_SHELL_AGENT_PORT: text })).toThrow(
      /must be a port number from 1 to 65535, 0 for any free one, or off/,
    );
  });
});
