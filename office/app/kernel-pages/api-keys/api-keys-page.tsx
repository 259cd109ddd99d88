import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  ConfirmDialog,
  DataTable,
  DateTime,
  PageHeader,
  ProblemNotice,
  Select,
  Toolbar,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { type ApiKey, type Location, TENANT } from '../kernel-api.ts';
import { NewApiKeyDialog } from './new-api-key-dialog.tsx';

const KEYS = '/api/v1/auth/api-keys';

/** `/office/api-keys`: keys integrations (a web shop, an accounting script) call the API with; create one, revoke one. */
export function ApiKeysPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const data = useResource(async (signal) => {
    const [keys, locations] = await Promise.all([
      context.api.get<{ items: ApiKey[] }>(KEYS, { signal }),
      context.api.get<{ items: Location[] }>(`${TENANT}/locations`, { signal }),
    ]);
    return { keys: keys.items, locations: locations.items };
  }, []);
  const [show, setShow] = useState('active');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey>();
  const revoke = useSubmit((key: ApiKey) => context.api.delete<null>(`${KEYS}/${key.id}`).then(() => true));
  const locations = data.data?.locations ?? [];
  const keys = (data.data?.keys ?? []).filter((k) => show === 'all' || !k.revokedAt);

  const columns: Column<ApiKey>[] = [
    { key: 'name', title: 'Name', width: '1.4fr', sortValue: (k) => k.name.toLowerCase() },
    { key: 'prefix', title: 'Key', width: '190px', render: (k) => <code>{`kits_${k.prefix}_…`}</code> },
    { key: 'permissions', title: 'May', width: '2fr', render: (k) => k.permissions.join(', ') },
    {
      key: 'where',
      title: 'Where',
      width: '1fr',
      render: (k) => (k.locationId ? (locations.find((l) => l.id === k.locationId)?.name ?? '—') : 'Every location'),
    },
    {
      key: 'lastUsedAt',
      title: 'Last used',
      width: '1fr',
      sortValue: (k) => k.lastUsedAt ?? '',
      render: (k) => (k.lastUsedAt ? <DateTime value={k.lastUsedAt} /> : 'Never'),
    },
    {
      key: 'state',
      title: 'State',
      width: '170px',
      render: (k) =>
        k.revokedAt ? (
          <Badge tone="neutral">Revoked</Badge>
        ) : (
          <Button size="sm" variant="danger" aria-label={`Revoke ${k.name}`} onClick={() => setRevoking(k)}>
            Revoke
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="API keys"
        subtitle="Keys let an integration — your web shop, an accounting script — use the API with the permissions you give it."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            New API key
          </Button>
        }
      />
      <Toolbar label="Filter API keys">
        <Select
          name="show"
          aria-label="Show"
          value={show}
          onValue={setShow}
          options={[
            { value: 'active', label: 'Keys in use' },
            { value: 'all', label: 'Also revoked keys' },
          ]}
        />
      </Toolbar>
      {data.error !== undefined && !data.data ? (
        <ProblemNotice error={data.error} what="Loading the API keys" onRetry={data.reload} />
      ) : (
        <DataTable
          label="API keys"
          columns={columns}
          rows={keys}
          rowKey={(k) => k.id}
          loading={data.loading && !data.data}
          empty="No API keys. Create one when an integration needs to reach your shop."
          height="calc(100vh - 270px)"
        />
      )}
      {revoke.problems[''] && (
        <p class="k-form__problems" role="alert">
          {revoke.problems['']}
        </p>
      )}
      {creating && <NewApiKeyDialog context={context} locations={locations} onClose={() => (setCreating(false), data.reload())} />}
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke ${revoking?.name ?? ''}?`}
        message="Whatever uses this key stops working at once. This cannot be undone; you can create a new key."
        confirmLabel="Revoke key"
        tone="danger"
        busy={revoke.busy}
        onCancel={() => setRevoking(undefined)}
        onConfirm={() =>
          void revoke.submit(revoking!).then((done) => {
            setRevoking(undefined);
            if (done !== undefined) {
              context.toasts.show('Key revoked.', 'success');
              data.reload();
            }
          })
        }
      />
    </>
  );
}
