import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KITS_CHANNELS, type TillShellInfo } from '../../electron/bridge.ts';
import { listSerialPorts, writeToSerialPort } from '../../hardware/serial-port.ts';
import { exchangeOverTcp } from '../../hardware/tcp-exchange.ts';
import { printOverTcp } from '../../hardware/tcp-printer.ts';
import { registerAppInfoHandler } from '../../electron/ipc/app-info-handler.ts';
import { registerHardwareHandlers } from '../../electron/ipc/hardware-handlers.ts';
import { acceptingCallsOnlyFrom } from '../../electron/ipc/ipc-registry.ts';
import { registerVaultHandlers, safeStorageKeychain } from '../../electron/ipc/vault-handlers.ts';
import { isNavigationAllowed } from '../../electron/window.ts';
import { startLoopbackPrinter, type LoopbackPrinter } from '../hardware/support/loopback-printer.ts';
import { CALL_FROM_TILL, recordingIpc, type RecordingIpc } from './support/recording-ipc.ts';
import { testSafeStorage } from './support/test-safe-storage.ts';

const TILL_URL = new URL('http://127.0.0.1:3000/till/');
const SHELL: TillShellInfo = {
  shellVersion: '0.1.0',
  electronVersion: '45.5.0',
  chromeVersion: '142.0.0.0',
  nodeVersion: '22.20.0',
  platform: 'linux',
  arch: 'x64',
};
const RECEIPT = Uint8Array.from([0x1b, 0x40, 0x0a]);

let ipc: RecordingIpc;
let printer: LoopbackPrinter;
beforeEach(async () => {
  // Wired as main.ts wires it.
  ipc = recordingIpc();
  const fromTillOnly = acceptingCallsOnlyFrom(ipc, (url) => isNavigationAllowed(url, TILL_URL));
  registerAppInfoHandler(fromTillOnly, SHELL);
  registerHardwareHandlers(fromTillOnly, { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp });
  registerVaultHandlers(fromTillOnly, safeStorageKeychain(testSafeStorage(), 'linux'));
  printer = await startLoopbackPrinter();
});
afterEach(() => printer.close());

describe('the bridge as main registers it', () => {
  it('handles exactly the channels of the contract: no other channel has a handler', async () => {
    expect(ipc.channels().sort()).toEqual(Object.values(KITS_CHANNELS).sort());
    await expect(ipc.invoke('kits:hardware:open-cash-drawer')).rejects.toThrow(
      "No handler registered for 'kits:hardware:open-cash-drawer'",
    );
  });

  it('answers the shell versions, and refuses the call with arguments', async () => {
    expect(await ipc.invoke(KITS_CHANNELS.appInfo)).toEqual(SHELL);
    await expect(ipc.invoke(KITS_CHANNELS.appInfo, 'verbose')).rejects.toMatchObject({
      code: 'bridge.invalid_request',
      message: `${KITS_CHANNELS.appInfo}: expects no arguments, got 1`,
    });
  });

  it('serves any page of the till origin', async () => {
    const answer = await ipc.invokeAs(CALL_FROM_TILL, KITS_CHANNELS.tcpPrint, printer.host, printer.port, RECEIPT);

    expect(answer).toEqual({ bytesWritten: 3 });
    expect(await printer.nextJob()).toEqual(Buffer.from(RECEIPT));
  });

  it.each([
    ['another site', 'https://evil.example/till/', 'refused a call from "https://evil.example/till/"'],
    ['another port of the same host', 'http://127.0.0.1:3001/till/', 'refused a call from "http://127.0.0.1:3001/till/"'],
    ['a frame that is gone', null, 'refused a call from a frame that is gone'],
  ])('refuses a call from %s, and the printer sees nothing', async (_case, url, refusal) => {
    const event = { senderFrame: url === null ? null : { url } };

    await expect(ipc.invokeAs(event, KITS_CHANNELS.tcpPrint, printer.host, printer.port, RECEIPT)).rejects.toMatchObject({
      name: 'ShellError',
      code: 'bridge.untrusted_sender',
      message: `${KITS_CHANNELS.tcpPrint}: ${refusal}: only the till page may use the bridge`,
    });
    await expect(ipc.invokeAs(event, KITS_CHANNELS.vaultUnseal, 'AAAA')).rejects.toMatchObject({ code: 'bridge.untrusted_sender' });
    expect(printer.connectionCount()).toBe(0);
  });
});
