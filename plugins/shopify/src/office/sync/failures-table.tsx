import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { OfficeApiError } from '@kits/plugin-sdk/office';
import {
  Button,
  DataTable,
  DateTime,
  DescriptionList,
  Dialog,
  EmptyState,
  ProblemNotice,
  TwoLine,
  formatDateTime,
  tableHeight,
  type Column,
  timeAgo,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, type SyncFailure } from '../shopify-api.ts';
import { AREA_LABELS, failureSubject } from './sync-words.ts';

/** What failed to sync, with Shopify's own message, and a Retry for each (POST /sync/failures/:id/retry). */
export function FailuresTable({
  context,
  failures,
  mayManage,
  onRetried,
}: {
  context: OfficePluginContext;
  failures: readonly SyncFailure[];
  mayManage: boolean;
  onRetried(): void;
}) {
  // Each row's Retry is its own request: busy while it runs, and several may run at once.
  const [asked, setAsked] = useState<ReadonlySet<string>>(new Set());
  const [refused, setRefused] = useState<unknown>(undefined);
  // The failure whose details are open (by id: the list is asked for again every few seconds); gone once resolved.
  const [shown, setShown] = useState<string | undefined>();
  const open = failures.find((failure) => failure.failureId === shown);
  const retry = async (failure: SyncFailure) => {
    setAsked((before) => new Set([...before, failure.failureId]));
    setRefused(undefined);
    try {
      await context.api.post(`${API}/sync/failures/${failure.failureId}/retry`, {});
      context.toasts.show(`Trying again: ${failureSubject(context, failure)}`, 'info');
    } catch (error) {
      // What failed may have gone through on its own meanwhile (the sync tries again by itself): nothing to retry.
      if (error instanceof OfficeApiError && error.problem.code === 'shopify.failure_resolved')
        context.toasts.show(`${failureSubject(context, failure)} went through already`, 'success');
      else setRefused(error);
    } finally {
      setAsked((before) => new Set([...before].filter((id) => id !== failure.failureId)));
      onRetried();
    }
  };
  const columns: Column<SyncFailure>[] = [
    {
      key: 'area',
      title: 'What',
      width: 'minmax(180px, 1.4fr)',
      render: (failure) => <TwoLine primary={failureSubject(context, failure)} secondary={AREA_LABELS[failure.area] ?? failure.area} />,
    },
    {
      key: 'message',
      title: 'Shopify said',
      width: 'minmax(280px, 3fr)',
      render: (failure) => (
        <TwoLine primary={<span title={failure.message}>{failure.message}</span>} secondary={failure.shopifyCode ?? undefined} />
      ),
    },
    { key: 'attempts', title: 'Attempts', width: '96px', align: 'end', render: (failure) => String(failure.attempts) },
    {
      key: 'failedAt',
      title: 'Last failed',
      width: 'minmax(120px, 0.9fr)',
      render: (failure) => (
        <span title={formatDateTime(failure.failedAt, context.session.locale)}>
          {timeAgo(failure.failedAt, new Date(), context.session.locale)}
        </span>
      ),
    },
    ...(mayManage
      ? [
          {
            key: 'retry',
            title: '',
            width: '96px',
            align: 'end' as const,
            render: (failure: SyncFailure) => (
              <Button
                size="sm"
                busy={asked.has(failure.failureId)}
                onClick={(event) => {
                  // The row opens the failure's details: this button only retries.
                  event.stopPropagation();
                  void retry(failure);
                }}
                aria-label={`Retry ${failureSubject(context, failure)}`}
              >
                Retry
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      {refused !== undefined && <ProblemNotice error={refused} what="Retrying" />}
      <DataTable<SyncFailure>
        label="Sync failures"
        columns={columns}
        rows={failures}
        rowKey={(failure) => failure.failureId}
        onRowClick={(failure) => setShown(failure.failureId)}
        rowHeight={52}
        height={tableHeight(failures.length, 10, 52)}
        empty={<EmptyState title="Nothing failed">Every change reached Shopify.</EmptyState>}
      />
      <Dialog
        open={open !== undefined}
        title={open ? failureSubject(context, open) : ''}
        onClose={() => setShown(undefined)}
        footer={
          <>
            <Button onClick={() => setShown(undefined)}>Close</Button>
            {open && mayManage && (
              <Button variant="primary" busy={asked.has(open.failureId)} onClick={() => void retry(open)}>
                Retry
              </Button>
            )}
          </>
        }
      >
        {open && (
          <DescriptionList
            items={[
              ['Part of the sync', AREA_LABELS[open.area] ?? open.area],
              ['Shopify said', open.message],
              ['Shopify’s code', open.shopifyCode ?? '—'],
              ['Attempts', String(open.attempts)],
              ['Last failed', <DateTime value={open.failedAt} />],
            ]}
          />
        )}
      </Dialog>
    </>
  );
}
