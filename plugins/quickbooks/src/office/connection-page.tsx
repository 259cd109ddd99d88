import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  ConfirmActionDialog,
  DateTime,
  DescriptionList,
  LinkButton,
  Muted,
  PageHeader,
  ProblemNotice,
  Spinner,
  Stack,
  problemText,
  useResource,
  useSubmit,
  type Tone,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { API, intuitRedirect, intuitRefusal, MANAGE, settingsHref, type Connection, type ConnectionStatus } from './quickbooks-api.ts';

const STATUS: Readonly<Record<ConnectionStatus, { label: string; tone: Tone }>> = {
  connected: { label: 'Connected', tone: 'success' },
  reconnect_required: { label: 'Reconnect needed', tone: 'danger' },
  disconnected: { label: 'Not connected', tone: 'neutral' },
};

/** This page's address: what Intuit sends the merchant back to (the app's redirect URI). */
const redirectUri = (context: OfficePluginContext): string => `${window.location.origin}${context.href('')}`;

/**
 * `/office/quickbooks`: whether a QuickBooks Online company is connected (its name, currency, when the
 * tokens were last renewed), connect / reconnect / disconnect — and, opened with Intuit's redirect
 * (code, state, realmId), finishing the connect first.
 */
export function connectionPage(context: OfficePluginContext) {
  return function QuickBooksPage({ query }: OfficePageProps) {
    // Taken once, as the page opened: the code works once, so it is removed from the address bar at once.
    const [redirect] = useState(() => intuitRedirect(query));
    const [refusal] = useState(() => intuitRefusal(query));
    const [finishing, setFinishing] = useState(redirect !== undefined);
    const [finishError, setFinishError] = useState<unknown>(undefined);
    const connection = useResource(
      (signal) => (finishing ? new Promise<Connection>(() => {}) : context.api.get<Connection>(`${API}/connection`, { signal })),
      [finishing],
    );
    const [disconnecting, setDisconnecting] = useState(false);

    useEffect(() => {
      if (!redirect && !refusal) return;
      history.replaceState(history.state, '', window.location.pathname);
      if (!redirect) return;
      context.api.post<Connection>(`${API}/connection/oauth/complete`, redirect).then(
        (connected) => {
          context.toasts.show(`Connected to ${connected.companyName ?? 'QuickBooks'}`, 'success');
          setFinishing(false);
        },
        (error: unknown) => {
          setFinishError(error);
          setFinishing(false);
        },
      );
    }, []);

    const data = connection.data;
    const mayManage = context.session.may(MANAGE);
    return (
      <>
        <PageHeader
          title="QuickBooks Online"
          subtitle="The accounting system each closed day of each location is posted to, as one journal entry"
          actions={data?.status === 'connected' && mayManage ? <Button onClick={() => setDisconnecting(true)}>Disconnect…</Button> : null}
        />
        <Stack space={4}>
          {refusal && (
            <p class="k-problem-notice" role="alert">
              {refusal}
            </p>
          )}
          {finishError !== undefined && <ProblemNotice error={finishError} what="Connecting to QuickBooks" />}
          {finishing && <Spinner label="Finishing the connection with QuickBooks…" />}
          {connection.error !== undefined && (
            <ProblemNotice error={connection.error} what="Loading the connection" onRetry={connection.reload} />
          )}
          {!finishing && !data && connection.loading && <Spinner label="Loading the connection…" />}
          {data && <ConnectionCard context={context} connection={data} mayManage={mayManage} />}
          {data && <AppCard context={context} connection={data} />}
        </Stack>
        {data?.status === 'connected' && (
          <ConfirmActionDialog
            open={disconnecting}
            title={`Disconnect from ${data.companyName ?? 'QuickBooks'}?`}
            message={'KiTS forgets the access to QuickBooks and pauses exports. Journals already posted stay in QuickBooks.'}
            confirmLabel="Disconnect"
            tone="danger"
            doing="Disconnecting"
            action={() => context.api.delete(`${API}/connection`)}
            onDone={() => {
              context.toasts.show(`Disconnected from ${data.companyName ?? 'QuickBooks'}`, 'success');
              setDisconnecting(false);
              connection.reload();
            }}
            onCancel={() => setDisconnecting(false)}
          />
        )}
      </>
    );
  };
}

function ConnectionCard({ context, connection, mayManage }: { context: OfficePluginContext; connection: Connection; mayManage: boolean }) {
  const status = STATUS[connection.status];
  const title =
    connection.status === 'connected'
      ? `Connected to ${connection.companyName ?? 'QuickBooks'}`
      : connection.status === 'reconnect_required'
        ? `Reconnect ${connection.companyName ?? 'QuickBooks'}`
        : 'Not connected';
  return (
    <Card title={title} actions={<Badge tone={status.tone}>{status.label}</Badge>}>
      <Stack>
        {connection.status === 'reconnect_required' && (
          <p class="k-text" role="status">
            {connection.reason} Exports to QuickBooks are paused until you connect again; nothing is lost meanwhile.
          </p>
        )}
        {connection.status === 'disconnected' && (
          <Muted>
            {connection.reason ? `${connection.reason} ` : ''}Connect your QuickBooks Online company: KiTS then posts each closed day of
            each location as a journal entry, once.
          </Muted>
        )}
        {connection.realmId && (
          <DescriptionList
            items={[
              ['Company', connection.companyName ?? '—'],
              ['Company ID', connection.realmId],
              ['Currency', connection.currency ?? '—'],
              ['Connected', connection.connectedAt ? <DateTime value={connection.connectedAt} /> : '—'],
              ['Access renewed', connection.refreshedAt ? <DateTime value={connection.refreshedAt} /> : 'Not yet'],
            ]}
          />
        )}
        {connection.status !== 'connected' &&
          (mayManage ? (
            <ConnectButton context={context} connection={connection} />
          ) : (
            <Muted>Ask someone who may manage QuickBooks (quickbooks:manage) to connect the company.</Muted>
          ))}
      </Stack>
    </Card>
  );
}

/** Sends the merchant to Intuit's consent page; Intuit sends them back to this page. */
function ConnectButton({ context, connection }: { context: OfficePluginContext; connection: Connection }) {
  const start = useSubmit(async () => {
    const { authorizeUrl } = await context.api.post<{ authorizeUrl: string }>(`${API}/connection/oauth/start`, {
      redirectUri: redirectUri(context),
    });
    window.location.assign(authorizeUrl);
    return authorizeUrl;
  });
  if (!connection.appConfigured)
    return (
      <Muted>
        Connecting needs your Intuit app’s client ID and secret in the plugin’s settings first.{' '}
        <a href={settingsHref(context.plugin.id)}>Open the settings</a>
      </Muted>
    );
  return (
    <Stack>
      {start.error !== undefined && (
        <p class="k-problem-notice" role="alert">
          Connecting failed: {problemText(start.error)}
        </p>
      )}
      <div>
        <Button variant="primary" busy={start.busy} onClick={() => void start.submit()}>
          {connection.status === 'reconnect_required' ? 'Reconnect to QuickBooks' : 'Connect to QuickBooks'}
        </Button>
      </div>
    </Stack>
  );
}

/** The app's settings and the redirect URI to register with it. */
function AppCard({ context, connection }: { context: OfficePluginContext; connection: Connection }) {
  return (
    <Card title="Intuit app" actions={<LinkButton href={settingsHref(context.plugin.id)}>Open the plugin’s settings</LinkButton>}>
      <Stack>
        <Muted>
          KiTS connects through your app on developer.intuit.com: its client ID and secret go in the plugin’s settings, and this page’s
          address must be one of the app’s redirect URIs.
        </Muted>
        <DescriptionList
          items={[
            [
              'Client ID and secret',
              connection.appConfigured ? <Badge tone="success">Set</Badge> : <Badge tone="warning">Not set yet</Badge>,
            ],
            ['Environment', connection.environment === 'sandbox' ? 'Sandbox company' : 'Production'],
            ['Redirect URI', <code data-testid="redirect-uri">{redirectUri(context)}</code>],
          ]}
        />
      </Stack>
    </Card>
  );
}
