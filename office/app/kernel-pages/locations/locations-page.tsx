import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, Button, DataTable, DateTime, PageHeader, ProblemNotice, useResource, type Column } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { KERNEL_PERMISSION, TENANT, type Location } from '../kernel-api.ts';
import { LocationDialog } from './location-dialog.tsx';

/** `/office/locations`: the shop's stores and warehouses, added and changed here (what receipts print). */
export function LocationsPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const locations = useResource((signal) => context.api.get<{ items: Location[] }>(`${TENANT}/locations`, { signal }), []);
  // undefined: closed; null: a new location; a location: editing it.
  const [editing, setEditing] = useState<Location | null | undefined>(undefined);
  const mayManage = context.session.may(KERNEL_PERMISSION.locations);

  const columns: Column<Location>[] = [
    { key: 'name', title: 'Name', width: '2fr', sortValue: (l) => l.name.toLowerCase() },
    {
      key: 'kind',
      title: 'Kind',
      width: '130px',
      sortValue: (l) => l.kind,
      render: (l) => <Badge tone={l.kind === 'store' ? 'info' : 'neutral'}>{l.kind === 'store' ? 'Store' : 'Warehouse'}</Badge>,
    },
    { key: 'address', title: 'Address', width: '3fr', render: (l) => l.addressLines.join(', ') || '—' },
    { key: 'timezone', title: 'Time zone', width: '1.4fr', sortValue: (l) => l.timezone },
    { key: 'taxId', title: 'Tax number', width: '1.2fr', render: (l) => l.taxId ?? '—' },
    {
      key: 'createdAt',
      title: 'Added',
      width: '140px',
      sortValue: (l) => l.createdAt,
      render: (l) => <DateTime value={l.createdAt} dateOnly />,
    },
  ];

  return (
    <>
      <PageHeader
        title="Locations"
        subtitle="Your stores and warehouses. Receipts print a store's name, address and tax number, in its time zone."
        actions={
          mayManage && (
            <Button variant="primary" onClick={() => setEditing(null)}>
              New location
            </Button>
          )
        }
      />
      {locations.error !== undefined && !locations.data ? (
        <ProblemNotice error={locations.error} what="Loading the locations" onRetry={locations.reload} />
      ) : (
        <DataTable
          label="Locations"
          columns={columns}
          rows={locations.data?.items ?? []}
          rowKey={(l) => l.id}
          loading={locations.loading && !locations.data}
          {...(mayManage ? { onRowClick: (l: Location) => setEditing(l) } : {})}
          empty="No locations yet. Add your first store."
          height="calc(100vh - 220px)"
        />
      )}
      {editing !== undefined && (
        <LocationDialog
          context={context}
          location={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            context.toasts.show(`${saved.name} saved.`, 'success');
            locations.reload();
          }}
        />
      )}
    </>
  );
}
