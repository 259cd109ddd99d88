import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  ConfirmDialog,
  DataTable,
  EmptyState,
  Muted,
  ProblemNotice,
  Row,
  TwoLine,
  problemText,
  tableHeight,
  usePagedList,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, type ReviewItem, type ReviewState } from '../shopify-api.ts';
import { EMPTY_TITLES, codesText, kitsItemName, reviewKey, shopifyProductsOf, sideOf } from './catalog-words.ts';
import { LinkDialog, UnlinkDialog } from './link-dialog.tsx';
import { reviewPage } from './review-list.ts';

/**
 * One review list (unmatched, ambiguous or linked), a page at a time as it scrolls: each row a
 * KiTS item, a Shopify variant or both; link, unlink, and import the Shopify products of the rows ticked.
 */
export function ReviewTable({
  context,
  state,
  mayManage,
  round,
}: {
  context: OfficePluginContext;
  state: ReviewState;
  mayManage: boolean;
  /** Changes when the lists changed elsewhere (a matching run): the list loads again. */
  round: number;
}) {
  const list = usePagedList<ReviewItem>((cursor, signal) => reviewPage(context, state, cursor, signal), [state, round]);
  const [linking, setLinking] = useState<ReviewItem | undefined>();
  const [unlinking, setUnlinking] = useState<ReviewItem | undefined>();
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [importing, setImporting] = useState(false);
  const changed = () => {
    setTicked(new Set());
    list.reload();
  };
  const toImport = shopifyProductsOf(list.items, ticked);
  const importProducts = useSubmit(async () => {
    const { created } = await context.api.post<{ created: { productId: string; shopifyProductId: string }[] }>(`${API}/catalog/import`, {
      shopifyProductIds: toImport,
    });
    setImporting(false);
    context.toasts.show(
      created.length === 1 ? 'One product imported from Shopify' : `${created.length} products imported from Shopify`,
      'success',
    );
    changed();
    return created;
  });
  const selectable = mayManage && state !== 'linked';

  const columns: Column<ReviewItem>[] = [
    {
      key: 'kits',
      title: 'In KiTS',
      width: 'minmax(190px, 1.6fr)',
      render: (item) =>
        item.variantId === null ? (
          <Muted as="span">Not in KiTS</Muted>
        ) : (
          <TwoLine primary={kitsItemName(item)} secondary={codesText(item) || undefined} />
        ),
    },
    {
      key: 'shopify',
      title: 'On Shopify',
      width: 'minmax(190px, 1.6fr)',
      render: (item) =>
        item.shopifyVariantId === null ? (
          <Muted as="span">Not on Shopify</Muted>
        ) : (
          <TwoLine
            primary={item.shopifyTitle || 'A Shopify variant'}
            secondary={sideOf(item) === 'shopify' ? codesText(item) || undefined : undefined}
          />
        ),
    },
    {
      key: 'reason',
      title: state === 'linked' ? 'Matched by' : 'Why',
      width: 'minmax(240px, 2.4fr)',
      render: (item) => (
        <span class="k-truncate" title={item.reason}>
          {item.reason || '—'}
        </span>
      ),
    },
    ...(mayManage
      ? [
          {
            key: 'actions',
            title: '',
            width: '120px',
            align: 'end' as const,
            render: (item: ReviewItem) =>
              item.variantId === null ? null : state === 'linked' ? (
                <Button size="sm" variant="ghost" onClick={() => setUnlinking(item)} aria-label={`Unlink ${kitsItemName(item)}`}>
                  Unlink
                </Button>
              ) : (
                <Button size="sm" onClick={() => setLinking(item)} aria-label={`Link ${kitsItemName(item)}`}>
                  Link…
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      {selectable && (
        <Row justify="between">
          <Muted small>
            {ticked.size === 0
              ? 'Tick Shopify variants to import their products into KiTS.'
              : `${ticked.size} ticked: ${toImport.length === 1 ? 'one Shopify product' : `${toImport.length} Shopify products`} to import.`}
          </Muted>
          <Button variant="primary" disabled={toImport.length === 0} onClick={() => setImporting(true)}>
            Import selected from Shopify
          </Button>
        </Row>
      )}
      {list.error !== undefined && <ProblemNotice error={list.error} what="Loading the catalog review" onRetry={list.reload} />}
      <div class="k-space-above">
        <DataTable<ReviewItem>
          label={`${state[0]!.toUpperCase()}${state.slice(1)} items`}
          columns={columns}
          rows={list.items}
          rowKey={reviewKey}
          rowHeight={52}
          onEndReached={list.loadMore}
          loading={list.loading}
          height={tableHeight(list.items.length, 12, 52)}
          {...(selectable ? { selectable: true, selected: ticked, onSelect: setTicked } : {})}
          empty={
            <EmptyState title={EMPTY_TITLES[state]}>
              {state === 'linked' ? 'Run matching, or link items by hand from Unmatched.' : undefined}
            </EmptyState>
          }
        />
      </div>
      {linking && (
        <LinkDialog
          context={context}
          item={linking}
          onClose={() => setLinking(undefined)}
          onLinked={() => {
            setLinking(undefined);
            changed();
          }}
        />
      )}
      <UnlinkDialog
        context={context}
        item={unlinking}
        onClose={() => setUnlinking(undefined)}
        onUnlinked={() => {
          setUnlinking(undefined);
          changed();
        }}
      />
      <ConfirmDialog
        open={importing}
        title={toImport.length === 1 ? 'Import one product from Shopify?' : `Import ${toImport.length} products from Shopify?`}
        message={
          <>
            Each becomes a KiTS product with its variants, SKUs, barcodes and prices, linked to Shopify; its prices and titles then flow
            from Shopify to KiTS.
          </>
        }
        problem={importProducts.error !== undefined ? `Importing failed: ${problemText(importProducts.error)}` : undefined}
        confirmLabel="Import"
        busy={importProducts.busy}
        onConfirm={() => void importProducts.submit()}
        onCancel={() => setImporting(false)}
      />
    </>
  );
}
