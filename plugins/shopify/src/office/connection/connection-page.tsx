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
  Subheading,
  useResource,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, MANAGE, type Connection, type ShopifySettingsView } from '../shopify-api.ts';
import { CopyText } from '../copy-text.tsx';
import { ShopifyTabs } from '../shopify-pages.tsx';
import { AccessTokenForm, connectRedirectUri, InstallAppForm } from './connect-forms.tsx';
import { disconnectedText, modeText, settingsHref, topicName, WEBHOOK_TOPICS } from './connection-words.ts';

/**
 * The Shopify page: whether the store is connected and how, connect (install the app by OAuth, or
 * a custom app's token), disconnect, the webhook URL to give Shopify and what the app settings need.
 */
export function connectionPage(context: OfficePluginContext) {
  const mayManage = () => context.session.may(MANAGE);

  return function ConnectionPage(_props: OfficePageProps) {
    const connection = useResource((signal) => context.api.get<Connection>(`${API}/connection`, { signal }), []);
    const [disconnecting, setDisconnecting] = useState(false);
    const data = connection.data;
    const connected = data?.status === 'connected';

    return (
      <>
        <PageHeader
          title="Shopify"
          subtitle="Your Shopify store beside KiTS: linked products, stock kept equal at mapped locations, online orders as sales"
          actions={connected && mayManage() ? <Button onClick={() => setDisconnecting(true)}>Disconnect…</Button> : null}
        />
        <ShopifyTabs context={context} current="connection" />
        {connection.error !== undefined && (
          <ProblemNotice error={connection.error} what="Loading the connection" onRetry={connection.reload} />
        )}
        {!data && connection.loading && <Spinner label="Loading the connection…" />}
        {data && (
          <Stack space={4}>
            <ConnectionCard connection={data} />
            {!connected &&
              (mayManage() ? (
                <div class="k-columns k-columns--wide">
                  <InstallAppForm context={context} appConfigured={data.appConfigured} />
                  <AccessTokenForm context={context} onConnected={() => connection.reload()} />
                </div>
              ) : (
                <Muted>Ask someone who may manage Shopify (shopify:manage) to connect the store.</Muted>
              ))}
            <AppSettingsCard context={context} connection={data} />
            <WebhookCard connection={data} />
          </Stack>
        )}
        {data && connected && (
          <ConfirmActionDialog
            open={disconnecting}
            title={`Disconnect from ${data.shopName ?? data.shopDomain ?? 'the store'}?`}
            message={
              'KiTS stops sending stock to Shopify and taking in its orders, and forgets the access token. Product links and the location map stay, for when you connect again.'
            }
            confirmLabel="Disconnect"
            tone="danger"
            doing="Disconnecting"
            action={() => context.api.delete(`${API}/connection`)}
            onDone={() => {
              context.toasts.show(`Disconnected from ${data.shopName ?? data.shopDomain ?? 'the store'}`, 'success');
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

/** Whether the store is connected, to which store, how and since when, with what access. */
export function ConnectionCard({ connection }: { connection: Connection }) {
  if (connection.status === 'not_connected')
    return (
      <Card title="Not connected">
        <Muted>
          No Shopify store is connected yet. Connect one below: KiTS then links products, keeps stock equal and takes in orders.
        </Muted>
      </Card>
    );
  const connected = connection.status === 'connected';
  const store = connection.shopName ?? connection.shopDomain ?? 'Shopify';
  return (
    <Card
      title={connected ? `Connected to ${store}` : `Disconnected from ${store}`}
      actions={<Badge tone={connected ? 'success' : 'warning'}>{connected ? 'Connected' : 'Disconnected'}</Badge>}
    >
      <Stack>
        {!connected && (
          <p class="k-text" role="status">
            {disconnectedText(connection.disconnectedReason)} Stock, catalog and orders are not synced until the store is connected again.
          </p>
        )}
        <DescriptionList
          items={[
            ['Store', connection.shopDomain ?? '—'],
            ...(connection.currency ? [['Currency', connection.currency] as const] : []),
            ['Connected by', modeText(connection.mode)],
            ['Connected', connection.connectedAt ? <DateTime value={connection.connectedAt} /> : '—'],
            [
              'Access',
              connection.scopes.length > 0 ? (
                <ul class="k-chips" aria-label="Access granted">
                  {connection.scopes.map((scope) => (
                    <li key={scope}>
                      <code>{scope}</code>
                    </li>
                  ))}
                </ul>
              ) : connection.mode === 'token' ? (
                'The scopes given to the custom app'
              ) : (
                '—'
              ),
            ],
          ]}
        />
      </Stack>
    </Card>
  );
}

/** What the plugin's settings hold for the app, and the redirect address the app must allow. */
function AppSettingsCard({ context, connection }: { context: OfficePluginContext; connection: Connection }) {
  const settings = context.settings as ShopifySettingsView;
  const reserve = settings.orderHandling === 'reserve';
  return (
    <Card title="Shopify app settings" actions={<LinkButton href={settingsHref(context.plugin.id)}>Open the plugin’s settings</LinkButton>}>
      <Stack>
        <Muted>
          Installing needs a Shopify app (Partner Dashboard → Apps, or the store’s admin → Develop apps). Its client ID and client secret go
          in the plugin’s settings: KiTS installs the app with them and checks every webhook Shopify sends with the secret.
        </Muted>
        <DescriptionList
          items={[
            [
              'Client ID and secret',
              connection.appConfigured ? <Badge tone="success">Set</Badge> : <Badge tone="warning">Not set yet</Badge>,
            ],
            ['Shopify orders', reserve ? 'Held as reservations until Shopify marks them fulfilled' : 'Recorded as sales as they arrive'],
          ]}
        />
        <Subheading>Allowed redirection URL</Subheading>
        <Muted small>Add it to the app’s allowed redirection URLs in Shopify, or Shopify refuses the install.</Muted>
        <CopyText value={connectRedirectUri(context)} label="Redirection URL" testId="redirect-url" />
      </Stack>
    </Card>
  );
}

/** The URL Shopify sends its webhooks to, and the topics it sends there (or should). */
function WebhookCard({ connection }: { connection: Connection }) {
  const subscribed = connection.webhookTopics ?? [];
  const connected = connection.status === 'connected';
  return (
    <Card title="Webhook URL for Shopify">
      <Stack>
        {connected && subscribed.length > 0 ? (
          <Muted>KiTS subscribed the store to these topics when it connected; Shopify sends them, in JSON, to this URL.</Muted>
        ) : connected ? (
          <Muted>
            No webhooks are subscribed, so KiTS looks for new orders every minute. For orders at once, add a subscription for each of these
            topics, in JSON, to this URL in the app’s configuration (it is checked with the app’s client secret).
          </Muted>
        ) : (
          <Muted>When the store connects, KiTS subscribes it to these topics itself; Shopify then sends them, in JSON, to this URL.</Muted>
        )}
        <CopyText value={`${window.location.origin}${connection.webhookPath}`} label="Webhook URL" testId="webhook-url" />
        <ul class="k-chips" aria-label="Webhook topics">
          {(subscribed.length > 0 ? subscribed : WEBHOOK_TOPICS).map((topic) => (
            <li key={topic}>
              <code>{topicName(topic)}</code>
            </li>
          ))}
        </ul>
      </Stack>
    </Card>
  );
}
