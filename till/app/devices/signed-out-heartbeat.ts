import { useEffect } from 'preact/hooks';
import { localDatabaseBytes, TillHeartbeat } from '../../src/devices/heartbeat.ts';
import { keptReport } from '../../src/devices/kept-report.ts';
import { deviceKeyClient } from '../../src/sync/device-key-client.ts';
import type { DeviceSettings } from '../session.ts';
import { TILL_VERSION } from '../till-version.ts';

/**
 * A paired till waiting at the sign-in screen still sends its heartbeat (with its device key): the
 * office sees it alive, with the events it holds, and a revocation reaches it without anyone signing
 * in (`onRevoked`: it then sends what it holds and erases, decision D-198).
 */
export function useSignedOutHeartbeat(device: DeviceSettings | undefined, onRevoked: (device: DeviceSettings) => void): void {
  useEffect(() => {
    if (!device?.deviceKey) return;
    const heartbeat = new TillHeartbeat({
      client: deviceKeyClient(window.location.origin, device.deviceKey),
      report: async () => {
        const kept = keptReport(localStorage, device.deviceId);
        const lastSyncedAt = kept?.lastSyncedAt ?? null;
        return {
          version: TILL_VERSION,
          sinceLastSyncSeconds: lastSyncedAt === null ? null : Math.max(0, Math.round((Date.now() - lastSyncedAt) / 1000)),
          pendingEvents: kept?.pendingEvents ?? 0,
          databaseBytes: await localDatabaseBytes(),
          peripherals: kept?.peripherals ?? [],
        };
      },
      onAnswer: () => undefined,
      onRevoked: () => onRevoked(device),
    });
    heartbeat.start();
    // Back on the network: say so at once rather than at the next beat.
    const onOnline = () => void heartbeat.beat();
    window.addEventListener('online', onOnline);
    return () => {
      heartbeat.stop();
      window.removeEventListener('online', onOnline);
    };
    // The device, not the callback, decides whether the heartbeat runs.
  }, [device?.deviceId, device?.deviceKey]);
}
