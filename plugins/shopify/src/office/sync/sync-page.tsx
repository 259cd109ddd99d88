import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  DateTime,
  LinkButton,
  Muted,
  PageHeader,
  ProblemNotice,
  Spinner,
  Stack,
  Stat,
  useResource,
  useSubmit,
  useRefreshWhileVisible,
  timeAgo,
} from '@kits/ui-kit';
import { disconnectedText } from '../connection/connection-words.ts';
import { API, MANAGE, type Reconciliation, type SyncStatus } from '../shopify-api.ts';
import { ShopifyTabs, shopifyHref } from '../shopify-pages.tsx';
import { FailuresTable } from './failures-table.tsx';
import { ReconciliationCard } from './reconciliation-card.tsx';
import { countText, reconcileText } from './sync-words.ts';

/** How often the page asks again while it is visible: stock waits for seconds at most. */
const REFRESH_MS = 5_000;

/**
 * Sync: the connection, when stock last reached Shopify, what waits, when orders were last looked
 * for, the last reconciliation and what it repaired, and what failed with Shopify's own message
 * and a Retry each; "Reconcile now" runs one at once.
 */
export function syncPage(context: OfficePluginContext) {
  return function SyncPage(_props: OfficePageProps) {
    const mayManage = context.session.may(MANAGE);
    const status = useResource((signal) => context.api.get<SyncStatus>(`${API}/sync/status`, { signal }), []);
    useRefreshWhileVisible(status.reload, REFRESH_MS);
    const reconcile = useSubmit(async () => {
      const result = await context.api.post<Reconciliation>(`${API}/sync/reconcile`, {});
      context.toasts.show(reconcileText(result), result.state === 'failed' ? 'danger' : 'success');
      status.reload();
      return result;
    });
    const data = status.data;
    const connected = data?.connection.status === 'connected';

    return (
      <>
        <PageHeader
          title="Shopify sync"
          subtitle="Stock sent to Shopify, orders taken in, and what failed"
          actions={
            mayManage ? (
              <Button variant="primary" busy={reconcile.busy} disabled={!connected} onClick={() => void reconcile.submit()}>
                Reconcile now
              </Button>
            ) : null
          }
        />
        <ShopifyTabs context={context} current="sync" />
        {reconcile.error !== undefined && (
          <ProblemNotice error={reconcile.error} what="Reconciling" onRetry={() => void reconcile.submit()} />
        )}
        {status.error !== undefined && <ProblemNotice error={status.error} what="Loading the sync status" onRetry={status.reload} />}
        {!data && status.loading && <Spinner label="Loading the sync status…" />}
        {data && (
          <Stack space={4}>
            {!connected && (
              <Card title={data.connection.status === 'disconnected' ? 'Not syncing: disconnected' : 'Not syncing: no store connected'}>
                <Stack>
                  <Muted>
                    {data.connection.status === 'disconnected'
                      ? disconnectedText(data.connection.disconnectedReason)
                      : 'Connect a Shopify store to sync stock, products and orders.'}
                  </Muted>
                  <div>
                    <LinkButton href={shopifyHref(context, 'connection')}>Open the connection</LinkButton>
                  </div>
                </Stack>
              </Card>
            )}
            <div class="k-columns k-columns--narrow" role="group" aria-label="Sync now">
              <Stat
                label="Connection"
                value={<Badge tone={connected ? 'success' : 'warning'}>{connected ? 'Connected' : 'Not connected'}</Badge>}
                detail={data.connection.shopDomain ?? undefined}
              />
              <Stat
                label="Last stock sent"
                value={data.lastStockPushAt ? timeAgo(data.lastStockPushAt, new Date(), context.session.locale) : 'Never'}
                detail={data.lastStockPushAt ? <DateTime value={data.lastStockPushAt} /> : 'Nothing sent yet'}
              />
              <Stat
                label="Stock waiting"
                value={String(data.pendingStock)}
                detail={
                  data.stockPausedUntil
                    ? `Shopify asked KiTS to wait: sending again ${timeAgo(data.stockPausedUntil, new Date(), context.session.locale)}`
                    : countText(data.pendingStock, 'level to send', 'levels to send')
                }
              />
              <Stat
                label="Orders waiting"
                value={String(data.ordersWaiting)}
                detail={
                  data.lastOrderPollAt
                    ? `Last check for orders: ${timeAgo(data.lastOrderPollAt, new Date(), context.session.locale)}`
                    : 'Not looked for yet'
                }
              />
              <Stat
                label="Failures"
                value={
                  data.failures.length === 0 ? (
                    <Badge tone="success">None</Badge>
                  ) : (
                    <Badge tone="danger">{String(data.failures.length)}</Badge>
                  )
                }
              />
            </div>
            <ReconciliationCard context={context} last={data.lastReconciliation} running={data.runningReconciliation ?? null} />
            <Card title="What failed">
              <FailuresTable context={context} failures={data.failures} mayManage={mayManage} onRetried={status.reload} />
            </Card>
          </Stack>
        )}
      </>
    );
  };
}
