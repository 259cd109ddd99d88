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
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { API, MANAGE, type Connection } from './xero-api.ts';

const STYLE_TEXT = {
  manual_journal: 'One manual journal per location and day',
  invoices: 'A sales invoice with its payments, and a manual journal of the rest',
} as const;

/**
 * Accounting → Xero: which organisation KiTS posts to and whether it can, connect (Xero's sign-in),
 * reconnect after Xero refused a token refresh, disconnect.
 */
export function connectionPage(context: OfficePluginContext) {
  return function XeroConnectionPage(_props: OfficePageProps) {
    const connection = useResource((signal) => context.api.get<Connection>(`${API}/connection`, { signal }), []);
    const [disconnecting, setDisconnecting] = useState(false);
    const data = connection.data;
    const mayManage = context.session.may(MANAGE);
    return (
      <>
        <PageHeader
          title="Xero"
          subtitle="The Xero organisation each closed day is posted to"
          actions={data?.status === 'connected' && mayManage ? <Button onClick={() => setDisconnecting(true)}>Disconnect…</Button> : null}
        />
        {connection.error !== undefined && (
          <ProblemNotice error={connection.error} what="Loading the connection" onRetry={connection.reload} />
        )}
        {!data && connection.loading && <Spinner label="Loading the connection…" />}
        {data && (
          <Stack space={4}>
            <ConnectionCard connection={data} />
            {data.status !== 'connected' &&
              (mayManage ? (
                <ConnectCard context={context} connection={data} />
              ) : (
                <Muted>Ask someone who may manage Xero (xero:manage) to connect the organisation.</Muted>
              ))}
            <Card title="Xero app">
              <Stack>
                <Muted>
                  KiTS connects through your Xero app (developer.xero.com → My Apps). Its client id and secret go in the Xero plugin’s
                  settings, and the redirect URI below must be one of the app’s redirect URIs.
                </Muted>
                <DescriptionList
                  items={[
                    // In the list, a long address wraps inside the card on a phone.
                    ['Redirect URI', <code data-testid="redirect-uri">{`${window.location.origin}${data.connectPath}`}</code>],
                    [
                      'Client id and secret',
                      data.appConfigured ? <Badge tone="success">Set</Badge> : <Badge tone="warning">Not set yet</Badge>,
                    ],
                    ['Posting', STYLE_TEXT[data.postingStyle]],
                  ]}
                />
              </Stack>
            </Card>
          </Stack>
        )}
        {data && (
          <ConfirmActionDialog
            open={disconnecting}
            title={`Disconnect from ${data.organisationName ?? 'Xero'}?`}
            message={"KiTS forgets Xero's tokens and stops posting days until you connect again. Nothing already posted in Xero changes."}
            confirmLabel="Disconnect"
            tone="danger"
            doing="Disconnecting"
            action={() => context.api.delete(`${API}/connection`)}
            onDone={() => {
              context.toasts.show(`Disconnected from ${data.organisationName ?? 'Xero'}`, 'success');
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

function ConnectionCard({ connection }: { connection: Connection }) {
  if (connection.status === 'not_connected')
    return (
      <Card title="Not connected">
        <Muted>No Xero organisation is connected yet. Connect one: KiTS then posts each closed day of each location to it.</Muted>
      </Card>
    );
  const name = connection.organisationName ?? 'Xero';
  const [title, tone, badge] =
    connection.status === 'connected'
      ? [`Connected to ${name}`, 'success', 'Connected']
      : connection.status === 'reconnect_required'
        ? [`Reconnect ${name}`, 'danger', 'Reconnect needed']
        : [`Disconnected from ${name}`, 'warning', 'Disconnected'];
  return (
    <Card title={title} actions={<Badge tone={tone as 'success'}>{badge}</Badge>}>
      <Stack>
        {connection.status !== 'connected' && connection.reason && (
          <p class="k-text" role="status">
            {connection.reason} Exports wait until Xero is connected again.
          </p>
        )}
        <DescriptionList
          items={[
            ['Organisation', name],
            ['Base currency', connection.currency ?? '—'],
            ['Connected', connection.connectedAt ? <DateTime value={connection.connectedAt} /> : '—'],
          ]}
        />
      </Stack>
    </Card>
  );
}

function ConnectCard({ context, connection }: { context: OfficePluginContext; connection: Connection }) {
  const connect = useSubmit(async () => {
    const { authorizeUrl } = await context.api.post<{ authorizeUrl: string }>(`${API}/connection/oauth/start`, {
      redirectUri: `${window.location.origin}${connection.connectPath}`,
    });
    window.location.assign(authorizeUrl);
    return true;
  });
  const again = connection.status === 'reconnect_required' || connection.status === 'disconnected';
  return (
    <Card title={again ? 'Connect again' : 'Connect Xero'}>
      <Stack>
        <Muted>
          Xero asks you to sign in and choose the organisation; KiTS asks to post journals, invoices and payments and to read the chart of
          accounts.
        </Muted>
        {connect.error !== undefined && <ProblemNotice error={connect.error} what="Connecting to Xero" />}
        <div>
          <Button variant="primary" busy={connect.busy} disabled={!connection.appConfigured} onClick={() => void connect.submit()}>
            {again ? 'Reconnect to Xero' : 'Connect to Xero'}
          </Button>
        </div>
      </Stack>
    </Card>
  );
}

/** `/office/xero/connect`: where Xero sends the merchant back; the code and state go to the server once, and the page says how it went. */
export function connectCallbackPage(context: OfficePluginContext) {
  return function XeroConnectCallbackPage({ query }: OfficePageProps) {
    const [callback] = useState(() => ({ code: query.get('code'), state: query.get('state'), error: query.get('error') }));
    const [outcome, setOutcome] = useState<
      { state: 'finishing' } | { state: 'done'; connection: Connection } | { state: 'failed'; error: unknown }
    >({
      state: 'finishing',
    });
    useEffect(() => {
      // The code works once: a reload of this address must not send it again.
      history.replaceState(history.state, '', window.location.pathname);
      if (!callback.code || !callback.state) {
        setOutcome({
          state: 'failed',
          error: new Error(
            callback.error ? `Xero answered: ${callback.error}` : 'Xero’s answer has no code: start again from the Xero page.',
          ),
        });
        return;
      }
      context.api.post<Connection>(`${API}/connection/oauth/complete`, { code: callback.code, state: callback.state }).then(
        (connection) => {
          setOutcome({ state: 'done', connection });
          context.toasts.show(`Connected to ${connection.organisationName ?? 'Xero'}`, 'success');
        },
        (error: unknown) => setOutcome({ state: 'failed', error }),
      );
    }, []);
    return (
      <>
        <PageHeader title="Connect to Xero" back={{ href: context.href(''), label: 'Xero' }} />
        {outcome.state === 'finishing' && <Spinner label="Finishing the connection with Xero…" />}
        {outcome.state === 'failed' && (
          <Stack>
            <ProblemNotice error={outcome.error} what="Connecting to Xero" />
            <div>
              <LinkButton href={context.href('')} variant="primary">
                Back to Xero
              </LinkButton>
            </div>
          </Stack>
        )}
        {outcome.state === 'done' && (
          <Stack space={4}>
            <ConnectionCard connection={outcome.connection} />
            <div>
              <LinkButton href={context.href('')}>Back to Xero</LinkButton>
            </div>
          </Stack>
        )}
      </>
    );
  };
}
