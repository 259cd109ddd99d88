import type { TillSaleScreenView } from '@kits/plugin-sdk/till';
import type { AgentSocket } from '@kits/plugin-sdk/hardware-agent';
import iconv from 'iconv-lite';
import { SerialPort } from 'serialport';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHardwareAgent, type HardwareAgent } from '../../hardware-agent/agent-server.ts';
import { listSerialPorts, writeToSerialPort } from '../../hardware/serial-port.ts';
import { exchangeOverTcp } from '../../hardware/tcp-exchange.ts';
import { printOverTcp } from '../../hardware/tcp-printer.ts';
import { SaleScreenChannel } from '../../src/plugins/sale-screen-channel.ts';
import { agentHardware } from '../../src/hardware/till-hardware.ts';
import { startPtyPair, type PtyPair } from '../hardware/support/pty-pair.ts';
import { followSaleOnDisplay } from '../../../plugins/escpos-receipts/src/till/customer-display.ts';

const TILL_ORIGIN = 'http://127.0.0.1:3000';

/** What the display must receive for a screen, spelled out here rather than by the plugin's encoder. */
const screenBytes = (upper: string, lower: string): Buffer =>
  Buffer.concat([
    Buffer.from([0x1b, 0x40, 0x1b, 0x74, 19, 0x0c, 0x1f, 0x24, 1, 1]),
    iconv.encode(upper, 'cp858'),
    Buffer.from([0x1f, 0x24, 1, 2]),
    iconv.encode(lower, 'cp858'),
  ]);

/** The display's end of the line: every byte that arrives, and a wait until `length` have. */
function displayEnd(path: string) {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  let arrived = Buffer.alloc(0);
  let waiting: { length: number; resolve: () => void } | undefined;
  port.on('data', (chunk: Buffer) => {
    arrived = Buffer.concat([arrived, chunk]);
    if (waiting && arrived.byteLength >= waiting.length) waiting.resolve();
  });
  return {
    open: () => new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve()))),
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
    /** Resolves with everything that arrived once at least `length` bytes have. */
    received: (length: number) =>
      new Promise<Buffer>((resolve) => {
        const done = () => resolve(arrived);
        if (arrived.byteLength >= length) return done();
        waiting = { length, resolve: done };
      }),
  };
}

const flatWhite = { name: 'Flat White', quantity: 1, total: 340 };
const croissant = { name: 'Butter Croissant', quantity: 1, total: 220 };

describe('the customer display on a serial line, driven by the sale screen', () => {
  let agent: HardwareAgent;
  let line: PtyPair;
  let display: ReturnType<typeof displayEnd>;
  const saleScreen = new SaleScreenChannel();
  let stop: (() => void) | undefined;
  // A write the display path reports failed ends the wait with its error (the bytes would never all come).
  let failWrite: (error: unknown) => void = () => undefined;
  const writeFailed = new Promise<never>((_, reject) => (failWrite = reject));
  const arrived = (length: number) => Promise.race([display.received(length), writeFailed]);

  beforeAll(async () => {
    agent = await startHardwareAgent({
      port: 0,
      allowedOrigins: [TILL_ORIGIN],
      devices: { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp },
    });
    line = await startPtyPair();
    display = displayEnd(line.endB);
    await display.open();
    // The till's own sale screen channel, and its hardware in a browser: through the hardware agent.
    const hardware = agentHardware(
      () => agent.url,
      (url) => new WebSocket(url, { origin: TILL_ORIGIN }) as unknown as AgentSocket,
    );
    stop = followSaleOnDisplay(saleScreen, hardware, { path: line.endA, baudRate: 9600 }, () => ({ shopName: 'Corner Café' }), {
      changeShownMs: 300,
      report: (error) => failWrite(error),
    });
  });
  afterAll(async () => {
    stop?.();
    await display?.close();
    await line?.close();
    await agent?.close();
  });

  it('shows each item scanned with the total, the total while paying, the change after a cash sale, then the thank-you — exactly these bytes', async () => {
    // Each view, and the screen the display must show for it (none: the next sale's empty cart leaves
    // the change where it is, and the thank-you follows it). The test waits for each screen before the
    // next scan, as a cashier's pace does: opening a serial port flushes it, and on the pseudo-terminal
    // that stands in for the cable that flush would throw away a screen socat had not carried yet.
    const steps: Array<[TillSaleScreenView, Buffer]> = [
      [{ step: 'cart', currency: 'EUR', lines: [], total: 0 }, screenBytes('      Welcome       ', '    Corner Café     ')],
      [
        { step: 'cart', currency: 'EUR', lines: [flatWhite], lastLine: flatWhite, total: 340 },
        screenBytes('Flat White      3.40', 'TOTAL           3.40'),
      ],
      [
        { step: 'cart', currency: 'EUR', lines: [flatWhite, croissant], lastLine: croissant, total: 560 },
        screenBytes('Butter Croissan 2.20', 'TOTAL           5.60'),
      ],
      [{ step: 'tender', currency: 'EUR', total: 560, paid: 0 }, screenBytes('TOTAL           5.60', 'DUE             5.60')],
      [
        { step: 'completed', currency: 'EUR', saleId: 'sale-1', total: 560, paid: 1000, change: 440, cash: true },
        screenBytes('TOTAL           5.60', 'CHANGE          4.40'),
      ],
      [{ step: 'cart', currency: 'EUR', lines: [], total: 0 }, Buffer.alloc(0)],
    ];
    let expected = Buffer.alloc(0);
    for (const [view, screen] of steps) {
      saleScreen.show(view);
      expected = Buffer.concat([expected, screen]);
      expect(await arrived(expected.byteLength)).toEqual(expected);
    }
    expected = Buffer.concat([expected, screenBytes('     Thank you!     ', '    Corner Café     ')]);
    expect(await arrived(expected.byteLength)).toEqual(expected);
  });

  it('shows the next sale’s first item over the thank-you', async () => {
    const before = (await display.received(0)).byteLength;
    const next = screenBytes('Flat White      3.40', 'TOTAL           3.40');

    saleScreen.show({ step: 'cart', currency: 'EUR', lines: [flatWhite], lastLine: flatWhite, total: 340 });

    expect((await arrived(before + next.byteLength)).subarray(before)).toEqual(next);
  });
});
