import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { Card, EmptyState, LinkButton, Muted, PageHeader, ProblemNotice, Row, Spinner, Stack, useResource } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { API, type Connection } from '../shopify-api.ts';
import { shopifyHref } from '../shopify-pages.tsx';
import { ConnectionCard } from './connection-page.tsx';

type Outcome = { state: 'finishing' } | { state: 'connected'; connection: Connection } | { state: 'failed'; error: unknown };

/**
 * `/office/shopify/connect`: where Shopify sends the merchant back after they approved the app.
 * The query Shopify added (code, hmac, shop, state, timestamp, host) goes to the server as it
 * arrived, which checks it and exchanges the code for the store's token; the page says how it went.
 */
export function connectCallbackPage(context: OfficePluginContext) {
  return function ConnectCallbackPage({ query }: OfficePageProps) {
    // Taken once, as the page opened: the query is removed from the address bar below.
    const [callback] = useState(() => {
      const taken: Record<string, string> = {};
      query.forEach((value, name) => (taken[name] = value));
      return taken;
    });
    const fromShopify = typeof callback['code'] === 'string' && typeof callback['hmac'] === 'string';
    return (
      <>
        <PageHeader title="Connect to Shopify" back={{ href: shopifyHref(context, 'connection'), label: 'Shopify' }} />
        {fromShopify ? <FinishConnection context={context} callback={callback} /> : <NothingToFinish context={context} />}
      </>
    );
  };
}

function FinishConnection({ context, callback }: { context: OfficePluginContext; callback: Record<string, string> }) {
  const [outcome, setOutcome] = useState<Outcome>({ state: 'finishing' });
  useEffect(() => {
    // The code and state work once: a reload of this address must not send them again.
    history.replaceState(history.state, '', window.location.pathname);
    context.api.post<Connection>(`${API}/connection/oauth/complete`, { query: callback }).then(
      (connection) => {
        setOutcome({ state: 'connected', connection });
        context.toasts.show(`Connected to ${connection.shopDomain ?? callback['shop'] ?? 'Shopify'}`, 'success');
      },
      (error: unknown) => setOutcome({ state: 'failed', error }),
    );
  }, []);

  if (outcome.state === 'finishing') return <Spinner label={`Finishing the connection with ${callback['shop'] ?? 'Shopify'}…`} />;
  if (outcome.state === 'failed')
    return (
      <Stack>
        <ProblemNotice error={outcome.error} what="Connecting to Shopify" />
        <Muted>
          Nothing was changed. Start again from the Shopify page: the install link Shopify gives works once and for ten minutes.
        </Muted>
        <div>
          <LinkButton href={shopifyHref(context, 'connection')} variant="primary">
            Back to Shopify
          </LinkButton>
        </div>
      </Stack>
    );
  return (
    <Stack space={4}>
      <ConnectionCard connection={outcome.connection} />
      <Card title="Next">
        <Stack>
          <Muted>
            Map your stores to Shopify locations, then review how the catalogs matched: stock is sent for linked items at mapped locations.
          </Muted>
          <Row>
            <LinkButton href={shopifyHref(context, 'locations')} variant="primary">
              Map locations
            </LinkButton>
            <LinkButton href={shopifyHref(context, 'catalog')}>Review the catalog</LinkButton>
          </Row>
        </Stack>
      </Card>
    </Stack>
  );
}

/** Opened without Shopify's answer (a reload, a bookmark): says where the connection stands. */
function NothingToFinish({ context }: { context: OfficePluginContext }) {
  const connection = useResource((signal) => context.api.get<Connection>(`${API}/connection`, { signal }), []);
  if (connection.error !== undefined)
    return <ProblemNotice error={connection.error} what="Loading the connection" onRetry={connection.reload} />;
  if (!connection.data) return <Spinner label="Loading the connection…" />;
  if (connection.data.status === 'connected')
    return (
      <Stack space={4}>
        <ConnectionCard connection={connection.data} />
        <div>
          <LinkButton href={shopifyHref(context, 'connection')}>Back to Shopify</LinkButton>
        </div>
      </Stack>
    );
  return (
    <EmptyState
      title="Nothing to finish here"
      action={
        <LinkButton href={shopifyHref(context, 'connection')} variant="primary">
          Connect a store
        </LinkButton>
      }
    >
      Shopify sends you to this page after you approve the app. Start the connection from the Shopify page.
    </EmptyState>
  );
}
