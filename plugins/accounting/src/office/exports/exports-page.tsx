import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  Field,
  Muted,
  PageHeader,
  ProblemNotice,
  Select,
  Spinner,
  Stack,
  Toolbar,
  usePagedList,
  useResource,
  useRefreshWhileVisible,
} from '@kits/ui-kit';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  API,
  EXPORT_STATUSES,
  MANAGE,
  type AccountMapping,
  type AccountingStatus,
  type DayExport,
  type ExportsPage,
} from '../accounting-api.ts';
import { exportsHref } from '../accounting-pages.ts';
import { ConnectFirst } from '../connect-first.tsx';
import { STATUS_LABELS, filtersOf, filtersQuery, type ExportFilters } from '../export-words.ts';
import { unmappedAccounts } from '../mapping/mapping-choices.ts';
import { DayPicker } from './day-picker.tsx';
import { ExportDialog } from './export-dialog.tsx';
import { ExportsTable } from './exports-table.tsx';
import { StatusStrip } from './status-strip.tsx';

/** How often the status is asked again while the page is visible; the list follows when its counts move. */
const REFRESH_MS = 10_000;
const PAGE_SIZE = 50;

/**
 * Accounting → Exports: the connection and mapping at a glance, the journals posted or waiting
 * (filtered by status and location in the address), a Retry on a failed or paused one, and a way
 * to open any day's journal. With no accounting system connected it says how to get one.
 */
export function exportsPage(context: OfficePluginContext) {
  return function ExportsPageView({ query }: OfficePageProps) {
    const mayManage = context.session.may(MANAGE);
    const filters = filtersOf(query);
    const status = useResource((signal) => context.api.get<AccountingStatus>(`${API}/status`, { signal }), []);
    useRefreshWhileVisible(status.reload, REFRESH_MS);
    const connected = status.data?.provider?.connection.status === 'connected';
    // "Map N accounts" needs the mapping, read only while it is incomplete (it asks the provider for its accounts).
    const mapping = useResource(
      (signal) =>
        connected && status.data?.mappingComplete === false
          ? context.api.get<AccountMapping>(`${API}/mapping`, { signal })
          : Promise.resolve(undefined),
      [connected, status.data?.mappingComplete],
    );
    const list = usePagedList<DayExport>(
      async (cursor, signal) => {
        const page = await context.api.get<ExportsPage>(`${API}/exports`, {
          query: { status: filters.status || undefined, locationId: filters.locationId || undefined, after: cursor, limit: PAGE_SIZE },
          signal,
        });
        return { items: page.exports, nextCursor: page.next };
      },
      [filters.status, filters.locationId],
    );
    // The list is asked again when the counts move (an export posted, failed or was retried), not on every refresh.
    const counts = status.data ? JSON.stringify(status.data.counts) : undefined;
    const seen = useRef(counts);
    useEffect(() => {
      if (counts !== undefined && seen.current !== undefined && counts !== seen.current) list.reload();
      seen.current = counts;
    }, [counts]);

    const [retrying, setRetrying] = useState<ReadonlySet<string>>(new Set());
    const [retryError, setRetryError] = useState<unknown>(undefined);
    // The export whose details are open, by id: the list is asked for again as exports move.
    const [open, setOpen] = useState<string | undefined>();
    const retry = async (item: DayExport) => {
      setRetrying((before) => new Set([...before, item.id]));
      setRetryError(undefined);
      try {
        await context.api.post(`${API}/exports/${encodeURIComponent(item.id)}/retry`, {});
        context.toasts.show(`Sending ${item.locationName} ${item.day} again`, 'info');
      } catch (error) {
        setRetryError(error);
      } finally {
        setRetrying((before) => new Set([...before].filter((id) => id !== item.id)));
        status.reload();
        list.reload();
      }
    };
    const filter = (next: Partial<ExportFilters>) => context.navigate(exportsHref(context, filtersQuery({ ...filters, ...next })));
    const data = status.data;
    const ready = data?.provider?.connection.status === 'connected';
    const anyExports = data ? Object.values(data.counts).some((count) => count > 0) : false;

    return (
      <>
        <PageHeader title="Accounting exports" subtitle="Each location's closed day, posted once to your accounting system" />
        {status.error !== undefined && <ProblemNotice error={status.error} what="Loading the accounting status" onRetry={status.reload} />}
        {!data && status.loading && <Spinner label="Loading the accounting status…" />}
        {data && (
          <Stack space={4}>
            {!ready && <ConnectFirst status={data} />}
            {data.provider && (ready || anyExports) && (
              <StatusStrip context={context} status={data} unmapped={mapping.data ? unmappedAccounts(mapping.data).length : undefined} />
            )}
            {(ready || anyExports) && (
              <Card title="Exports">
                <Stack>
                  <Toolbar label="Filter exports">
                    <Field label="Status" name="filter-status">
                      <Select
                        name="filter-status"
                        value={filters.status}
                        options={[
                          { value: '', label: 'Every status' },
                          ...EXPORT_STATUSES.map((each) => ({ value: each, label: STATUS_LABELS[each] })),
                        ]}
                        onValue={(value) => filter({ status: value as ExportFilters['status'] })}
                      />
                    </Field>
                    <Field label="Location" name="filter-location">
                      <Select
                        name="filter-location"
                        value={filters.locationId}
                        options={[
                          { value: '', label: 'Every location' },
                          ...context.session.locations.map((location) => ({ value: location.id, label: location.name })),
                        ]}
                        onValue={(value) => filter({ locationId: value })}
                      />
                    </Field>
                  </Toolbar>
                  {retryError !== undefined && <ProblemNotice error={retryError} what="Retrying the export" />}
                  {list.error !== undefined && <ProblemNotice error={list.error} what="Loading the exports" onRetry={list.reload} />}
                  <ExportsTable
                    context={context}
                    rows={list.items}
                    loading={list.loading}
                    filtered={Boolean(filters.status || filters.locationId)}
                    mayManage={mayManage}
                    retrying={retrying}
                    onRetry={(item) => void retry(item)}
                    onOpen={(item) => setOpen(item.id)}
                    onEndReached={list.loadMore}
                  />
                  <ExportDialog
                    context={context}
                    item={list.items.find((item) => item.id === open)}
                    mayManage={mayManage}
                    retrying={open !== undefined && retrying.has(open)}
                    onRetry={(item) => void retry(item)}
                    onClose={() => setOpen(undefined)}
                  />
                  {list.more && (
                    <div>
                      <Button size="sm" busy={list.loading} onClick={list.loadMore}>
                        Show more exports
                      </Button>
                    </div>
                  )}
                </Stack>
              </Card>
            )}
            {ready && (
              <Card title="A day's journal">
                <Stack>
                  <Muted>
                    See what a location's day posts (or will post), line by line; a day that has ended can be exported now, without waiting
                    for its shifts to close.
                  </Muted>
                  <DayPicker context={context} />
                </Stack>
              </Card>
            )}
          </Stack>
        )}
      </>
    );
  };
}
