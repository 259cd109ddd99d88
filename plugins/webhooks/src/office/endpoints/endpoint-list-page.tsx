import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, DataTable, EmptyState, PageHeader, ProblemNotice, tableHeight, useResource, type Column } from '@kits/ui-kit';
import { MANAGE, webhooksApi, type WebhookEndpoint } from '../webhooks-api.ts';
import { EndpointStatus } from './endpoint-status.tsx';

/** The tenant's webhook endpoints: where events go, which ones, and whether it works. */
export function endpointListPage(context: OfficePluginContext) {
  const api = webhooksApi(context);
  return function EndpointListPage() {
    const endpoints = useResource((signal) => api.endpoints(signal), []);
    const rows = endpoints.data?.items ?? [];
    const columns: Column<WebhookEndpoint>[] = [
      { key: 'url', title: 'URL', width: 'minmax(220px, 2fr)', render: (e) => <strong>{e.url}</strong> },
      { key: 'events', title: 'Events', width: 'minmax(160px, 1.5fr)', render: (e) => e.eventTypes.join(', ') },
      { key: 'ordered', title: 'Order', width: '110px', render: (e) => (e.ordered ? 'In order' : 'Parallel') },
      { key: 'status', title: 'Status', width: 'minmax(150px, 1fr)', render: (e) => <EndpointStatus endpoint={e} /> },
    ];
    return (
      <>
        <PageHeader
          title="Webhooks"
          subtitle="Your systems receive KiTS events as they happen: signed (Standard Webhooks), retried for up to 3 days"
          actions={
            context.session.may(MANAGE) && (
              <Button variant="primary" onClick={() => context.navigate(`/${context.plugin.id}/endpoints/new`)}>
                Add endpoint
              </Button>
            )
          }
        />
        {endpoints.error ? <ProblemNotice error={endpoints.error} what="Loading endpoints" onRetry={endpoints.reload} /> : null}
        <DataTable
          label="Webhook endpoints"
          columns={columns}
          rows={rows}
          rowKey={(e) => e.id}
          rowHref={(e) => context.href(`endpoints/${e.id}`)}
          loading={endpoints.loading}
          height={tableHeight(rows.length)}
          empty={
            <EmptyState title="No endpoint yet">Add the address of a system that should hear about sales, stock and orders.</EmptyState>
          }
        />
      </>
    );
  };
}
