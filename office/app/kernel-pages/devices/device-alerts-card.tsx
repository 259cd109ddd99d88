import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { LinkButton, ProblemNotice, Spinner, Stack, Stat, useRefreshWhileVisible, useResource } from '@kits/ui-kit';
import { TENANT, type DeviceAlert } from '../kernel-api.ts';
import { DeviceAlertList } from './device-alerts.tsx';

const SHOWN = 5;

/** The home dashboard's card: devices that need looking at now (a stuck till, a printer in error). */
export function deviceAlertsCard(context: OfficePluginContext) {
  return function DeviceAlertsCard({ locationId }: { locationId: string | undefined }) {
    const alerts = useResource(
      async (signal) => ({
        items: (await context.api.get<{ items: DeviceAlert[] }>(`${TENANT}/devices/alerts`, { query: { locationId }, signal })).items,
        at: new Date(),
      }),
      [locationId],
    );
    useRefreshWhileVisible(alerts.reload, 30_000);
    if (alerts.error) return <ProblemNotice error={alerts.error} what="Loading the device alerts" onRetry={alerts.reload} />;
    if (!alerts.data) return <Spinner label="Loading the device alerts" />;
    const { items, at } = alerts.data;
    const devices = new Set(items.map((a) => a.deviceId)).size;
    return (
      <Stack>
        <Stat
          label="Devices needing attention"
          value={String(devices)}
          detail={items.length > 0 ? `${items.length} alert${items.length === 1 ? '' : 's'}` : undefined}
        />
        <DeviceAlertList alerts={items.slice(0, SHOWN)} now={at} empty="Tills are syncing and no device reports an error." />
        <LinkButton href={context.href('devices')} variant="ghost">
          See the devices
        </LinkButton>
      </Stack>
    );
  };
}
