import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { listSerialPorts, writeToSerialPort } from '../../hardware/serial-port.ts';
import { startPtyPair } from './support/pty-pair.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Opens the other end of the line, like the device would, keeping what arrives. */
async function openDevice(path: string): Promise<{ readonly port: SerialPort; bytesReceived(count: number): Promise<Buffer> }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  cleanups.push(() => port.isOpen && new Promise((resolve) => port.close(resolve)));
  const chunks: Buffer[] = [];
  let arrived = (): void => undefined;
  port.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    arrived();
  });
  return {
    port,
    async bytesReceived(count) {
      while (Buffer.concat(chunks).length < count) await new Promise<void>((resolve) => (arrived = resolve));
      return Buffer.concat(chunks);
    },
  };
}

describe('writing raw bytes to a serial device', () => {
  it('lists the ports the operating system reports, by path', async () => {
    const { ports, notice } = await listSerialPorts();

    expect(Array.isArray(ports)).toBe(true);
    expect(notice).toBeUndefined();
    for (const port of ports) {
      expect(typeof port.path).toBe('string');
      expect(Object.keys(port).sort()).toEqual(['manufacturer', 'path', 'productId', 'serialNumber', 'vendorId']);
    }
  });

  it('delivers exactly the bytes written, every byte value included, to the other end of the line, then lets the port go', async () => {
    const line = await startPtyPair();
    cleanups.push(() => line.close());
    const device = await openDevice(line.endB);
    // A receipt (initialise, text, cut) and then every byte value, XON/XOFF and NUL among them.
    const receipt = Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from('KiTS POS\n'), Buffer.from([0x1d, 0x56, 0x01])]);
    const bytes = Uint8Array.from([...receipt, ...Array.from({ length: 1024 }, (_, i) => i % 256)]);

    const delivered = await writeToSerialPort({ path: line.endA, baudRate: 9600 }, bytes);

    expect(delivered).toEqual({ bytesWritten: bytes.byteLength });
    expect(await device.bytesReceived(bytes.byteLength)).toEqual(Buffer.from(bytes));
    // The port was closed after the write: another program can take it.
    expect((await openDevice(line.endA)).port.isOpen).toBe(true);
  });

  it('says there is no serial port at a path where nothing is', async () => {
    const path = join(tmpdir(), 'kits-no-such-tty');

    const writing = writeToSerialPort({ path, baudRate: 9600 }, Uint8Array.of(0x0a));

    await expect(writing).rejects.toMatchObject({
      name: 'DeviceError',
      code: 'serial.port_not_found',
      message: `There is no serial port at ${path}: check the cable and the port name (hardware.listSerialPorts() shows the ports this till sees).`,
    });
  });

  it('says a path is not a serial port when it is an ordinary file, and leaves the file as it was', async () => {
    const path = join(tmpdir(), `kits-not-a-tty-${process.pid}`);
    writeFileSync(path, 'unchanged');
    cleanups.push(() => rmSync(path, { force: true }));

    const writing = writeToSerialPort({ path, baudRate: 9600 }, Uint8Array.of(0x0a));

    await expect(writing).rejects.toMatchObject({
      code: 'serial.not_a_serial_port',
      message: `${path} is not a serial port: pick one from hardware.listSerialPorts().`,
    });
    expect(readFileSync(path, 'utf8')).toBe('unchanged');
  });

  it('says the port is in use when another program holds it', async () => {
    const line = await startPtyPair();
    cleanups.push(() => line.close());
    await openDevice(line.endA);

    const writing = writeToSerialPort({ path: line.endA, baudRate: 9600 }, Uint8Array.of(0x0a));

    await expect(writing).rejects.toMatchObject({
      code: 'serial.port_busy',
      message: `${line.endA} is in use by another program: close it, then try again.`,
    });
  });

  it('gives up on a device that stops taking data, after the timeout, and frees the port', async () => {
    const line = await startPtyPair();
    cleanups.push(() => line.close());
    // Nobody reads the other end: once the terminal buffers are full, the write stalls.
    const writing = writeToSerialPort({ path: line.endA, baudRate: 9600 }, new Uint8Array(1024 * 1024), { timeoutMs: 500 });

    await expect(writing).rejects.toMatchObject({
      code: 'serial.timeout',
      message: `The device on ${line.endA} stopped taking data (not all was sent within 500 ms): check that it is on, has paper, and talks at 9600 baud.`,
    });
    // The write closed the port: another program can take it (the lock is released).
    const next = await openDevice(line.endA);
    expect(next.port.isOpen).toBe(true);
  });
});
