import type { OfficePageProps, OfficePluginContext, OfficeSlotProps } from '@kits/plugin-sdk/office';
import type { FunctionComponent } from 'preact';
import {
  Badge,
  DataTable,
  EmptyState,
  Field,
  LinkButton,
  Money,
  PageHeader,
  ProblemNotice,
  SearchInput,
  Select,
  Toolbar,
  type Column,
} from '@kits/ui-kit';
import { useEffect, useRef, useState } from 'preact/hooks';
import { CATALOG, CATALOG_WRITE, type Page, type Product, type SearchHit } from './catalog-api.ts';

/** One line of the list: a product, or (while searching) a variant the search ranked. */
interface ListRow {
  readonly key: string;
  readonly productId: string;
  /** What ticking the row selects: the product's variants on sale (all of them when none is), or the hit's variant. */
  readonly variantIds: readonly string[];
  readonly name: string;
  readonly sku: string;
  readonly variants: string;
  readonly price?: { amount: number; currency: string } | undefined;
  readonly status: string;
}

type Show = 'active' | 'archived' | 'all';
const SHOW = [
  { value: 'active', label: 'On sale' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All products' },
];

const productRow = (product: Product): ListRow => {
  const onSale = product.variants.filter((v) => v.status === 'active');
  const first = onSale[0] ?? product.variants[0];
  const price = first?.prices.find((p) => p.locationId === null);
  return {
    key: product.id,
    productId: product.id,
    variantIds: (onSale.length > 0 ? onSale : product.variants).map((v) => v.id),
    name: product.name,
    sku: first ? `${first.sku}${product.variants.length > 1 ? ` +${product.variants.length - 1}` : ''}` : '',
    variants: String(product.variants.length),
    price: price ? { amount: price.amount, currency: price.currency } : undefined,
    status: product.status,
  };
};

const hitRow = (hit: SearchHit): ListRow => ({
  key: hit.variantId,
  productId: hit.productId,
  variantIds: [hit.variantId],
  name: hit.name,
  sku: hit.sku,
  variants: Object.values(hit.options).join(' / '),
  status: 'active',
});

/**
 * The product list: 100,000 products scroll as a page of them, loaded a page at a time with the
 * server's keyset cursor. Typing searches as you type: on-sale products through the ranked search
 * (typos, SKU and barcode prefixes), archived ones by name or SKU. Ticked rows offer other plugins'
 * actions on their variants (`office.products.selection.actions`: print their labels, say).
 */
export function productListPage(context: OfficePluginContext) {
  const SelectionActions = context.slots.outlet('office.products.selection.actions') as FunctionComponent<
    OfficeSlotProps['office.products.selection.actions']
  >;
  return function ProductListPage({ query }: OfficePageProps) {
    const [text, setText] = useState(query.get('q') ?? '');
    const [show, setShow] = useState<Show>((query.get('show') as Show | null) ?? 'active');
    const [rows, setRows] = useState<readonly ListRow[]>([]);
    const [cursor, setCursor] = useState<string | null | undefined>(undefined);
    const [loading, setLoading] = useState(false);
    const [error, setError] = useState<unknown>(undefined);
    const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
    // Ticked rows keep their variants while the list changes under them (a new search).
    const [selectedVariants, setSelectedVariants] = useState<ReadonlyMap<string, readonly string[]>>(new Map());
    const round = useRef(0);
    const ranked = text.trim() !== '' && show === 'active';

    const loadPage = async (after: string | undefined, reset: boolean) => {
      const mine = (round.current += reset ? 1 : 0);
      setLoading(true);
      setError(undefined);
      try {
        let items: ListRow[];
        let next: string | null;
        if (ranked) {
          const page = await context.api.get<Page<SearchHit>>(`${CATALOG}/search`, { query: { q: text.trim(), limit: 50, cursor: after } });
          items = page.items.map(hitRow);
          next = page.nextCursor;
        } else {
          const page = await context.api.get<Page<Product>>(`${CATALOG}/products`, {
            query: {
              limit: 100,
              cursor: after,
              q: text.trim() || undefined,
              ...(show === 'all' ? { archived: true } : show === 'archived' ? { status: 'archived' } : {}),
            },
          });
          items = page.items.map(productRow);
          next = page.nextCursor;
        }
        if (mine !== round.current) return; // the merchant typed on: this answer is stale
        setRows((previous) => (reset ? items : [...previous, ...items]));
        setCursor(next);
      } catch (failure) {
        if (mine === round.current) setError(failure);
      } finally {
        if (mine === round.current) setLoading(false);
      }
    };

    useEffect(() => {
      setRows([]);
      setCursor(undefined);
      void loadPage(undefined, true);
    }, [text, show]);

    // Ranked hits are variants without prices: the column is left out while searching.
    const priceColumn: Column<ListRow> = {
      key: 'price',
      title: 'Price',
      width: '120px',
      align: 'end',
      render: (row) => (row.price ? <Money amount={row.price.amount} currency={row.price.currency} /> : <span class="k-muted">—</span>),
    };
    const columns: Column<ListRow>[] = [
      { key: 'name', title: 'Product', width: 'minmax(180px, 3fr)', render: (row) => <strong>{row.name}</strong> },
      { key: 'sku', title: 'SKU', width: 'minmax(120px, 1.5fr)' },
      {
        key: 'variants',
        title: ranked ? 'Options' : 'Variants',
        width: ranked ? 'minmax(100px, 1fr)' : '90px',
        align: ranked ? 'start' : 'end',
      },
      ...(ranked ? [] : [priceColumn]),
      {
        key: 'status',
        title: 'Status',
        width: '110px',
        render: (row) => (row.status === 'archived' ? <Badge tone="warning">Archived</Badge> : <Badge tone="success">On sale</Badge>),
      },
    ];

    return (
      <>
        <PageHeader
          title="Products"
          subtitle="Everything you sell, with its variants, barcodes and prices"
          actions={
            context.session.may(CATALOG_WRITE) && (
              <>
                <LinkButton href={context.href('catalog/import')}>Import & export</LinkButton>
                <LinkButton href={context.href('products/new')} variant="primary">
                  New product
                </LinkButton>
              </>
            )
          }
        />
        <Toolbar label="Find products">
          <div class="k-grow k-narrow">
            <SearchInput value={text} onValue={setText} label="Search products" placeholder="Name, SKU or barcode" />
          </div>
          <Field label="Show" name="show">
            <Select name="show" value={show} options={SHOW} onValue={(value) => setShow(value as Show)} />
          </Field>
        </Toolbar>
        {selected.size > 0 && (
          <Toolbar label="Selected products">
            <span class="k-grow">{selected.size} selected</span>
            <SelectionActions
              variantIds={[...new Set([...selectedVariants.values()].flat())]}
              clearSelection={() => {
                setSelected(new Set());
                setSelectedVariants(new Map());
              }}
            />
          </Toolbar>
        )}
        {error !== undefined && (
          <ProblemNotice error={error} what="Loading products" onRetry={() => void loadPage(cursor ?? undefined, rows.length === 0)} />
        )}
        <DataTable
          label="Products"
          columns={columns}
          rows={rows}
          rowKey={(row) => row.key}
          rowHref={(row) => context.href(`products/${row.productId}`)}
          selectable
          selected={selected}
          onSelect={(keys) => {
            setSelected(keys);
            setSelectedVariants((before) => {
              const shown = new Map(rows.map((row) => [row.key, row.variantIds]));
              return new Map([...keys].map((key) => [key, shown.get(key) ?? before.get(key) ?? []]));
            });
          }}
          loading={loading}
          onEndReached={() => {
            if (cursor) void loadPage(cursor, false);
          }}
          height="calc(100vh - 260px)"
          empty={
            text ? (
              <EmptyState title={`No product matches “${text}”`}>Check the spelling, or search by SKU or barcode.</EmptyState>
            ) : (
              <EmptyState
                title={show === 'archived' ? 'No archived products' : 'No products yet'}
                action={
                  show !== 'archived' && context.session.may(CATALOG_WRITE) ? (
                    <LinkButton href={context.href('catalog/import')}>Import a CSV file</LinkButton>
                  ) : undefined
                }
              >
                Add products one by one, or import them from a spreadsheet.
              </EmptyState>
            )
          }
        />
      </>
    );
  };
}
