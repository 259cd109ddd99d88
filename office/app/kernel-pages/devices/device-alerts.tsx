import { Badge, EmptyState, Stack, TimeAgo } from '@kits/ui-kit';
import type { DeviceAlert } from '../kernel-api.ts';
import { ALERT_TITLES } from './device-words.tsx';

/** The devices that need looking at, worst first: stuck tills and errors before tills to update. */
export function DeviceAlertList({ alerts, now, empty }: { alerts: readonly DeviceAlert[]; now: Date; empty?: string }) {
  if (alerts.length === 0)
    return <EmptyState title="Every device is fine">{empty ?? 'Stuck tills and device errors show here.'}</EmptyState>;
  const order = (a: DeviceAlert) => (a.kind === 'update-required' ? 1 : 0);
  return (
    <Stack as="ul" space={2} label="Device alerts">
      {[...alerts]
        .sort((a, b) => order(a) - order(b))
        .map((alert) => (
          <li key={`${alert.deviceId}/${alert.kind}/${alert.message}`} data-testid="device-alert">
            <Badge tone={alert.kind === 'update-required' ? 'warning' : 'danger'}>{ALERT_TITLES[alert.kind]}</Badge>{' '}
            <strong>{alert.deviceName}</strong>
            {' — '}
            {alert.message}
            {alert.since && (
              <span class="k-muted">
                {' '}
                (<TimeAgo value={alert.since} now={now} />)
              </span>
            )}
          </li>
        ))}
    </Stack>
  );
}
