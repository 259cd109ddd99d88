import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  DataTable,
  DateTime,
  PageHeader,
  ProblemNotice,
  SearchInput,
  Select,
  Tabs,
  Toolbar,
  TwoLine,
  useResource,
  type Column,
} from '@kits/ui-kit';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { KERNEL_PERMISSION, TENANT, type PageOf, type StaffMember } from '../kernel-api.ts';
import { InviteDialog } from './invite-dialog.tsx';
import { RolesTab } from './roles-tab.tsx';
import { grantText, loadStaffChoices } from './staff-data.ts';

const STATUS = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Deactivated' },
  { value: '', label: 'Everyone' },
];

/** `/office/staff`: the people who work at the shop and their roles; invite someone; the roles. */
export function StaffPage({ context, query }: OfficePageProps & { context: OfficePluginContext }) {
  const [tab, setTab] = useState(query.get('tab') === 'roles' ? 'roles' : 'people');
  const [text, setText] = useState('');
  const [status, setStatus] = useState('active');
  const [inviting, setInviting] = useState(false);
  const [rows, setRows] = useState<StaffMember[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const choices = useResource((signal) => loadStaffChoices(context, signal), []);
  const mayRoles = context.session.may(KERNEL_PERMISSION.roles);
  const filters = { q: text || undefined, active: status === '' ? undefined : status === 'active', limit: 50 };
  const first = useResource(
    (signal) => context.api.get<PageOf<StaffMember>>(`${TENANT}/staff`, { query: filters, signal }),
    [text, status],
  );
  useEffect(() => {
    if (!first.data) return;
    setRows([...first.data.items]);
    setCursor(first.data.nextCursor);
  }, [first.data]);
  const more = useCallback(async () => {
    if (!cursor) return;
    const page = await context.api.get<PageOf<StaffMember>>(`${TENANT}/staff`, { query: { ...filters, cursor } });
    setRows((previous) => [...previous, ...page.items]);
    setCursor(page.nextCursor);
  }, [cursor, text, status]);

  const locations = choices.data?.locations ?? [];
  const columns: Column<StaffMember>[] = [
    {
      key: 'name',
      title: 'Name',
      width: '1.6fr',
      render: (m) => <TwoLine primary={<strong>{m.displayName}</strong>} secondary={m.email} />,
    },
    {
      key: 'roles',
      title: 'Roles',
      width: '2fr',
      render: (m) =>
        m.grants.length === 0 ? (
          <span class="k-muted k-text--small">No role yet</span>
        ) : (
          m.grants.map((g) => grantText(g.roleName, g.locationId, locations)).join(', ')
        ),
    },
    {
      key: 'signIn',
      title: 'Signs in with',
      width: '1.2fr',
      render: (m) => [m.hasPassword ? 'Password' : '', m.hasPin ? 'Till PIN' : ''].filter(Boolean).join(' + ') || '—',
    },
    {
      key: 'status',
      title: 'Status',
      width: '130px',
      render: (m) =>
        !m.active ? (
          <Badge tone="neutral">Deactivated</Badge>
        ) : m.pinLocked ? (
          <Badge tone="warning">PIN locked</Badge>
        ) : (
          <Badge tone="success">Active</Badge>
        ),
    },
    { key: 'createdAt', title: 'Since', width: '130px', render: (m) => <DateTime value={m.createdAt} dateOnly /> },
  ];

  return (
    <>
      <PageHeader
        title="Staff"
        subtitle="Who works at the shop, what they may do and where."
        actions={
          <Button variant="primary" onClick={() => setInviting(true)}>
            Invite someone
          </Button>
        }
      />
      {mayRoles && (
        <Tabs
          label="Staff or roles"
          tabs={[
            { id: 'people', label: 'People' },
            { id: 'roles', label: 'Roles' },
          ]}
          current={tab}
          onChange={setTab}
        />
      )}
      {tab === 'roles' && mayRoles ? (
        <RolesTab context={context} />
      ) : (
        <>
          <Toolbar label="Filter staff">
            <SearchInput label="Search staff" placeholder="Name or e-mail" value={text} onValue={setText} />
            <Select name="status" aria-label="Status" value={status} onValue={setStatus} options={STATUS} />
          </Toolbar>
          {first.error !== undefined && !first.data ? (
            <ProblemNotice error={first.error} what="Loading the staff" onRetry={first.reload} />
          ) : (
            <DataTable
              label="Staff"
              columns={columns}
              rows={rows}
              rowKey={(m) => m.id}
              rowHref={(m) => context.href(`staff/${m.id}`)}
              onEndReached={() => void more()}
              loading={first.loading && !first.data}
              empty={text ? `Nobody matches “${text}”.` : 'Nobody here yet. Invite your first colleague.'}
              height="calc(100vh - 280px)"
              rowHeight={52}
            />
          )}
        </>
      )}
      {inviting && (
        <InviteDialog
          context={context}
          choices={choices.data}
          onClose={() => setInviting(false)}
          onInvited={(member) => {
            setInviting(false);
            context.toasts.show(`${member.displayName} can now sign in.`, 'success');
            first.reload();
          }}
        />
      )}
    </>
  );
}
