import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, DataTable, DateTime, Field, PageHeader, ProblemNotice, Select, Toolbar, useResource, type Column } from '@kits/ui-kit';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { KERNEL_PERMISSION, TENANT, allPages, type AuditEntry, type PageOf, type StaffMember } from '../kernel-api.ts';
import { actionText, detailText } from './audit-text.ts';

/** Who did it when no name is known (an operator, the system, a removed key or person). */
const ACTOR_KINDS: Readonly<Record<string, string>> = {
  system: 'The system',
  operator: 'The platform operator',
  'api-key': 'A removed API key',
};

/** The start of a day (`2026-03-01`) in the browser's time zone, as an instant. */
const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const nextDayStart = (day: string) => {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
};

/** `/office/audit`: every change people made — who, what, when, on which till — filtered by person, action and date. */
export function AuditPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const [person, setPerson] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>();
  const choices = useResource(async (signal) => {
    const [actions, staff] = await Promise.all([
      context.api.get<{ items: string[] }>(`${TENANT}/audit/actions`, { signal }),
      context.session.may(KERNEL_PERMISSION.users)
        ? allPages((cursor) => context.api.get<PageOf<StaffMember>>(`${TENANT}/staff`, { query: { limit: 200, cursor }, signal }))
        : Promise.resolve([] as StaffMember[]),
    ]);
    return { actions: actions.items, staff };
  }, []);
  const query = {
    actorId: person || undefined,
    action: action || undefined,
    from: from ? dayStart(from) : undefined,
    to: to ? nextDayStart(to) : undefined,
    limit: 100,
  };
  const first = useResource(
    (signal) => context.api.get<PageOf<AuditEntry>>(`${TENANT}/audit`, { query, signal }),
    [person, action, from, to],
  );
  useEffect(() => {
    if (!first.data) return;
    setRows([...first.data.items]);
    setCursor(first.data.nextCursor);
  }, [first.data]);
  const more = useCallback(async () => {
    if (!cursor) return;
    try {
      const page = await context.api.get<PageOf<AuditEntry>>(`${TENANT}/audit`, { query: { ...query, cursor } });
      setRows((previous) => [...previous, ...page.items]);
      setCursor(page.nextCursor);
    } catch (error) {
      setMoreError(error);
    }
  }, [cursor, person, action, from, to]);

  const columns: Column<AuditEntry>[] = [
    { key: 'occurredAt', title: 'When', width: '210px', render: (e) => <DateTime value={e.occurredAt} /> },
    {
      key: 'who',
      title: 'Who',
      width: '1.2fr',
      render: (e) => e.actorName ?? ACTOR_KINDS[e.actorKind] ?? 'Someone no longer on the staff',
    },
    { key: 'action', title: 'What', width: '1.4fr', render: (e) => actionText(e.action) },
    { key: 'detail', title: 'Details', width: '2.4fr', render: (e) => <span class="k-muted k-text--small">{detailText(e.detail)}</span> },
    { key: 'device', title: 'Till', width: '1fr', render: (e) => e.deviceName ?? (e.deviceId ? 'A till' : 'Back office / API') },
  ];
  const filtered = person !== '' || action !== '' || from !== '' || to !== '';

  return (
    <>
      <PageHeader title="Audit log" subtitle="Every change made in the shop: who, what, when, and from which till." />
      <Toolbar label="Filter the audit log">
        <Field label="Person" name="auditPerson">
          <Select
            name="auditPerson"
            value={person}
            onValue={setPerson}
            options={[{ value: '', label: 'Everyone' }, ...(choices.data?.staff ?? []).map((m) => ({ value: m.id, label: m.displayName }))]}
          />
        </Field>
        <Field label="Action" name="auditAction">
          <Select
            name="auditAction"
            value={action}
            onValue={setAction}
            options={[
              { value: '', label: 'Any action' },
              ...(choices.data?.actions ?? []).map((a) => ({ value: a, label: actionText(a) })),
            ]}
          />
        </Field>
        <Field label="From" name="auditFrom">
          <input
            class="k-input"
            type="date"
            name="auditFrom"
            value={from}
            max={to || undefined}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </Field>
        <Field label="To" name="auditTo">
          <input
            class="k-input"
            type="date"
            name="auditTo"
            value={to}
            min={from || undefined}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        </Field>
        {filtered && (
          <Button variant="ghost" onClick={() => (setPerson(''), setAction(''), setFrom(''), setTo(''))}>
            Clear filters
          </Button>
        )}
      </Toolbar>
      {first.error !== undefined ? (
        <ProblemNotice error={first.error} what="Loading the audit log" onRetry={first.reload} />
      ) : (
        <DataTable
          label="Audit log"
          columns={columns}
          rows={rows}
          rowKey={(e) => e.id}
          onEndReached={() => void more()}
          loading={first.loading && !first.data}
          empty={filtered ? 'Nothing matches these filters.' : 'Nothing has been recorded yet.'}
          height="calc(100vh - 280px)"
        />
      )}
      {moreError !== undefined && (
        <ProblemNotice error={moreError} what="Loading more of the audit log" onRetry={() => (setMoreError(undefined), void more())} />
      )}
    </>
  );
}
