import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { OfficeApiError } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  DescriptionList,
  EmptyState,
  Money,
  Muted,
  PageHeader,
  ProblemNotice,
  Spinner,
  Stack,
  TwoLine,
  problemText,
  tableHeight,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, MANAGE, type DayExport, type DayJournal, type JournalLine } from '../accounting-api.ts';
import { exportsHref, mappingHref } from '../accounting-pages.ts';
import { dayHasEnded, dayText, isDay } from '../business-day.ts';
import { unmappedText } from './journal-words.ts';

/**
 * A location's day: its journal as it stands (each line's debit or credit, the totals), whether it
 * is closed and which exports were made of it; "Export now" for a day that has ended and was not
 * exported yet.
 */
export function dayJournalPage(context: OfficePluginContext) {
  return function DayJournalPage({ params }: OfficePageProps) {
    const locationId = params.locationId ?? '';
    const day = params.day ?? '';
    const location = context.session.locations.find((candidate) => candidate.id === locationId);
    const locale = context.session.locale;
    const journal = useResource(
      (signal) =>
        context.api.get<DayJournal>(`${API}/days/${encodeURIComponent(locationId)}/${encodeURIComponent(day)}/journal`, { signal }),
      [locationId, day],
    );
    const [confirming, setConfirming] = useState(false);
    const exportNow = useSubmit(async () => {
      const made = await context.api.post<DayExport>(`${API}/days/${encodeURIComponent(locationId)}/${encodeURIComponent(day)}/export`, {});
      setConfirming(false);
      context.toasts.show(`${location?.name ?? 'The location'}, ${dayText(day, locale)}: sent to be posted`, 'success');
      journal.reload();
      return made;
    });
    const data = journal.data;
    const currency = data?.currency ?? location?.currency ?? 'EUR';
    const ended = isDay(day) && dayHasEnded(day, new Date(), location?.timeZone);
    const mayExport = context.session.may(MANAGE) && data !== undefined && data.exported.length === 0 && data.lines.length > 0;
    const title = `${location?.name ?? 'Location'} · ${isDay(day) ? dayText(day, locale) : day}`;

    const columns: Column<JournalLine>[] = [
      {
        key: 'label',
        title: 'Line',
        width: 'minmax(120px, 2fr)',
        render: (line) => <TwoLine primary={line.label} secondary={line.accountId === null ? 'No account mapped' : undefined} />,
      },
      {
        key: 'debit',
        title: 'Debit',
        width: 'minmax(96px, 1fr)',
        align: 'end',
        render: (line) => (line.debit > 0 ? <Money amount={line.debit} currency={currency} /> : ''),
      },
      {
        key: 'credit',
        title: 'Credit',
        width: 'minmax(96px, 1fr)',
        align: 'end',
        render: (line) => (line.credit > 0 ? <Money amount={line.credit} currency={currency} /> : ''),
      },
    ];

    return (
      <>
        <PageHeader
          title={title}
          subtitle="The day's journal as it stands"
          back={{ href: exportsHref(context), label: 'Exports' }}
          actions={
            mayExport ? (
              <Button variant="primary" disabled={!ended} onClick={() => setConfirming(true)}>
                Export now
              </Button>
            ) : null
          }
        />
        {journal.error !== undefined && <ProblemNotice error={journal.error} what="Loading the day's journal" onRetry={journal.reload} />}
        {!data && journal.loading && <Spinner label="Loading the journal…" />}
        {data && (
          <Stack space={4}>
            <DescriptionList
              items={[
                [
                  'Day',
                  data.closed ? (
                    <Badge tone="success">Closed</Badge>
                  ) : ended ? (
                    <Badge tone="warning">Ended, a shift still open</Badge>
                  ) : (
                    <Badge tone="info">Not ended</Badge>
                  ),
                ],
                ['Debits', <Money amount={data.debitTotal} currency={currency} />],
                ['Credits', <Money amount={data.creditTotal} currency={currency} />],
                [
                  'Exported',
                  data.exported.length === 0
                    ? 'Not yet'
                    : data.exported.length === 1
                      ? 'Once (the day’s journal)'
                      : `The day’s journal and ${data.exported.length - 1} adjusting journal${data.exported.length === 2 ? '' : 's'}`,
                ],
              ]}
            />
            {mayExport && !ended && (
              <Muted>This day has not ended at {location?.name ?? 'the location'} yet: it can be exported once it has.</Muted>
            )}
            {data.lines.some((line) => line.accountId === null) && (
              <Muted role="status">
                {unmappedText(data.lines)} <a href={mappingHref(context)}>Map them</a> before the day is exported.
              </Muted>
            )}
            <Card title="Journal">
              <DataTable<JournalLine>
                label="Journal lines"
                columns={columns}
                rows={data.lines}
                rowKey={(line) => `${line.role}|${line.key}`}
                height={tableHeight(data.lines.length, 16)}
                empty={
                  <EmptyState title="Nothing to post">No sale, refund, stock movement or cash count at this location that day.</EmptyState>
                }
              />
              {data.lines.length > 0 && (
                <div role="group" aria-label="Journal totals">
                  <DescriptionList
                    items={[
                      ['Total debits', <Money amount={data.debitTotal} currency={currency} />],
                      ['Total credits', <Money amount={data.creditTotal} currency={currency} />],
                    ]}
                  />
                </div>
              )}
            </Card>
          </Stack>
        )}
        <ConfirmDialog
          open={confirming}
          title="Export this day now?"
          message={`${location?.name ?? 'The location'}'s journal for ${dayText(day, locale)} is posted to your accounting system now, even if a shift is still open. Sales recorded later post as an adjusting journal.`}
          confirmLabel="Export now"
          busy={exportNow.busy}
          problem={exportNow.error !== undefined ? exportProblem(exportNow.error) : undefined}
          onConfirm={() => void exportNow.submit()}
          onCancel={() => setConfirming(false)}
        />
      </>
    );
  };
}

/** A refused export in the merchant's words: the server's detail names the unmapped accounts or why the day cannot go yet. */
function exportProblem(error: unknown): string {
  if (error instanceof OfficeApiError && error.problem.code === 'accounting.mapping_incomplete')
    return `${problemText(error)} Map them on the Account mapping page first.`;
  return problemText(error);
}
