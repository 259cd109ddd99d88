import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  PageHeader,
  ProblemNotice,
  Row,
  Stack,
  tableHeight,
  TwoLine,
  useRefreshWhileVisible,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { TENANT, type Device, type DeviceAlert, type Location } from '../kernel-api.ts';
import { DeviceAlertList } from './device-alerts.tsx';
import { deviceState, KIND_NAMES, lastSeen } from './device-words.tsx';
import { MinimumVersionCard } from './minimum-version-card.tsx';
import { PairingCodeDialog } from './pairing-code-dialog.tsx';
import { RegisterDeviceDialog } from './register-device-dialog.tsx';
import { RegisterTillDialog } from './register-till-dialog.tsx';

/** Rows hold two lines: the device's name, and its kind and model. */
const ROW_HEIGHT = 52;

/** The page asks again this often while it is on screen: "last seen" and the alerts stay current. */
const REFRESH_MS = 15_000;

function waitingToSend(device: Device) {
  if (device.kind !== 'till') return <span class="k-muted">—</span>;
  if (device.pendingEvents === null)
    return (
      <span class="k-muted k-text--small" title="This till has not said yet">
        —
      </span>
    );
  if (device.pendingEvents > 0)
    return <Badge tone="warning">{`${device.pendingEvents} event${device.pendingEvents === 1 ? '' : 's'}`}</Badge>;
  return 'All sent';
}

/**
 * `/office/devices`: every till, printer, card reader, scanner and customer display of the shop —
 * what it is, its version, its state and when it was last seen; the alerts (a stuck till, a device
 * reporting an error); pairing codes, revoking a lost till, and the minimum till version.
 */
export function DevicesPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const current = context.location.current;
  const data = useResource(
    async (signal) => {
      const query = current ? { locationId: current.id } : {};
      const [devices, alerts, locations] = await Promise.all([
        context.api.get<{ items: Device[] }>(`${TENANT}/devices`, { query, signal }),
        context.api.get<{ items: DeviceAlert[] }>(`${TENANT}/devices/alerts`, { query, signal }),
        context.api.get<{ items: Location[] }>(`${TENANT}/locations`, { signal }),
      ]);
      return { devices: devices.items, alerts: alerts.items, locations: locations.items, at: new Date() };
    },
    [current?.id],
  );
  useRefreshWhileVisible(data.reload, REFRESH_MS);
  const [registering, setRegistering] = useState<'till' | 'other'>();
  const [pairing, setPairing] = useState<Device>();
  const [revoking, setRevoking] = useState<Device>();
  const revoke = useSubmit((device: Device) => context.api.post<Device>(`${TENANT}/devices/${device.id}/revoke`));
  const locations = data.data?.locations ?? [];
  const devices = data.data?.devices ?? [];
  const alerts = data.data?.alerts ?? [];
  const now = data.data?.at ?? new Date();
  const alertsOf = (device: Device) => alerts.filter((a) => a.deviceId === device.id);

  const columns: Column<Device>[] = [
    {
      key: 'name',
      title: 'Device',
      width: '1.6fr',
      sortValue: (d) => d.name.toLowerCase(),
      render: (d) => <TwoLine primary={d.name} secondary={[KIND_NAMES[d.kind], d.model].filter(Boolean).join(' · ')} />,
    },
    {
      key: 'location',
      title: 'Location',
      width: '1fr',
      sortValue: (d) => locations.find((l) => l.id === d.locationId)?.name ?? '',
      render: (d) => locations.find((l) => l.id === d.locationId)?.name ?? '—',
    },
    { key: 'version', title: 'Version', width: '150px', sortValue: (d) => d.version ?? '', render: (d) => d.version ?? '—' },
    { key: 'state', title: 'State', width: '120px', render: (d) => deviceState(d, alertsOf(d), now.getTime()) },
    {
      key: 'lastSeenAt',
      title: 'Last seen',
      width: '100px',
      sortValue: (d) => d.lastSeenAt ?? '',
      render: (d) => lastSeen(d, now),
    },
    {
      key: 'pendingEvents',
      title: 'Waiting to send',
      width: '150px',
      align: 'end',
      sortValue: (d) => d.pendingEvents ?? -1,
      render: waitingToSend,
    },
    {
      key: 'actions',
      title: <span class="k-visually-hidden">Actions</span>,
      width: '180px',
      render: (d) =>
        !d.revokedAt && (
          <Row>
            {d.kind === 'till' && (
              <Button size="sm" onClick={() => setPairing(d)} aria-label={`Pairing code for ${d.name}`}>
                {d.paired ? 'Pair again' : 'Pairing code'}
              </Button>
            )}
            <Button size="sm" variant="ghost" onClick={() => setRevoking(d)} aria-label={`Revoke ${d.name}`}>
              Revoke
            </Button>
          </Row>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Devices"
        subtitle={`The tills, printers and readers of ${current ? current.name : 'every location'}: register them, pair tills, see that each keeps up.`}
        actions={
          <>
            <Button onClick={() => setRegistering('other')}>Add a printer or reader</Button>
            <Button variant="primary" onClick={() => setRegistering('till')}>
              Register a till
            </Button>
          </>
        }
      />
      {data.error !== undefined && !data.data ? (
        <ProblemNotice error={data.error} what="Loading the devices" onRetry={data.reload} />
      ) : (
        <Stack space={4}>
          {data.data && (
            <Card title={alerts.length > 0 ? `Alerts (${alerts.length})` : 'Alerts'}>
              <DeviceAlertList alerts={alerts} now={now} />
            </Card>
          )}
          <DataTable
            label="Devices"
            columns={columns}
            rows={devices}
            rowKey={(d) => d.id}
            loading={data.loading && !data.data}
            empty="No devices yet. Register the first till, then pair it with the code it gets."
            height={tableHeight(devices.length, 12, ROW_HEIGHT)}
            rowHeight={ROW_HEIGHT}
          />
          <p class="k-muted k-text--small k-narrow">
            “Last seen” is when the kernel last heard from the device: a till’s heartbeat every 30 seconds, or a printer’s last good report.
            “Waiting to send” is how many sales and other events the till holds; it sends them when it is back online. A till is flagged
            when events wait and it has not synced for 5 minutes.
          </p>
          <MinimumVersionCard context={context} onSaved={data.reload} />
        </Stack>
      )}
      {registering === 'till' && (
        <RegisterTillDialog
          context={context}
          locations={locations}
          onClose={() => setRegistering(undefined)}
          onRegistered={(device) => {
            setRegistering(undefined);
            data.reload();
            setPairing(device);
          }}
        />
      )}
      {registering === 'other' && (
        <RegisterDeviceDialog
          context={context}
          locations={locations}
          onClose={() => setRegistering(undefined)}
          onRegistered={(device) => {
            setRegistering(undefined);
            context.toasts.show(`${device.name} added.`, 'success');
            data.reload();
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
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke ${revoking?.name ?? ''}?`}
        message={
          revoking?.kind === 'till'
            ? 'Its key and every sign-in on it stop working at once. The next time it reaches the server it sends the sales it still holds, then erases its data. This cannot be undone; to use it again, register and pair it as a new till.'
            : 'It is taken off the list of devices that report here. This cannot be undone; you can add it again.'
        }
        confirmLabel={revoking?.kind === 'till' ? 'Revoke till' : 'Revoke device'}
        tone="danger"
        busy={revoke.busy}
        problem={revoke.problems['']}
        onCancel={() => setRevoking(undefined)}
        onConfirm={() =>
          void revoke.submit(revoking!).then((done) => {
            if (done === undefined) return;
            setRevoking(undefined);
            context.toasts.show(`${done.name} revoked.`, 'success');
            data.reload();
          })
        }
      />
    </>
  );
}
