import { describe, expect, it } from 'vitest';
import { KITS_CHANNELS } from '../../electron/bridge.ts';
import { registerHardwareHandlers } from '../../electron/ipc/hardware-handlers.ts';
import { DeviceError } from '../../hardware/device-error.ts';
import { listSerialPorts, writeToSerialPort } from '../../hardware/serial-port.ts';
import { exchangeOverTcp } from '../../hardware/tcp-exchange.ts';
import { printOverTcp } from '../../hardware/tcp-printer.ts';
import { recordingIpc } from '../electron/support/recording-ipc.ts';
import { HOST_STATUS, HOST_STATUS_QUERY, startDeviceAnswering, startLoopbackZebra } from '../../../testing/loopback-zebra.ts';

function shellBridge() {
  const ipc = recordingIpc();
  registerHardwareHandlers(ipc, { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp });
  return ipc;
}

describe('the Electron shell’s tcp-exchange channel', () => {
  it('answers the printer’s bytes, with or without options', async () => {
    const zebra = await startLoopbackZebra(HOST_STATUS.outOfMedia);
    const ipc = shellBridge();
    try {
      const counted = await ipc.invoke(KITS_CHANNELS.tcpExchange, zebra.host, zebra.port, HOST_STATUS_QUERY, { answerLines: 3 });
      const quiet = await ipc.invoke(KITS_CHANNELS.tcpExchange, zebra.host, zebra.port, HOST_STATUS_QUERY);

      expect(Buffer.from(counted as Uint8Array).toString('latin1')).toBe(HOST_STATUS.outOfMedia);
      expect(Buffer.from(quiet as Uint8Array).toString('latin1')).toBe(HOST_STATUS.outOfMedia);
    } finally {
      await zebra.close();
    }
  });

  it.each([
    [['127.0.0.1', 9100, HOST_STATUS_QUERY, { answerLines: -1 }], 'options.answerLines must be an integer from 1 to 1024'],
    [['127.0.0.1', 9100, HOST_STATUS_QUERY, { waitMs: 5 }], 'options.waitMs is not an option (it takes answerLines, idleMs, timeoutMs)'],
    [['127.0.0.1', 9100, HOST_STATUS_QUERY, 'fast'], 'options must be an object { answerLines?, idleMs?, timeoutMs? }, got "fast"'],
    [['127.0.0.1', 9100, new Uint8Array(0)], 'bytes is empty: there is nothing to send'],
    [['127.0.0.1', 9100], 'expects 4 argument(s) (host, port, bytes, options), got 2'],
  ])('refuses %j with bridge.invalid_request naming what is wrong', async (args, problem) => {
    const ipc = shellBridge();

    await expect(ipc.invoke(KITS_CHANNELS.tcpExchange, ...args)).rejects.toMatchObject({
      code: 'bridge.invalid_request',
      message: expect.stringContaining(`${KITS_CHANNELS.tcpExchange}: ${problem}`),
    });
  });

  it('rejects a silent device with printer.no_answer, its code in the text Electron passes to the page', async () => {
    const silent = await startDeviceAnswering(Buffer.alloc(0));
    const ipc = shellBridge();
    try {
      const asking = ipc.invoke(KITS_CHANNELS.tcpExchange, silent.host, silent.port, HOST_STATUS_QUERY, { timeoutMs: 100 });

      const failure = await asking.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(DeviceError);
      expect(String(failure)).toMatch(
        /^DeviceError \[printer\.no_answer\]: The printer at 127\.0\.0\.1:\d+ took the request but answered nothing within 100 ms/,
      );
    } finally {
      await silent.close();
    }
  });
});
