import { Badge, TimeAgo } from '@kits/ui-kit';
import type { Device, DeviceAlert, DeviceKind } from '../kernel-api.ts';

/** Each kind of device as the shop calls it. */
export const KIND_NAMES: Readonly<Record<DeviceKind, string>> = {
  till: 'Till',
  'receipt-printer': 'Receipt printer',
  'label-printer': 'Label printer',
  'card-reader': 'Card reader',
  scanner: 'Scanner',
  'customer-display': 'Customer display',
};

/** A till not heard from in this long is shown as quiet (it sends a heartbeat every 30 s when online). */
export const QUIET_AFTER_MS = 10 * 60_000;

/** What the table's State column says of a device, its alerts first. */
export function deviceState(device: Device, alerts: readonly DeviceAlert[], now: number) {
  if (device.revokedAt) return <Badge tone="neutral">Revoked</Badge>;
  if (alerts.some((a) => a.kind === 'stuck-sync')) return <Badge tone="danger">Sync stuck</Badge>;
  if (alerts.some((a) => a.kind === 'device-error' || a.kind === 'peripheral-error')) return <Badge tone="danger">Error</Badge>;
  if (alerts.some((a) => a.kind === 'update-required')) return <Badge tone="warning">Needs an update</Badge>;
  if (device.kind !== 'till') {
    if (device.status.state === 'ok') return <Badge tone="success">OK</Badge>;
    return <Badge tone="info">Not reported yet</Badge>;
  }
  if (!device.paired) return <Badge tone="info">Waiting to be paired</Badge>;
  if (!device.lastSeenAt || now - Date.parse(device.lastSeenAt) > QUIET_AFTER_MS)
    return <Badge tone="warning">Not heard from lately</Badge>;
  return <Badge tone="success">Online</Badge>;
}

/** "2 minutes ago", or "Never". */
export function lastSeen(device: Device, now: Date) {
  return device.lastSeenAt ? <TimeAgo value={device.lastSeenAt} now={now} /> : 'Never';
}

/** What an alert is about, in a word. */
export const ALERT_TITLES: Readonly<Record<DeviceAlert['kind'], string>> = {
  'stuck-sync': 'Sync stuck',
  'device-error': 'Device error',
  'peripheral-error': 'Printer or reader error',
  'update-required': 'Needs an update',
};
