import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listSerialPorts, NO_UDEV_NOTICE, writeToSerialPort } from '../../hardware/serial-port.ts';
import { startPtyPair } from './support/pty-pair.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `action` with a PATH that has no udevadm on it, as on a minimal kiosk image. */
async function withoutUdev<T>(action: () => Promise<T>): Promise<T> {
  const emptyBin = mkdtempSync(join(tmpdir(), 'kits-no-udev-'));
  cleanups.push(() => rmSync(emptyBin, { recursive: true, force: true }));
  const path = process.env.PATH;
  process.env.PATH = emptyBin;
  try {
    return await action();
  } finally {
    process.env.PATH = path;
  }
}

/** A /dev and /sys/class/tty of our own: two adapters, a real and a phantom UART, and things that are no serial port. */
function deviceFolders(usbAdapter: string): { dev: string; sysClassTty: string } {
  const root = mkdtempSync(join(tmpdir(), 'kits-devices-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const dev = join(root, 'dev');
  const sysClassTty = join(root, 'sys-class-tty');
  mkdirSync(dev);
  for (const name of ['ttyACM0', 'ttyS0', 'ttyS1', 'ttyS10', 'tty5', 'null', 'ttyUSBx']) writeFileSync(join(dev, name), '');
  symlinkSync(usbAdapter, join(dev, 'ttyUSB0'));
  // The kernel makes every ttyS node; only those with a UART behind them have a port type other than 0.
  for (const [name, type] of [
    ['ttyS0', '0'],
    ['ttyS1', '4'],
    ['ttyS10', '4'],
  ] as const) {
    mkdirSync(join(sysClassTty, name), { recursive: true });
    writeFileSync(join(sysClassTty, name, 'type'), `${type}\n`);
  }
  return { dev, sysClassTty };
}

describe('listing serial ports on a Linux without udev', () => {
  it('answers the ports it can see under /dev, with a notice saying why maker and serial number are missing', async () => {
    const line = await startPtyPair();
    cleanups.push(() => line.close());
    const folders = deviceFolders(line.endA);

    const listing = await withoutUdev(() => listSerialPorts(folders));

    expect(listing.notice).toBe(NO_UDEV_NOTICE);
    expect(listing.notice).toContain('apt-get install udev');
    expect(listing.ports.map((port) => port.path)).toEqual(
      ['ttyACM0', 'ttyS1', 'ttyS10', 'ttyUSB0'].map((name) => join(folders.dev, name)),
    );
    expect(listing.ports[0]).toEqual({
      path: join(folders.dev, 'ttyACM0'),
      manufacturer: undefined,
      serialNumber: undefined,
      vendorId: undefined,
      productId: undefined,
    });
  });

  it('a port found that way takes a write like any other', async () => {
    const line = await startPtyPair();
    cleanups.push(() => line.close());
    const folders = deviceFolders(line.endA);
    const { ports } = await withoutUdev(() => listSerialPorts(folders));
    const adapter = ports.find((port) => port.path.endsWith('ttyUSB0'))!;

    expect(await writeToSerialPort({ path: adapter.path, baudRate: 9600 }, Uint8Array.from([0x1b, 0x40]))).toEqual({ bytesWritten: 2 });
  });
});
