import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { formatMoney } from '@kits/plugin-sdk/money';
import {
  Badge,
  Button,
  ConfirmDialog,
  DataTable,
  DateTime,
  EmptyState,
  PageHeader,
  ProblemNotice,
  Tabs,
  useKit,
  useSubmit,
  type Column,
  usePagedList,
  type ListPage,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { SALES_API, type Promotion } from '../sales-api.ts';
import { PromotionDialog } from './promotion-dialog.tsx';

/** Rows asked for at a time as the table scrolls. */
const PAGE_SIZE = 50;

const TABS = [
  { id: 'running', label: 'Running' },
  { id: 'ended', label: 'Ended' },
  { id: 'all', label: 'All' },
];

/** What a promotion does, as a merchant says it: "Buy 2, get 1 free", "3 for €5.00". */
export function promotionTerms(promotion: Promotion, currency: string, locale: string): string {
  return promotion.kind === 'buy_x_get_y'
    ? `Buy ${promotion.buy}, get ${promotion.get} free`
    : `${promotion.quantity} for ${formatMoney(promotion.price ?? 0, currency, locale)}`;
}

/** Promotions: running and ended ones, start a new one, end one. */
export function promotionListPage(context: OfficePluginContext) {
  const currency = typeof context.settings['currency'] === 'string' ? context.settings['currency'] : 'EUR';
  return function PromotionListPage(_props: OfficePageProps) {
    const { locale } = useKit();
    const [tab, setTab] = useState('running');
    const [creating, setCreating] = useState(false);
    const [ending, setEnding] = useState<Promotion | undefined>(undefined);
    const query = {
      active: tab === 'all' ? undefined : tab === 'running',
    };
    const promotions = usePagedList<Promotion>(
      (cursor, signal) =>
        context.api.get<ListPage<Promotion>>(`${SALES_API}/promotions`, { query: { ...query, limit: PAGE_SIZE, cursor }, signal }),
      [JSON.stringify(query)],
    );
    const mayWrite = context.session.may('core-sales:promotions.write');
    const end = useSubmit((promotion: Promotion) => context.api.post(`${SALES_API}/promotions/${promotion.id}/end`));

    const columns: Column<Promotion>[] = [
      { key: 'name', title: 'Name', width: '2fr', render: (p) => p.name },
      { key: 'terms', title: 'Offer', width: '2fr', render: (p) => promotionTerms(p, currency, locale) },
      { key: 'items', title: 'Items', width: '80px', align: 'end', render: (p) => p.variantIds.length },
      { key: 'created', title: 'Started', width: '1.2fr', render: (p) => <DateTime value={p.createdAt} dateOnly /> },
      {
        key: 'status',
        title: 'Status',
        width: '100px',
        render: (p) => (p.active ? <Badge tone="success">Running</Badge> : <Badge>Ended</Badge>),
      },
      {
        key: 'end',
        title: <span class="k-visually-hidden">Actions</span>,
        width: '110px',
        align: 'end',
        render: (p) =>
          mayWrite && p.active ? (
            <Button
              size="sm"
              variant="ghost"
              aria-label={`End ${p.name}`}
              onClick={(event: Event) => (event.stopPropagation(), setEnding(p))}
            >
              End
            </Button>
          ) : null,
      },
    ];

    return (
      <>
        <PageHeader
          title="Promotions"
          subtitle="Applied at the till automatically to the items they cover"
          actions={
            mayWrite && (
              <Button variant="primary" onClick={() => setCreating(true)}>
                New promotion
              </Button>
            )
          }
        />
        <Tabs tabs={TABS} current={tab} onChange={setTab} label="Which promotions" />
        {end.problems[''] && <ProblemNotice error={end.error} what="Ending the promotion" />}
        {promotions.error !== undefined && promotions.items.length === 0 ? (
          <ProblemNotice error={promotions.error} what="Loading promotions" onRetry={promotions.reload} />
        ) : (
          <DataTable<Promotion>
            label="Promotions"
            columns={columns}
            rows={promotions.items}
            rowKey={(p) => p.id}
            onEndReached={promotions.loadMore}
            loading={promotions.loading}
            height="calc(100vh - 280px)"
            empty={
              <EmptyState title={tab === 'ended' ? 'No ended promotions' : 'No promotions running'}>
                {mayWrite && tab !== 'ended' ? 'Start one: “buy 2, get 1 free”, or “3 for a price”.' : undefined}
              </EmptyState>
            }
          />
        )}
        {mayWrite && (
          <PromotionDialog
            context={context}
            currency={currency}
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={(promotion) => {
              setCreating(false);
              context.toasts.show(`${promotion.name} started`, 'success');
              promotions.reload();
            }}
          />
        )}
        <ConfirmDialog
          open={ending !== undefined}
          title={`End ${ending?.name ?? 'the promotion'}?`}
          message="Tills stop applying it from their next sale. Past sales keep their discount."
          confirmLabel="End promotion"
          tone="danger"
          busy={end.busy}
          onConfirm={() =>
            ending &&
            void end.submit(ending).then((done) => {
              setEnding(undefined);
              if (done) {
                context.toasts.show(`${ending.name} ended`, 'success');
                promotions.reload();
              }
            })
          }
          onCancel={() => setEnding(undefined)}
        />
      </>
    );
  };
}
