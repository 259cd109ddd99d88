import { SerialPort } from 'serialport';
import type { BytesDelivered, SerialPortListing } from './devices.ts';
import { DeviceError } from './device-error.ts';
import { LINUX_DEVICE_FOLDERS, serialPortsUnderDev, type DeviceFolders } from './serial-ports-under-dev.ts';

/** A serial device (a receipt printer, a customer display, a cash drawer) and the speed it talks at. */
export interface SerialDevice {
  readonly path: string;
  readonly baudRate: number;
}

export interface SerialWriteOptions {
  /** How long opening the port and draining every byte may take together, in milliseconds. */
  readonly timeoutMs?: number;
}

export const DEFAULT_SERIAL_WRITE_TIMEOUT_MS = 10_000;

type WritePhase = 'opening' | 'sending';

/** Said with the ports found under /dev when udev is missing. */
export const NO_UDEV_NOTICE =
  'This computer has no udev (udevadm was not found), so serial ports are listed from /dev without maker or serial number: install udev (apt-get install udev) to see them.';

function udevIsMissing(error: unknown): boolean {
  const failure = error as NodeJS.ErrnoException | undefined;
  return failure?.code === 'ENOENT' && /udevadm/.test(`${failure.syscall ?? ''} ${failure.path ?? ''}`);
}

/**
 * The serial ports the operating system reports. On Linux that listing asks udev; without udev the
 * ports come from `/dev` (`deviceFolders`) with a notice saying so, instead of an error.
 */
export async function listSerialPorts(deviceFolders: DeviceFolders = LINUX_DEVICE_FOLDERS): Promise<SerialPortListing> {
  try {
    const ports = await SerialPort.list();
    return {
      ports: ports.map(({ path, manufacturer, serialNumber, vendorId, productId }) => ({
        path,
        manufacturer,
        serialNumber,
        vendorId,
        productId,
      })),
    };
  } catch (error) {
    if (!udevIsMissing(error)) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DeviceError('serial.list_failed', `The serial ports could not be listed (${message}): check the till's operating system.`, {
        cause: error,
      });
    }
    return { ports: await serialPortsUnderDev(deviceFolders), notice: NO_UDEV_NOTICE };
  }
}

// The native binding reports failures as text only ("Error: No such file or directory, cannot open …").
function serialFailure(error: unknown, device: SerialDevice): DeviceError {
  const message = error instanceof Error ? error.message : String(error);
  const path = device.path;
  if (/No such file or directory|ENOENT/i.test(message)) {
    return new DeviceError(
      'serial.port_not_found',
      `There is no serial port at ${path}: check the cable and the port name (hardware.listSerialPorts() shows the ports this till sees).`,
      { cause: error },
    );
  }
  if (/Permission denied|EACCES/i.test(message)) {
    return new DeviceError(
      'serial.permission_denied',
      `The till may not open ${path} (permission denied): on Linux, add the till's user to the "dialout" group and log in again.`,
      { cause: error },
    );
  }
  if (/Cannot lock port|Resource temporarily unavailable|Device or resource busy|Access denied/i.test(message)) {
    return new DeviceError('serial.port_busy', `${path} is in use by another program: close it, then try again.`, { cause: error });
  }
  if (/Inappropriate ioctl|Not a typewriter/i.test(message)) {
    return new DeviceError('serial.not_a_serial_port', `${path} is not a serial port: pick one from hardware.listSerialPorts().`, {
      cause: error,
    });
  }
  return new DeviceError('serial.io_failed', `Writing to the serial port ${path} failed (${message}): check the device and try again.`, {
    cause: error,
  });
}

function serialTimeout(device: SerialDevice, phase: WritePhase, timeoutMs: number): DeviceError {
  return phase === 'opening'
    ? new DeviceError(
        'serial.timeout',
        `The serial port ${device.path} did not open within ${timeoutMs} ms: check the device and its cable.`,
      )
    : new DeviceError(
        'serial.timeout',
        `The device on ${device.path} stopped taking data (not all was sent within ${timeoutMs} ms): check that it is on, has paper, and talks at ${device.baudRate} baud.`,
      );
}

function settle(operation: (done: (error: Error | null | undefined) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => operation((error) => (error ? reject(error) : resolve())));
}

interface WriteProgress {
  phase: WritePhase;
  /** Set when the write has failed or timed out: a port that opens after that is closed at once. */
  abandoned: boolean;
}

async function openWriteAndDrain(port: SerialPort, bytes: Uint8Array, progress: WriteProgress): Promise<void> {
  await settle((done) => port.open(done));
  if (progress.abandoned) {
    await settle((done) => port.close(done));
    return;
  }
  progress.phase = 'sending';
  await settle((done) => port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), done));
  await settle((done) => port.drain(done));
}

/**
 * Opens the serial device, writes `bytes`, waits until the operating system has sent them all
 * (drain), and closes the port. Rejects with a `serial.*` error saying what went wrong.
 */
export async function writeToSerialPort(
  device: SerialDevice,
  bytes: Uint8Array,
  options: SerialWriteOptions = {},
): Promise<BytesDelivered> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SERIAL_WRITE_TIMEOUT_MS;
  const port = new SerialPort({ path: device.path, baudRate: device.baudRate, autoOpen: false });
  const progress: WriteProgress = { phase: 'opening', abandoned: false };
  let deadline: NodeJS.Timeout | undefined;
  // Promise.race keeps listening to all three, so whichever settles later is still handled.
  const timedOut = new Promise<never>((_, reject) => {
    deadline = setTimeout(() => reject(serialTimeout(device, progress.phase, timeoutMs)), timeoutMs);
  });
  // Write errors may come as an 'error' event rather than through a callback.
  const streamFailed = new Promise<never>((_, reject) => port.once('error', reject));
  try {
    await Promise.race([openWriteAndDrain(port, bytes, progress), streamFailed, timedOut]);
  } catch (error) {
    progress.abandoned = true;
    // Closing fails a write still pending after a timeout; the first failure is the one to report.
    if (port.isOpen) await settle((done) => port.close(done)).catch(() => undefined);
    throw error instanceof DeviceError ? error : serialFailure(error, device);
  } finally {
    clearTimeout(deadline);
  }
  try {
    await settle((done) => port.close(done));
  } catch (error) {
    throw serialFailure(error, device);
  }
  return { bytesWritten: bytes.byteLength };
}
