import { HardwareError } from '@kits/plugin-sdk/office';
import type { AgentSocket } from '@kits/plugin-sdk/hardware-agent';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeHardware } from '../../app/hardware/office-hardware.ts';
import { HOST_STATUS, startLoopbackZebra } from '../../../testing/loopback-zebra.ts';
import { refusedPort, startAgentProcess, type AgentProcess } from './support/hardware-agent-process.ts';

/** The office's address, as the agent is told to serve it and as the page's WebSocket says it. */
const OFFICE = 'http://127.0.0.1:3000';
const pageOf =
  (origin: string) =>
  (url: string): AgentSocket =>
    new WebSocket(url, { origin }) as unknown as AgentSocket;

/** `context.hardware` as the office gives it to plugins, against a real agent process and a loopback Zebra. */
describe('the office’s hardware asks a printer through the hardware agent', () => {
  let agent: AgentProcess;
  let zebra: Awaited<ReturnType<typeof startLoopbackZebra>>;
  beforeAll(async () => {
    agent = await startAgentProcess(OFFICE);
    zebra = await startLoopbackZebra(HOST_STATUS.paused);
  });
  afterAll(async () => {
    agent?.process.kill();
    await zebra?.close();
  });

  it('is available, and answers a Zebra’s three ~HS lines exactly', async () => {
    const hardware = officeHardware(OFFICE, () => agent.url, pageOf(OFFICE));

    expect(await hardware.available()).toBe(true);
    const answer = await hardware.tcpExchange(zebra.host, zebra.port, new TextEncoder().encode('~HS'), { answerLines: 3 });

    expect(new TextDecoder().decode(answer)).toBe(HOST_STATUS.paused);
  });

  it('offers plugins no serial devices: available, tcpPrint and tcpExchange only', () => {
    expect(Object.keys(officeHardware(OFFICE, () => agent.url, pageOf(OFFICE))).sort()).toEqual(['available', 'tcpExchange', 'tcpPrint']);
  });

  it('rejects with HardwareError hardware.agent_unreachable, saying to start the agent with --allow-origin this office’s address', async () => {
    const nowhere = `ws://127.0.0.1:${await refusedPort()}`;
    const hardware = officeHardware(OFFICE, () => nowhere, pageOf(OFFICE));

    const printing = hardware.tcpPrint(zebra.host, zebra.port, new TextEncoder().encode('^XA^XZ'));

    await expect(printing).rejects.toBeInstanceOf(HardwareError);
    await expect(printing).rejects.toMatchObject({
      code: 'hardware.agent_unreachable',
      message: `The hardware agent at ${nowhere} does not answer: start it on this computer with --allow-origin ${OFFICE} (Settings → Printers on this computer shows the command), or check its address there.`,
    });
  });

  it('says the agent refused this page when it serves another address, and that there is no printer without an address', async () => {
    const stranger = officeHardware('http://192.168.1.9:3000', () => agent.url, pageOf('http://192.168.1.9:3000'));
    const noAddress = officeHardware(OFFICE, () => '', pageOf(OFFICE));

    await expect(stranger.tcpExchange(zebra.host, zebra.port, new TextEncoder().encode('~HS'))).rejects.toMatchObject({
      code: 'hardware.agent_refused',
      message: `The hardware agent at ${agent.url} refused this page: Origin http://192.168.1.9:3000 is not allowed: start the agent with --allow-origin <this page's address>`,
    });
    await expect(noAddress.tcpPrint(zebra.host, zebra.port, new TextEncoder().encode('^XA^XZ'))).rejects.toMatchObject({
      code: 'hardware.not_available',
    });
  });
});
