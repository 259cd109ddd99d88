import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, Button, DataTable, DateTime, EmptyState, Money, TwoLine, type Column } from '@kits/ui-kit';
import type { DayExport } from '../accounting-api.ts';
import { dayText } from '../business-day.ts';
import { STATUS_LABELS, STATUS_TONES, kindText, retryable } from '../export-words.ts';

const ROW_HEIGHT = 56;

/**
 * The exports, newest day first: each row opens its details (and from there its day's journal); a failed or paused one has a
 * Retry. Rows come page by page as the table scrolls (`onEndReached`).
 */
export function ExportsTable({
  context,
  rows,
  loading,
  filtered,
  mayManage,
  retrying,
  onRetry,
  onOpen,
  onEndReached,
}: {
  context: OfficePluginContext;
  rows: readonly DayExport[];
  loading: boolean;
  filtered: boolean;
  mayManage: boolean;
  /** The ids whose Retry is under way. */
  retrying: ReadonlySet<string>;
  onRetry(item: DayExport): void;
  /** A row was chosen: its details open. */
  onOpen(item: DayExport): void;
  onEndReached(): void;
}) {
  const locale = context.session.locale;
  const subject = (item: DayExport) => `${item.locationName} ${dayText(item.day, locale)}`;
  const columns: Column<DayExport>[] = [
    {
      key: 'day',
      title: 'Day',
      width: 'minmax(190px, 1.2fr)',
      render: (item) => (
        <TwoLine primary={<strong>{dayText(item.day, locale)}</strong>} secondary={`${item.locationName} · ${kindText(item)}`} />
      ),
    },
    {
      key: 'debitTotal',
      title: 'Debits',
      width: '104px',
      align: 'end',
      render: (item) => <Money amount={item.debitTotal} currency={item.currency} />,
    },
    {
      key: 'status',
      title: 'Status',
      width: '100px',
      render: (item) => <Badge tone={STATUS_TONES[item.status]}>{STATUS_LABELS[item.status]}</Badge>,
    },
    {
      key: 'journal',
      title: 'In the ledger',
      width: 'minmax(120px, 0.8fr)',
      render: (item) =>
        item.providerJournalId === null ? (
          '—'
        ) : item.providerUrl ? (
          <a
            href={item.providerUrl}
            target="_blank"
            rel="noopener noreferrer"
            // The row opens the day: this link opens the journal in the accounting system.
            onClick={(event) => event.stopPropagation()}
            aria-label={`Journal ${item.providerJournalId} of ${subject(item)}`}
          >
            {item.providerJournalId}
          </a>
        ) : (
          <span>{item.providerJournalId}</span>
        ),
    },
    {
      key: 'attempts',
      title: 'Attempts',
      width: 'minmax(140px, 1fr)',
      render: (item) => (
        <TwoLine
          primary={item.attempts === 1 ? '1 attempt' : `${item.attempts} attempts`}
          secondary={
            item.nextAttemptAt && item.status !== 'posted' && item.status !== 'failed' ? (
              <>
                Next: <DateTime value={item.nextAttemptAt} />
              </>
            ) : undefined
          }
        />
      ),
    },
    {
      key: 'lastError',
      title: 'Last error',
      width: 'minmax(220px, 2.6fr)',
      render: (item) => (item.lastError ? <span title={item.lastError}>{item.lastError}</span> : '—'),
    },
    ...(mayManage
      ? [
          {
            key: 'retry',
            title: '',
            width: '90px',
            align: 'end' as const,
            render: (item: DayExport) =>
              retryable(item) ? (
                <Button
                  size="sm"
                  busy={retrying.has(item.id)}
                  aria-label={`Retry ${subject(item)}`}
                  onClick={(event) => {
                    event.stopPropagation();
                    onRetry(item);
                  }}
                >
                  Retry
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <DataTable<DayExport>
      label="Exports"
      columns={columns}
      rows={rows}
      rowKey={(item) => item.id}
      onRowClick={onOpen}
      onEndReached={onEndReached}
      loading={loading}
      rowHeight={ROW_HEIGHT}
      height={rows.length === 0 ? 220 : Math.min(rows.length, 10) * ROW_HEIGHT + 46}
      empty={
        filtered ? (
          <EmptyState title="No exports match">Clear the filters to see every export.</EmptyState>
        ) : (
          <EmptyState title="Nothing exported yet">
            A location's day is exported once it has ended and its shifts are closed, or when you export it by hand from its journal.
          </EmptyState>
        )
      }
    />
  );
}
