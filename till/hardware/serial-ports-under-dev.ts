import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SerialPortSummary } from './devices.ts';

/** Where a Linux system keeps device nodes and what the kernel says of each tty. */
export interface DeviceFolders {
  readonly dev: string;
  readonly sysClassTty: string;
}

export const LINUX_DEVICE_FOLDERS: DeviceFolders = { dev: '/dev', sysClassTty: '/sys/class/tty' };

// The names serialport's own udev listing keeps: 16550 UARTs, USB and ACM adapters, ARM UARTs, Bluetooth.
const SERIAL_NAME = /^(?:tty(?:S|WCH|ACM|USB|AMA|MFD|O|XRUSB)\d+|rfcomm\d+)$/;

/**
 * The kernel creates ttyS0–ttyS31 whether or not a UART is there; a port with no UART behind it
 * has type 0 (PORT_UNKNOWN) in sysfs. Adapters (ttyUSB, ttyACM…) only exist while plugged in.
 */
async function hasHardware(name: string, folders: DeviceFolders): Promise<boolean> {
  if (!name.startsWith('ttyS')) return true;
  const type = await readFile(join(folders.sysClassTty, name, 'type'), 'utf8').catch(() => '0');
  return type.trim() !== '0';
}

/**
 * The serial ports visible as device nodes, for a Linux without udev (a minimal kiosk image): by
 * path only, since the maker and serial number come from udev's database.
 */
export async function serialPortsUnderDev(folders: DeviceFolders = LINUX_DEVICE_FOLDERS): Promise<SerialPortSummary[]> {
  const names = (await readdir(folders.dev)).filter((name) => SERIAL_NAME.test(name)).sort(byPortNumber);
  const present = await Promise.all(names.map((name) => hasHardware(name, folders)));
  return names
    .filter((_, index) => present[index])
    .map((name) => ({
      path: join(folders.dev, name),
      manufacturer: undefined,
      serialNumber: undefined,
      vendorId: undefined,
      productId: undefined,
    }));
}

/** ttyS2 before ttyS10. */
function byPortNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
