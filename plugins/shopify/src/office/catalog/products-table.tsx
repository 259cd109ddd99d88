import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  ConfirmDialog,
  DataTable,
  EmptyState,
  Muted,
  ProblemNotice,
  Row,
  Select,
  problemText,
  tableHeight,
  usePagedList,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, type CatalogProduct, type Direction, type ListPage } from '../shopify-api.ts';
import { DIRECTION_LABELS, DIRECTION_TOASTS } from './catalog-words.ts';

const PAGE_SIZE = 200;
const DIRECTIONS: readonly Direction[] = ['kits_to_shopify', 'shopify_to_kits'];

/**
 * The KiTS products with which way their prices and titles flow (changed per product at once) and
 * how many of their variants are linked; the ticked ones can be published to Shopify.
 */
export function ProductsTable({ context, mayManage, round }: { context: OfficePluginContext; mayManage: boolean; round: number }) {
  const list = usePagedList<CatalogProduct>(
    async (cursor, signal) => {
      const page = await context.api.get<ListPage<CatalogProduct>>(`${API}/catalog/products`, {
        query: { after: cursor, limit: PAGE_SIZE },
        signal,
      });
      return { items: page.items, nextCursor: page.next };
    },
    [round],
  );
  // A direction just chosen shows at once; the list's next load confirms it.
  const [chosen, setChosen] = useState<Readonly<Record<string, Direction>>>({});
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [publishing, setPublishing] = useState(false);

  const direct = useSubmit(async (product: CatalogProduct, direction: Direction) => {
    setChosen((before) => ({ ...before, [product.productId]: direction }));
    try {
      await context.api.put(`${API}/catalog/products/${product.productId}/direction`, { direction });
    } catch (error) {
      setChosen((before) => ({ ...before, [product.productId]: product.direction }));
      throw error;
    }
    context.toasts.show(`${product.name}: ${DIRECTION_TOASTS[direction]}`, 'success');
    return direction;
  });
  const publish = useSubmit(async () => {
    const { published } = await context.api.post<{ published: { productId: string; shopifyProductId: string }[] }>(
      `${API}/catalog/publish`,
      {
        productIds: [...ticked],
      },
    );
    setPublishing(false);
    setTicked(new Set());
    context.toasts.show(
      published.length === 1 ? 'One product published to Shopify' : `${published.length} products published to Shopify`,
      'success',
    );
    list.reload();
    return published;
  });

  const columns: Column<CatalogProduct>[] = [
    { key: 'name', title: 'Product', width: 'minmax(200px, 2fr)', render: (product) => <strong>{product.name}</strong> },
    {
      key: 'linked',
      title: 'Linked variants',
      width: 'minmax(140px, 1fr)',
      render: (product) => (
        <Badge tone={product.linkedVariants === 0 ? 'neutral' : product.linkedVariants < product.variants ? 'warning' : 'success'}>
          {product.linkedVariants === 0 ? 'Not on Shopify' : `${product.linkedVariants} of ${product.variants}`}
        </Badge>
      ),
    },
    {
      key: 'direction',
      title: 'Prices and titles',
      width: 'minmax(210px, 1.4fr)',
      render: (product) => {
        const direction = chosen[product.productId] ?? product.direction;
        return mayManage ? (
          <Select
            name={`direction-${product.productId}`}
            aria-label={`Prices and titles of ${product.name}`}
            value={direction}
            options={DIRECTIONS.map((value) => ({ value, label: DIRECTION_LABELS[value] }))}
            onValue={(value) => void direct.submit(product, value as Direction)}
          />
        ) : (
          DIRECTION_LABELS[direction]
        );
      },
    },
  ];

  return (
    <>
      {mayManage && (
        <Row justify="between">
          <Muted small>{ticked.size === 0 ? 'Tick products to publish them to Shopify.' : `${ticked.size} ticked to publish.`}</Muted>
          <Button variant="primary" disabled={ticked.size === 0} onClick={() => setPublishing(true)}>
            Publish selected to Shopify
          </Button>
        </Row>
      )}
      {direct.error !== undefined && <ProblemNotice error={direct.error} what="Changing the direction" />}
      {list.error !== undefined && <ProblemNotice error={list.error} what="Loading the products" onRetry={list.reload} />}
      <div class="k-space-above">
        <DataTable<CatalogProduct>
          label="Products"
          columns={columns}
          rows={list.items}
          rowKey={(product) => product.productId}
          rowHeight={52}
          onEndReached={list.loadMore}
          loading={list.loading}
          height={tableHeight(list.items.length, 12, 52)}
          {...(mayManage ? { selectable: true, selected: ticked, onSelect: setTicked } : {})}
          empty={
            <EmptyState title="No products in KiTS yet">
              Import them from Shopify under Unmatched, or add them in Catalog → Products.
            </EmptyState>
          }
        />
      </div>
      <ConfirmDialog
        open={publishing}
        title={ticked.size === 1 ? 'Publish one product to Shopify?' : `Publish ${ticked.size} products to Shopify?`}
        message={
          <>
            Each is created on Shopify with its variants, SKUs, barcodes and prices (or updated, when it is there already), and linked; its
            prices and titles then flow from KiTS to Shopify.
          </>
        }
        problem={publish.error !== undefined ? `Publishing failed: ${problemText(publish.error)}` : undefined}
        confirmLabel="Publish"
        busy={publish.busy}
        onConfirm={() => void publish.submit()}
        onCancel={() => setPublishing(false)}
      />
    </>
  );
}
