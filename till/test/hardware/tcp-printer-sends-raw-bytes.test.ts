import { afterEach, describe, expect, it } from 'vitest';
import { printOverTcp } from '../../hardware/tcp-printer.ts';
import { refusedPort, startHungPrinter, startLoopbackPrinter, startNeverReadingPrinter } from './support/loopback-printer.ts';

// An ESC/POS receipt: initialise, bold on, text, bold off, feed 3 lines, partial cut.
const RECEIPT = Uint8Array.from([
  0x1b,
  0x40,
  0x1b,
  0x45,
  0x01,
  ...Buffer.from('KiTS POS\nFlat White  3.40\n'),
  0x1b,
  0x45,
  0x00,
  0x1b,
  0x64,
  0x03,
  0x1d,
  0x56,
  0x01,
]);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('printing raw bytes to a network printer', () => {
  it('delivers exactly the bytes given, every byte value included, and closes the connection', async () => {
    const printer = await startLoopbackPrinter();
    cleanups.push(() => printer.close());
    const everyByteValue = Uint8Array.from({ length: 512 }, (_, i) => i % 256);

    const first = await printOverTcp(printer, RECEIPT);
    expect(await printer.nextJob()).toEqual(Buffer.from(RECEIPT));
    const second = await printOverTcp(printer, everyByteValue);
    expect(await printer.nextJob()).toEqual(Buffer.from(everyByteValue));

    expect(first).toEqual({ bytesWritten: RECEIPT.byteLength });
    expect(second).toEqual({ bytesWritten: 512 });
  });

  it('sends the bytes of a view into a larger buffer, not the whole buffer', async () => {
    const printer = await startLoopbackPrinter();
    cleanups.push(() => printer.close());
    const whole = Uint8Array.from([0xee, 0xee, 0x1b, 0x40, 0x0a, 0xee]);

    await printOverTcp(printer, whole.subarray(2, 5));

    expect(await printer.nextJob()).toEqual(Buffer.from([0x1b, 0x40, 0x0a]));
  });

  it('says the printer refused when nothing listens on the port', async () => {
    const port = await refusedPort();

    const printing = printOverTcp({ host: '127.0.0.1', port }, RECEIPT);

    await expect(printing).rejects.toMatchObject({
      name: 'DeviceError',
      code: 'printer.connection_refused',
      message: `The printer at 127.0.0.1:${port} refused the connection: check the port (raw printing is usually 9100) and that the printer is ready.`,
    });
  });

  it('says the printer could not be found when its name does not resolve', async () => {
    const printing = printOverTcp({ host: 'kits-no-such-printer.invalid', port: 9100 }, RECEIPT);

    await expect(printing).rejects.toMatchObject({
      code: 'printer.host_not_found',
      message: expect.stringContaining('"kits-no-such-printer.invalid"'),
    });
  });

  it('gives up connecting to a printer that never answers, after the timeout', async () => {
    const hung = await startHungPrinter();
    cleanups.push(() => hung.close());

    const printing = printOverTcp({ host: '127.0.0.1', port: hung.port }, RECEIPT, { timeoutMs: 300 });

    await expect(printing).rejects.toMatchObject({
      code: 'printer.timeout',
      message: `The printer at 127.0.0.1:${hung.port} did not answer within 300 ms: check that it is switched on, on the network, and that the address is right.`,
    });
  });

  it('gives up on a printer that accepts the connection but stops reading, after the timeout', async () => {
    const stalled = await startNeverReadingPrinter();
    cleanups.push(() => stalled.close());
    // More than the loopback socket buffers hold, so the write cannot finish while nobody reads.
    const hugeJob = new Uint8Array(64 * 1024 * 1024);

    const printing = printOverTcp({ host: '127.0.0.1', port: stalled.port }, hugeJob, { timeoutMs: 500 });

    await expect(printing).rejects.toMatchObject({
      code: 'printer.timeout',
      message: expect.stringMatching(/^The printer at 127\.0\.0\.1:\d+ stopped taking data \(not all was sent within 500 ms\)/),
    });
  });
});
