import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  SearchPicker,
  Badge,
  Button,
  DataTable,
  DateTime,
  Field,
  fieldProblems,
  Money,
  PageHeader,
  ProblemNotice,
  Select,
  Toolbar,
  type Column,
  usePagedList,
} from '@kits/ui-kit';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  chosenVariant,
  INVENTORY,
  MOVEMENT_KIND_LABEL,
  variantPicker,
  type LedgerEntry,
  type MovementKind,
  type Page,
  type PickedVariant,
} from './stock-api.ts';
import { localInputToIso, locationNamer, locationOptions, useChosenLocation } from './stock-hooks.ts';

const KIND_OPTIONS = [
  { value: '', label: 'All kinds' },
  ...Object.entries(MOVEMENT_KIND_LABEL).map(([value, label]) => ({ value, label })),
];

/** What a movement refers to, in words: "Transfer", "Count", "Sale". */
const referenceText = (entry: LedgerEntry) => {
  const parts = [
    entry.reason,
    entry.lotCode && `Lot ${entry.lotCode}`,
    entry.serials?.length ? `Serial ${entry.serials.join(', ')}` : null,
  ];
  return (
    parts.filter(Boolean).join(' · ') ||
    (entry.reference ? `${entry.reference.kind[0]!.toUpperCase()}${entry.reference.kind.slice(1)}` : '—')
  );
};

/** The product a link to the ledger names (`?variantId=…&variantName=…&sku=…`). */
const variantIn = (query: URLSearchParams): PickedVariant | undefined => {
  const variantId = query.get('variantId');
  return variantId ? { variantId, name: query.get('variantName') ?? 'Chosen product', sku: query.get('sku') ?? '' } : undefined;
};

/** `/office/core-inventory/stock/movements`: the append-only ledger, by product, location, kind and period. */
export function MovementsPage({ context, query }: OfficePageProps & { context: OfficePluginContext }) {
  const chosen = useChosenLocation(context);
  const nameOf = locationNamer(context);
  const [variant, setVariant] = useState(() => variantIn(query));
  // The switcher's location unless the link (from a stock level) named one; the person can widen it.
  const [locationId, setLocationId] = useState(query.get('locationId') ?? chosen?.id ?? '');
  const [kind, setKind] = useState(query.get('kind') ?? '');
  const [fromInput, setFromInput] = useState('');
  const [toInput, setToInput] = useState('');
  // A link to this same page with other filters (the navigation's, a stock level's) starts over from them.
  const linked = query.toString();
  const firstLink = useRef(linked);
  useEffect(() => {
    if (firstLink.current === linked) return;
    firstLink.current = linked;
    setVariant(variantIn(query));
    setLocationId(query.get('locationId') ?? context.location.current?.id ?? '');
    setKind(query.get('kind') ?? '');
    setFromInput('');
    setToInput('');
  }, [linked]);
  const from = localInputToIso(fromInput);
  const to = localInputToIso(toInput);
  const movements = usePagedList(
    (cursor, signal) =>
      context.api.get<Page<LedgerEntry>>(`${INVENTORY}/stock/movements`, {
        query: {
          variantId: variant?.variantId,
          locationId: locationId || undefined,
          kind: kind || undefined,
          from,
          to,
          cursor,
          limit: 100,
        },
        signal,
      }),
    [variant?.variantId, locationId, kind, from, to],
  );
  const filtered = variant || locationId || kind || from || to;
  // A period that ends before it starts is the kernel's 400 naming `to`: shown beside that field.
  const problems = movements.error === undefined ? {} : fieldProblems(movements.error);

  const columns: Column<LedgerEntry>[] = [
    { key: 'occurredAt', title: 'When', width: 'minmax(164px, 1fr)', render: (m) => <DateTime value={m.occurredAt} /> },
    {
      key: 'product',
      title: 'Product',
      width: 'minmax(140px, 2fr)',
      render: (m) => (
        <span>
          {m.productName} <span class="k-muted">· {m.sku}</span>
        </span>
      ),
    },
    { key: 'location', title: 'Location', width: 'minmax(90px, 1fr)', render: (m) => nameOf(m.locationId) },
    {
      key: 'kind',
      title: 'Movement',
      width: '130px',
      render: (m) => (
        <Badge tone={m.quantity > 0 ? 'success' : m.kind === 'sale' ? 'info' : 'warning'}>{MOVEMENT_KIND_LABEL[m.kind] ?? m.kind}</Badge>
      ),
    },
    {
      key: 'quantity',
      title: 'Quantity',
      width: '80px',
      align: 'end',
      render: (m) => <span class="k-number">{m.quantity > 0 ? `+${m.quantity}` : `−${-m.quantity}`}</span>,
    },
    {
      key: 'unitCost',
      title: 'Unit cost',
      width: '90px',
      align: 'end',
      render: (m) => (m.unitCost ? <Money amount={m.unitCost.amount} currency={m.unitCost.currency} /> : <span class="k-muted">—</span>),
    },
    { key: 'detail', title: 'Details', width: 'minmax(90px, 1fr)', render: referenceText },
  ];

  return (
    <>
      <PageHeader
        title="Movement ledger"
        subtitle="Every change of stock, newest first: what was received, sold, moved, counted and adjusted."
        back={{ href: context.href('stock'), label: 'Stock levels' }}
      />
      <Toolbar label="Filter movements">
        <SearchPicker
          {...variantPicker(context.api)}
          label="Product"
          onPick={setVariant}
          chosen={chosenVariant(variant, () => setVariant(undefined))}
        />
        <Field label="Location" name="location">
          <Select name="location" value={locationId} options={locationOptions(context, 'All locations')} onValue={setLocationId} />
        </Field>
        <Field label="Kind" name="kind">
          <Select name="kind" value={kind} options={KIND_OPTIONS} onValue={(value) => setKind(value as MovementKind | '')} />
        </Field>
        <Field label="From" name="from">
          <input
            type="datetime-local"
            class="k-input"
            name="from"
            value={fromInput}
            onInput={(e) => setFromInput((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field label="Until" name="to" problem={problems['to']}>
          <input
            type="datetime-local"
            class="k-input"
            name="to"
            value={toInput}
            onInput={(e) => setToInput((e.target as HTMLInputElement).value)}
          />
        </Field>
        {filtered && (
          <Button
            variant="ghost"
            onClick={() => {
              setVariant(undefined);
              setLocationId('');
              setKind('');
              setFromInput('');
              setToInput('');
            }}
          >
            Clear filters
          </Button>
        )}
      </Toolbar>
      {movements.error !== undefined && movements.items.length === 0 && problems['to'] === undefined ? (
        <ProblemNotice error={movements.error} what="Loading the movements" onRetry={movements.reload} />
      ) : (
        <DataTable
          label="Stock movements"
          columns={columns}
          rows={problems['to'] === undefined ? movements.items : []}
          rowKey={(m) => m.id}
          {...(movements.more ? { onEndReached: movements.loadMore } : {})}
          loading={movements.loading}
          empty={
            problems['to'] !== undefined
              ? 'Fix the period to see its movements.'
              : filtered
                ? 'No movement matches these filters.'
                : 'No stock has moved yet.'
          }
          height="calc(100vh - 300px)"
        />
      )}
    </>
  );
}
