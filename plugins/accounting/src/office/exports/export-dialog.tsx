import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, Button, DateTime, DescriptionList, Dialog, LinkButton, Money } from '@kits/ui-kit';
import type { DayExport } from '../accounting-api.ts';
import { dayHref } from '../accounting-pages.ts';
import { dayText } from '../business-day.ts';
import { STATUS_LABELS, STATUS_TONES, kindText, retryable } from '../export-words.ts';

/** One export in full (the table cuts long messages): the provider's whole message, and its day's journal and Retry. */
export function ExportDialog({
  context,
  item,
  mayManage,
  retrying,
  onRetry,
  onClose,
}: {
  context: OfficePluginContext;
  item: DayExport | undefined;
  mayManage: boolean;
  retrying: boolean;
  onRetry(item: DayExport): void;
  onClose(): void;
}) {
  const locale = context.session.locale;
  return (
    <Dialog
      open={item !== undefined}
      title={item ? `${item.locationName}, ${dayText(item.day, locale)}` : ''}
      onClose={onClose}
      footer={
        item && (
          <>
            <Button onClick={onClose}>Close</Button>
            <LinkButton href={dayHref(context, item.locationId, item.day)}>Open the day’s journal</LinkButton>
            {mayManage && retryable(item) && (
              <Button variant="primary" busy={retrying} onClick={() => onRetry(item)}>
                Retry
              </Button>
            )}
          </>
        )
      }
    >
      {item && (
        <DescriptionList
          items={[
            ['Journal', kindText(item)],
            ['Status', <Badge tone={STATUS_TONES[item.status]}>{STATUS_LABELS[item.status]}</Badge>],
            ['Debits', <Money amount={item.debitTotal} currency={item.currency} />],
            [
              'In the ledger',
              item.providerJournalId === null ? (
                'Not posted yet'
              ) : item.providerUrl ? (
                <a href={item.providerUrl} target="_blank" rel="noopener noreferrer">
                  {item.providerJournalId}
                </a>
              ) : (
                item.providerJournalId
              ),
            ],
            ['Posted', item.postedAt ? <DateTime value={item.postedAt} /> : '—'],
            ['Attempts', String(item.attempts)],
            ['Next attempt', item.nextAttemptAt && item.status !== 'posted' ? <DateTime value={item.nextAttemptAt} /> : '—'],
            ['Last error', item.lastError ?? '—'],
          ]}
        />
      )}
    </Dialog>
  );
}
