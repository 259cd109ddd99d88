import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, Card, DataTable, DateTime, Muted, Quantity, Stack, TwoLine, tableHeight, type Column } from '@kits/ui-kit';
import type { Reconciliation, Repair } from '../shopify-api.ts';
import { locationName } from './sync-words.ts';

/**
 * The last reconciliation (and one under way): when, how many levels it compared, and each level
 * it found different on Shopify and set back to KiTS's.
 */
export function ReconciliationCard({
  context,
  last,
  running,
}: {
  context: OfficePluginContext;
  last: Reconciliation | null;
  running: Reconciliation | null;
}) {
  const underWay =
    running !== null ? (
      <p class="k-text" role="status">
        <Badge tone="info">Running</Badge> Started <DateTime value={running.startedAt} />, {levels(running.checked)} compared so far.
      </p>
    ) : null;
  if (last === null)
    return (
      <Card title="Last reconciliation">
        <Stack>
          {underWay}
          <Muted>Not run yet. It compares every linked level on Shopify with KiTS’s and repairs what differs.</Muted>
        </Stack>
      </Card>
    );
  const { repaired } = last;
  const columns: Column<Repair>[] = [
    {
      key: 'item',
      title: 'Item',
      width: 'minmax(180px, 2fr)',
      render: (repair) => <TwoLine primary={repair.itemName ?? 'A linked item'} secondary={repair.sku ?? undefined} />,
    },
    { key: 'location', title: 'Location', width: 'minmax(130px, 1.2fr)', render: (repair) => locationName(context, repair.locationId) },
    {
      key: 'shopify',
      title: 'Shopify had',
      width: 'minmax(110px, 0.8fr)',
      align: 'end',
      render: (repair) => <Quantity value={repair.shopify} />,
    },
    {
      key: 'expected',
      title: 'KiTS expected',
      width: 'minmax(120px, 0.8fr)',
      align: 'end',
      render: (repair) => (repair.expected === null ? '—' : <Quantity value={repair.expected} />),
    },
    { key: 'kits', title: 'Set to', width: 'minmax(100px, 0.7fr)', align: 'end', render: (repair) => <Quantity value={repair.kits} /> },
  ];
  return (
    <Card title="Last reconciliation" actions={last.trigger === 'manual' ? <Badge>Run by hand</Badge> : <Badge>Scheduled</Badge>}>
      <Stack>
        {underWay}
        <p class="k-text" data-testid="reconciliation-summary">
          <DateTime value={last.at ?? last.startedAt} />: compared {levels(last.checked)},{' '}
          {last.state === 'failed'
            ? `then stopped: ${last.error ?? 'Shopify could not be asked.'}`
            : repaired.length === 0
              ? 'all equal.'
              : repaired.length === 1
                ? 'repaired one that differed.'
                : `repaired ${repaired.length} that differed.`}
        </p>
        {repaired.length > 0 && (
          <DataTable<Repair>
            label="Levels repaired"
            columns={columns}
            rows={repaired}
            rowKey={(repair) => `${repair.variantId}|${repair.locationId}`}
            rowHeight={52}
            height={tableHeight(repaired.length, 8, 52)}
          />
        )}
      </Stack>
    </Card>
  );
}

const levels = (count: number) => (count === 1 ? 'one level' : `${count} levels`);
