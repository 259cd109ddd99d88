import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  SearchPicker,
  Badge,
  Button,
  Card,
  DataTable,
  DateTime,
  DescriptionList,
  EmptyState,
  Field,
  PageHeader,
  ProblemNotice,
  Quantity,
  TextInput,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import {
  chosenVariant,
  INVENTORY,
  MOVEMENT_KIND_LABEL,
  variantPicker,
  type Lot,
  type PickedVariant,
  type SerialTrace,
} from './stock-api.ts';
import { locationNamer, useChosenLocation } from './stock-hooks.ts';

/** Days from today (the person's calendar) to a `YYYY-MM-DD` expiry: negative once it has passed. */
function daysUntil(expiresOn: string): number {
  const today = new Date();
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((Date.parse(`${expiresOn}T00:00:00Z`) - start) / 86_400_000);
}

const SOON_DAYS = 14;

const SERIAL_STATUS: Readonly<Record<string, string>> = {
  in_stock: 'In stock',
  sold: 'Sold',
  in_transit: 'In transit',
  missing: 'Missing',
};

function ExpiryBadge({ expiresOn }: { expiresOn: string | null }) {
  if (!expiresOn) return <Badge>No expiry</Badge>;
  const days = daysUntil(expiresOn);
  if (days < 0) return <Badge tone="danger">Expired</Badge>;
  if (days <= SOON_DAYS) return <Badge tone="warning">{days === 0 ? 'Expires today' : `${days} day(s) left`}</Badge>;
  return <Badge tone="success">Good</Badge>;
}

/** `/office/core-inventory/stock/lots`: a product's lots with their expiry, first to expire first; where a serial number is. */
export function LotsPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const location = useChosenLocation(context);
  const nameOf = locationNamer(context);
  const [variant, setVariant] = useState<PickedVariant | undefined>(undefined);
  const lots = useResource(
    (signal) =>
      variant
        ? context.api.get<{ items: Lot[] }>(`${INVENTORY}/variants/${variant.variantId}/lots`, {
            query: { locationId: location?.id },
            signal,
          })
        : Promise.resolve({ items: [] as Lot[] }),
    [variant?.variantId, location?.id],
  );
  const columns: Column<Lot>[] = [
    { key: 'code', title: 'Lot', width: 'minmax(120px, 1.4fr)' },
    ...(location ? [] : [{ key: 'location', title: 'Location', width: 'minmax(110px, 1.2fr)', render: (l: Lot) => nameOf(l.locationId) }]),
    {
      key: 'expiresOn',
      title: 'Expires',
      width: 'minmax(120px, 1fr)',
      render: (l) => (l.expiresOn ? <DateTime value={`${l.expiresOn}T12:00:00Z`} dateOnly /> : '—'),
    },
    { key: 'state', title: 'Shelf life', width: '130px', render: (l) => <ExpiryBadge expiresOn={l.expiresOn} /> },
    { key: 'onHand', title: 'On hand', width: '100px', align: 'end', render: (l) => <Quantity value={l.onHand} /> },
  ];
  return (
    <>
      <PageHeader
        title="Lots & serials"
        subtitle={`Lots with their expiry, the first to expire first${location ? ` at ${location.name}` : ''}; and where any serial number is or went.`}
      />
      <div class="k-stack k-gap-4">
        <Card title="Lots of a product">
          <div class="k-narrow k-section">
            <SearchPicker
              {...variantPicker(context.api)}
              label="Product"
              onPick={setVariant}
              chosen={chosenVariant(variant, () => setVariant(undefined))}
            />
          </div>
          {!variant ? (
            <EmptyState title="Choose a product">Find a lot-tracked product to see its lots, soonest expiry first.</EmptyState>
          ) : lots.error !== undefined ? (
            <ProblemNotice error={lots.error} what="Loading the lots" onRetry={lots.reload} />
          ) : (
            <DataTable
              label="Lots"
              columns={columns}
              rows={lots.data?.items ?? []}
              rowKey={(l) => `${l.locationId}:${l.code}`}
              loading={lots.loading}
              empty="No lots in stock for this product here."
              height={Math.min(400, 40 * Math.max(lots.data?.items.length ?? 0, 3) + 40)}
            />
          )}
        </Card>
        <SerialLookup context={context} />
      </div>
    </>
  );
}

function SerialLookup({ context }: { context: OfficePluginContext }) {
  const nameOf = locationNamer(context);
  const [serial, setSerial] = useState('');
  const [found, setFound] = useState<SerialTrace[] | undefined>(undefined);
  const lookup = useSubmit(() => context.api.get<{ items: SerialTrace[] }>(`${INVENTORY}/serials/${encodeURIComponent(serial.trim())}`));
  return (
    <Card title="Find a serial number">
      <form
        class="k-row k-row--align-end k-gap-3 k-section"
        onSubmit={async (event) => {
          event.preventDefault();
          setFound(undefined);
          const answer = await lookup.submit();
          if (answer) setFound(answer.items);
        }}
      >
        <Field label="Serial number" name="serial" problem={lookup.problems['serial'] ?? lookup.problems['']}>
          <TextInput name="serial" value={serial} onValue={setSerial} autoComplete="off" />
        </Field>
        <Button type="submit" variant="secondary" busy={lookup.busy} disabled={serial.trim() === ''}>
          Find
        </Button>
      </form>
      {found?.map((trace) => (
        <div key={`${trace.variantId}:${trace.serial}`} class="k-stack k-gap-3">
          <DescriptionList
            items={[
              ['Serial number', trace.serial],
              [
                'Status',
                <Badge tone={trace.status === 'in_stock' ? 'success' : trace.status === 'sold' ? 'info' : 'warning'}>
                  {SERIAL_STATUS[trace.status] ?? trace.status}
                </Badge>,
              ],
              ['Where', trace.locationId ? nameOf(trace.locationId) : 'Not in stock'],
            ]}
          />
          <ol aria-label={`History of ${trace.serial}`} class="k-list">
            {trace.movements.map((m) => (
              <li key={m.id}>
                <DateTime value={m.occurredAt} /> — {MOVEMENT_KIND_LABEL[m.kind] ?? m.kind} at {nameOf(m.locationId)}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </Card>
  );
}
