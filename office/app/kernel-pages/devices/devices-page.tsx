import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, Button, DataTable, DateTime, PageHeader, ProblemNotice, useResource, type Column } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { TENANT, type Device, type Location } from '../kernel-api.ts';
import { PairingCodeDialog } from './pairing-code-dialog.tsx';
import { RegisterTillDialog } from './register-till-dialog.tsx';

/** A till not heard from in this long is shown as quiet (it syncs every few seconds when online). */
const QUIET_AFTER_MS = 10 * 60_000;

function connection(device: Device, now: number) {
  if (device.revokedAt) return <Badge tone="neutral">Revoked</Badge>;
  if (!device.paired) return <Badge tone="info">Waiting to be paired</Badge>;
  if (!device.lastSeenAt || now - Date.parse(device.lastSeenAt) > QUIET_AFTER_MS)
    return <Badge tone="warning">Not heard from lately</Badge>;
  return <Badge tone="success">Online</Badge>;
}

/**
 * `/office/devices`: the shop's tills — register one at a location, make the code that pairs it,
 * and see when each was last heard from and how many sales it still waits to send.
 */
export function DevicesPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const data = useResource(async (signal) => {
    const [devices, locations] = await Promise.all([
      context.api.get<{ items: Device[] }>(`${TENANT}/devices`, { signal }),
      context.api.get<{ items: Location[] }>(`${TENANT}/locations`, { signal }),
    ]);
    return { devices: devices.items, locations: locations.items };
  }, []);
  const [registering, setRegistering] = useState(false);
  const [pairing, setPairing] = useState<Device>();
  const current = context.location.current;
  const locations = data.data?.locations ?? [];
  const devices = (data.data?.devices ?? []).filter((d) => !current || d.locationId === current.id);
  const now = Date.now();

  const columns: Column<Device>[] = [
    { key: 'name', title: 'Till', width: '1.4fr', sortValue: (d) => d.name.toLowerCase() },
    {
      key: 'location',
      title: 'Location',
      width: '1.4fr',
      sortValue: (d) => locations.find((l) => l.id === d.locationId)?.name ?? '',
      render: (d) => locations.find((l) => l.id === d.locationId)?.name ?? '—',
    },
    { key: 'state', title: 'State', width: '190px', render: (d) => connection(d, now) },
    {
      key: 'lastSeenAt',
      title: 'Last seen',
      width: '1.2fr',
      sortValue: (d) => d.lastSeenAt ?? '',
      render: (d) => (d.lastSeenAt ? <DateTime value={d.lastSeenAt} /> : 'Never'),
    },
    {
      key: 'pendingEvents',
      title: 'Waiting to send',
      width: '150px',
      align: 'end',
      sortValue: (d) => d.pendingEvents ?? -1,
      render: (d) =>
        d.pendingEvents === null ? (
          <span class="k-muted k-text--small" title="This till has not said yet">
            —
          </span>
        ) : d.pendingEvents > 0 ? (
          <Badge tone="warning">{`${d.pendingEvents} event${d.pendingEvents === 1 ? '' : 's'}`}</Badge>
        ) : (
          'All sent'
        ),
    },
    {
      key: 'actions',
      title: <span class="k-visually-hidden">Actions</span>,
      width: '190px',
      render: (d) =>
        !d.revokedAt && (
          <Button size="sm" onClick={() => setPairing(d)} aria-label={`Pairing code for ${d.name}`}>
            {d.paired ? 'Pair again' : 'Pairing code'}
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Devices"
        subtitle={`The tills of ${current ? current.name : 'every location'}: register one, pair it with a code, see that it keeps up.`}
        actions={
          <Button variant="primary" onClick={() => setRegistering(true)}>
            Register a till
          </Button>
        }
      />
      {data.error !== undefined && !data.data ? (
        <ProblemNotice error={data.error} what="Loading the devices" onRetry={data.reload} />
      ) : (
        <DataTable
          label="Tills"
          columns={columns}
          rows={devices}
          rowKey={(d) => d.id}
          loading={data.loading && !data.data}
          empty="No tills yet. Register the first one, then pair it with the code it gets."
          height="calc(100vh - 220px)"
        />
      )}
      <p class="k-muted k-text--small k-narrow k-space-above">
        “Last seen” is when the kernel last heard from the till (pairing, signing in, syncing). “Waiting to send” is how many events the
        till last said it still holds; it sends them when it is back online.
      </p>
      {registering && (
        <RegisterTillDialog
          context={context}
          locations={locations}
          onClose={() => setRegistering(false)}
          onRegistered={(device) => {
            setRegistering(false);
            data.reload();
            setPairing(device);
          }}
        />
      )}
      {pairing && (
        <PairingCodeDialog
          context={context}
          device={pairing}
          onClose={() => {
            setPairing(undefined);
            data.reload();
          }}
        />
      )}
    </>
  );
}
