import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  DataTable,
  EmptyState,
  PageHeader,
  ProblemNotice,
  Tabs,
  TimeAgo,
  TwoLine,
  tableHeight,
  useRefreshWhileVisible,
  useResource,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { RULE_KIND_INFO } from '../shared/rule-kinds.ts';
import { announceChange, listNotifications, MANAGE, markAllRead, markRead, type OfficeNotification } from './notifications-api.ts';

const EMAIL = {
  none: { tone: 'neutral', label: 'No email' },
  waiting: { tone: 'info', label: 'Email waiting' },
  sent: { tone: 'success', label: 'Emailed' },
  failed: { tone: 'danger', label: 'Email failed' },
} as const;

/** The notification centre: unread first (or all), each with where it points, marked read one by one or all at once. */
export function centrePage(context: OfficePluginContext) {
  return function NotificationCentre() {
    const [tab, setTab] = useState<'unread' | 'all'>('unread');
    const list = useResource((signal) => listNotifications(context, tab === 'unread', signal), [tab]);
    useRefreshWhileVisible(list.reload, 30_000);
    const [busy, setBusy] = useState<string | undefined>();
    const act = async (id: string, work: () => Promise<unknown>) => {
      setBusy(id);
      try {
        await work();
        announceChange();
        list.reload();
      } catch (error) {
        context.toasts.show(error instanceof Error ? error.message : String(error), 'danger');
      } finally {
        setBusy(undefined);
      }
    };
    const open = (n: OfficeNotification) =>
      act(n.id, async () => {
        if (!n.readAt) await markRead(context, n.id);
        context.navigate(n.link);
      });
    const rows = list.data ?? [];
    const columns: Column<OfficeNotification>[] = [
      {
        key: 'what',
        title: 'Notification',
        width: 'minmax(220px, 3fr)',
        render: (n) => (
          <TwoLine
            primary={
              <span>
                {n.readAt ? null : <Badge tone="info">New</Badge>} <strong>{n.title}</strong>
              </span>
            }
            secondary={n.body}
          />
        ),
      },
      { key: 'kind', title: 'Rule', width: 'minmax(120px, 1fr)', render: (n) => RULE_KIND_INFO[n.kind]?.title ?? n.kind },
      { key: 'when', title: 'When', width: 'minmax(140px, 0.8fr)', render: (n) => <TimeAgo value={n.createdAt} /> },
      {
        key: 'email',
        title: 'Email',
        width: 'minmax(110px, 0.8fr)',
        render: (n) => (
          <span title={n.email.error ?? undefined}>
            <Badge tone={EMAIL[n.email.state].tone}>{EMAIL[n.email.state].label}</Badge>
          </span>
        ),
      },
      {
        key: 'actions',
        title: '',
        width: '200px',
        align: 'end',
        render: (n) => (
          <span>
            <Button size="sm" variant="secondary" busy={busy === n.id} onClick={() => void open(n)}>
              Open
            </Button>{' '}
            {n.readAt ? null : (
              <Button size="sm" variant="ghost" onClick={() => void act(n.id, () => markRead(context, n.id))}>
                Mark read
              </Button>
            )}
          </span>
        ),
      },
    ];
    return (
      <>
        <PageHeader
          title="Notifications"
          subtitle="Low stock, overdue orders, stuck tills, failed exports and more — as your notification rules say"
          actions={
            <>
              <Button variant="secondary" busy={busy === 'all'} onClick={() => void act('all', () => markAllRead(context))}>
                Mark all read
              </Button>
              {context.session.may(MANAGE) ? (
                <Button variant="ghost" onClick={() => context.navigate('/notifications/settings')}>
                  Settings
                </Button>
              ) : null}
            </>
          }
        />
        <Tabs
          label="Which notifications"
          tabs={[
            { id: 'unread', label: 'Unread' },
            { id: 'all', label: 'All' },
          ]}
          current={tab}
          onChange={(id) => setTab(id as 'unread' | 'all')}
        />
        {list.error ? <ProblemNotice error={list.error} what="Loading notifications" onRetry={list.reload} /> : null}
        <DataTable
          label="Notifications"
          columns={columns}
          rows={rows}
          rowKey={(n) => n.id}
          loading={list.loading}
          height={tableHeight(rows.length)}
          empty={
            <EmptyState title={tab === 'unread' ? 'Nothing unread' : 'No notifications yet'}>
              Notifications appear here when a rule's condition holds; set rules under Notification settings.
            </EmptyState>
          }
        />
      </>
    );
  };
}
