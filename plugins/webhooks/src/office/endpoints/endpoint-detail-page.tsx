import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  DateTime,
  DescriptionList,
  EmptyState,
  PageHeader,
  ProblemNotice,
  Row,
  Stack,
  TimeAgo,
  usePagedList,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { MANAGE, webhooksApi, type WebhookDelivery, type WebhookEndpointWithSecret } from '../webhooks-api.ts';
import { DeliveryDialog } from './delivery-dialog.tsx';
import { DeliveryStatus, EndpointStatus } from './endpoint-status.tsx';
import { ReplayRangeDialog } from './replay-range-dialog.tsx';
import { SecretDialog } from './secret-dialog.tsx';

/** A URL that may wrap after its punctuation on a phone (zero-width spaces, not characters of the URL a person copies from the field). */
const breakable = (url: string) => url.replace(/([/.:?&=-])/g, '$1\u200b');

/** One endpoint: its facts and actions (test, rotate the secret, enable, edit, delete) and its delivery log with replay. */
export function endpointDetailPage(context: OfficePluginContext) {
  const api = webhooksApi(context);
  return function EndpointDetailPage({ params }: OfficePageProps) {
    const id = params.endpointId!;
    const mayManage = context.session.may(MANAGE);
    const endpoint = useResource((signal) => api.endpoint(id, signal), [id]);
    const log = usePagedList((cursor, signal) => api.deliveries(id, cursor, signal), [id]);
    const [opened, setOpened] = useState<string | undefined>();
    const [rotated, setRotated] = useState<WebhookEndpointWithSecret | undefined>();
    const [confirm, setConfirm] = useState<'rotate' | 'delete' | undefined>();
    const [replaying, setReplaying] = useState(false);
    const refresh = () => (endpoint.reload(), log.reload());
    const ping = useSubmit(async () => {
      await api.ping(id);
      context.toasts.show('Test delivery queued: it appears in the log below', 'success');
      setTimeout(log.reload, 1_000);
    });
    const toggle = useSubmit(async (enabled: boolean) => {
      await api.update(id, { enabled });
      endpoint.reload();
    });
    const rotate = useSubmit(async () => {
      setRotated(await api.rotate(id));
      setConfirm(undefined);
      endpoint.reload();
    });
    const remove = useSubmit(async () => {
      await api.remove(id);
      context.navigate(`/${context.plugin.id}/endpoints`);
    });
    const e = endpoint.data;
    const columns: Column<WebhookDelivery>[] = [
      { key: 'event', title: 'Event', width: 'minmax(170px, 2fr)', render: (d) => <code>{d.eventType}</code> },
      { key: 'state', title: 'Status', width: '120px', render: (d) => <DeliveryStatus delivery={d} /> },
      {
        key: 'response',
        title: 'Response',
        width: 'minmax(140px, 2fr)',
        render: (d) => d.lastError ?? (d.lastStatus === null ? '—' : String(d.lastStatus)),
      },
      {
        key: 'duration',
        title: 'Duration',
        width: '90px',
        align: 'end',
        render: (d) => (d.lastDurationMs === null ? '—' : `${d.lastDurationMs} ms`),
      },
      { key: 'attempts', title: 'Tries', width: '60px', align: 'end', render: (d) => String(d.attempts) },
      { key: 'occurred', title: 'Occurred', width: '120px', render: (d) => <TimeAgo value={d.occurredAt} /> },
    ];
    return (
      <>
        <PageHeader
          title={e ? e.description || new URL(e.url).host : 'Webhook endpoint'}
          subtitle={e ? breakable(e.url) : undefined}
          actions={
            mayManage && e ? (
              <Row>
                <Button busy={ping.busy} onClick={() => void ping.submit()}>
                  Send test
                </Button>
                <Button onClick={() => setConfirm('rotate')}>Rotate secret</Button>
                <Button busy={toggle.busy} onClick={() => void toggle.submit(!e.enabled)}>
                  {e.enabled ? 'Disable' : 'Enable'}
                </Button>
                <Button onClick={() => context.navigate(`/${context.plugin.id}/endpoints/${id}/edit`)}>Edit</Button>
                <Button variant="danger" onClick={() => setConfirm('delete')}>
                  Delete
                </Button>
              </Row>
            ) : null
          }
        />
        {endpoint.error ? <ProblemNotice error={endpoint.error} what="Loading the endpoint" onRetry={endpoint.reload} /> : null}
        {ping.error || toggle.error ? <ProblemNotice error={ping.error ?? toggle.error} what="The action" onRetry={refresh} /> : null}
        <Stack space={4}>
          {e ? (
            <Card title="Endpoint">
              <DescriptionList
                items={[
                  ['Status', <EndpointStatus endpoint={e} />],
                  ...(e.disabledReason ? ([['Why disabled', e.disabledReason]] as const) : []),
                  ...(e.failingSince ? ([['Failing since', <DateTime value={e.failingSince} />]] as const) : []),
                  ['Events', e.eventTypes.join(', ')],
                  ['Order', e.ordered ? 'In order, one at a time' : 'In parallel'],
                  [
                    'Signing secret',
                    e.previousSecretExpiresAt ? (
                      <span>
                        Rotated; the previous one signs too until <DateTime value={e.previousSecretExpiresAt} />
                      </span>
                    ) : (
                      'Set (shown once, when created or rotated)'
                    ),
                  ],
                  ['Created', <DateTime value={e.createdAt} />],
                ]}
              />
            </Card>
          ) : null}
          <Card
            title="Deliveries"
            actions={
              <Row>
                <Button size="sm" onClick={log.reload}>
                  Refresh
                </Button>
                {mayManage ? (
                  <Button size="sm" onClick={() => setReplaying(true)}>
                    Replay a time range
                  </Button>
                ) : null}
              </Row>
            }
          >
            {log.error ? <ProblemNotice error={log.error} what="Loading deliveries" onRetry={log.reload} /> : null}
            <DataTable
              label="Deliveries"
              columns={columns}
              rows={log.items}
              rowKey={(d) => d.id}
              onRowClick={(d) => setOpened(d.id)}
              onEndReached={log.loadMore}
              loading={log.loading}
              height={Math.min(520, 48 + 44 * Math.max(3, log.items.length))}
              empty={
                <EmptyState title="Nothing delivered yet">
                  Events the endpoint subscribes to appear here as they are sent. Send a test to try it.
                </EmptyState>
              }
            />
          </Card>
        </Stack>
        {opened ? (
          <DeliveryDialog
            api={api}
            endpointId={id}
            deliveryId={opened}
            mayManage={mayManage}
            onReplayed={() => {
              setOpened(undefined);
              context.toasts.show('Delivery queued again', 'success');
              setTimeout(log.reload, 1_000);
            }}
            onClose={() => setOpened(undefined)}
          />
        ) : null}
        {replaying ? (
          <ReplayRangeDialog
            api={api}
            endpointId={id}
            onDone={(replayed) => {
              setReplaying(false);
              context.toasts.show(replayed === 1 ? '1 delivery queued again' : `${replayed} deliveries queued again`, 'success');
              setTimeout(log.reload, 1_000);
            }}
            onClose={() => setReplaying(false)}
          />
        ) : null}
        <ConfirmDialog
          open={confirm === 'rotate'}
          title="Rotate the signing secret?"
          message="A new secret signs from now on; the current one keeps signing beside it for 24 hours, so the receiving system can switch over."
          confirmLabel="Rotate"
          busy={rotate.busy}
          {...(rotate.problems[''] ? { problem: rotate.problems[''] } : {})}
          onConfirm={() => void rotate.submit()}
          onCancel={() => setConfirm(undefined)}
        />
        <ConfirmDialog
          open={confirm === 'delete'}
          title="Delete this endpoint?"
          message="Its deliveries and their log go with it; nothing more is sent to it."
          confirmLabel="Delete"
          tone="danger"
          busy={remove.busy}
          {...(remove.problems[''] ? { problem: remove.problems[''] } : {})}
          onConfirm={() => void remove.submit()}
          onCancel={() => setConfirm(undefined)}
        />
        {rotated ? <SecretDialog secret={rotated.secret} rotated onClose={() => setRotated(undefined)} /> : null}
      </>
    );
  };
}
