import { Timestamp, Uuid } from '@kits/plugin-sdk';
import { Type, type Static } from 'typebox';
import type { Device } from './device-view.ts';

/** A till that has held events this long without a successful sync is stuck (the seed's stuck-sync alert). */
export const STUCK_SYNC_AFTER_MS = 5 * 60_000;

export const DeviceAlertSchema = Type.Object({
  deviceId: Uuid,
  deviceName: Type.String(),
  locationId: Uuid,
  kind: Type.Union([
    Type.Literal('stuck-sync'),
    Type.Literal('device-error'),
    Type.Literal('peripheral-error'),
    Type.Literal('update-required'),
  ]),
  message: Type.String(),
  since: Type.Union([Timestamp, Type.Null()], { description: 'since when it holds (as far as the kernel knows)' }),
});
export type DeviceAlert = Static<typeof DeviceAlertSchema>;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * What is wrong with a device now, computed from what it (or its till) last reported — alerts are
 * not stored: a stuck sync starts by time passing, with nothing written (decision D-197).
 */
export function deviceAlerts(device: Device, now: number): DeviceAlert[] {
  if (device.revokedAt) return [];
  const alert = (kind: DeviceAlert['kind'], message: string, since: string | null): DeviceAlert => ({
    deviceId: device.id,
    deviceName: device.name,
    locationId: device.locationId,
    kind,
    message,
    since,
  });
  const alerts: DeviceAlert[] = [];
  if (device.status.state === 'error')
    alerts.push(alert('device-error', device.status.message ?? 'The device reported an error.', device.status.reportedAt));
  const till = device.till;
  if (!till) return alerts;
  const lastSync = till.lastSyncedAt ?? device.pendingReportedAt ?? device.createdAt;
  if ((device.pendingEvents ?? 0) > 0 && now - Date.parse(lastSync) > STUCK_SYNC_AFTER_MS) {
    alerts.push(
      alert(
        'stuck-sync',
        `${plural(device.pendingEvents!, 'event')} waiting to be sent, and no successful sync for more than 5 minutes.`,
        lastSync,
      ),
    );
  }
  // A peripheral the till names by address is a device of its own (the heartbeat registers it, D-224):
  // its error is that device's alert. One without an address is known only through the till.
  for (const peripheral of till.peripherals) {
    if (peripheral.state === 'error' && !peripheral.address)
      alerts.push(
        alert('peripheral-error', `${peripheral.name}: ${peripheral.message ?? 'reports an error.'}`, peripheral.at ?? till.heartbeatAt),
      );
  }
  if (till.updateRequired)
    alerts.push(
      alert(
        'update-required',
        `Runs version ${device.version ?? '(unknown)'}, older than the minimum: it cannot send sales until it is updated.`,
        null,
      ),
    );
  return alerts;
}
