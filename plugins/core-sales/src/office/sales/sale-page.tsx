import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  DataTable,
  DateTime,
  DescriptionList,
  Money,
  PageHeader,
  ProblemNotice,
  Spinner,
  useResource,
  type Column,
} from '@kits/ui-kit';
import { formatMoney } from '@kits/plugin-sdk/money';
import { useState } from 'preact/hooks';
import { personName, tillName, useDirectory, type Directory } from '../directory.ts';
import { outlet } from '../outlets.ts';
import {
  channelName,
  SALES_API,
  saleTitle,
  tenderName,
  type Customer,
  type PageOf,
  type Refund,
  type Sale,
  type SaleLine,
} from '../sales-api.ts';
import { ReceiptPreview } from './receipt-preview.tsx';
import { RefundDialog } from './refund-form.tsx';
import { RefundHistory } from './refund-history.tsx';
import { CardPayment } from './card-payment.tsx';
import { SaleStatusBadge } from './sale-status.tsx';

interface Shop {
  readonly id: string;
  readonly name: string;
  readonly addressLines: string[];
  readonly taxId: string | null;
  readonly timezone: string;
}

const lineColumns = (currency: string, lines: readonly SaleLine[]): Column<SaleLine>[] => [
  {
    key: 'item',
    title: 'Item',
    width: 'minmax(150px, 2.5fr)',
    render: (l) => (
      <span>
        {l.name} <span class="k-muted">{l.sku}</span>
      </span>
    ),
  },
  { key: 'quantity', title: 'Qty', width: '50px', align: 'end', render: (l) => l.quantity },
  {
    key: 'price',
    title: 'Price',
    width: 'minmax(76px, 1fr)',
    align: 'end',
    render: (l) => <Money amount={l.unitPrice} currency={currency} />,
  },
  ...(!lines.some((l) => l.discount)
    ? []
    : [
        {
          key: 'discount',
          title: 'Discount',
          width: '1fr',
          align: 'end',
          render: (l: SaleLine) => (l.discount ? <Money amount={-l.discount} currency={currency} /> : ''),
        } as Column<SaleLine>,
      ]),
  { key: 'tax', title: 'Tax', width: 'minmax(76px, 1fr)', align: 'end', render: (l) => <Money amount={l.tax} currency={currency} /> },
  { key: 'total', title: 'Total', width: 'minmax(76px, 1fr)', align: 'end', render: (l) => <Money amount={l.total} currency={currency} /> },
  ...(!lines.some((l) => l.refundedQuantity)
    ? []
    : [
        {
          key: 'refunded',
          title: 'Refunded',
          width: '80px',
          align: 'end',
          render: (l: SaleLine) => l.refundedQuantity || '',
        } as Column<SaleLine>,
      ]),
];

const tableHeight = (rows: number) => 36 + Math.max(rows, 1) * 40 + 2;

// Side by side on a wide screen (the sale, and its receipt beside it); the receipt wraps below on a tablet.
/**
 * One sale: lines, tenders, refunds, the till and cashier, the receipt as the customer got it; a
 * refund from the office; and other plugins' actions on the sale (`office.sale.actions`).
 */
export function salePage(context: OfficePluginContext, directory: () => Promise<Directory>) {
  const SaleActions = outlet(context, 'office.sale.actions');
  return function SalePage({ params }: OfficePageProps) {
    const saleId = params['saleId']!;
    const known = useDirectory(directory);
    const [refunding, setRefunding] = useState(false);
    const sale = useResource((signal) => context.api.get<Sale>(`${SALES_API}/sales/${saleId}`, { signal }), [saleId]);
    const refunds = useResource(
      (signal) => context.api.get<PageOf<Refund>>(`${SALES_API}/refunds`, { query: { saleId, limit: 200 }, signal }),
      [saleId],
    );
    const shops = useResource((signal) => context.api.get<{ items: Shop[] }>('/api/v1/tenants/current/locations', { signal }), []);
    const customerId = sale.data?.customerId;
    const customer = useResource(
      (signal) => (customerId ? context.api.get<Customer>(`${SALES_API}/customers/${customerId}`, { signal }) : Promise.resolve(undefined)),
      [customerId],
    );
    const reload = () => {
      sale.reload();
      refunds.reload();
    };

    if (sale.error !== undefined && !sale.data) {
      return (
        <>
          <PageHeader title="Sale" back={{ href: context.href('sales'), label: 'Sales' }} />
          <ProblemNotice error={sale.error} what="Loading the sale" onRetry={sale.reload} />
        </>
      );
    }
    if (!sale.data) return <Spinner label="Loading the sale…" />;
    const s = sale.data;
    const shop = shops.data?.items.find((l) => l.id === s.locationId);
    const title = saleTitle(s);
    const leftToRefund = s.lines.some((l) => l.refundedQuantity < l.quantity) && s.refunded < s.paid;
    // A channel's sale is refunded on the channel; its refunds come back here.
    const mayRefund =
      s.source === null && s.status === 'completed' && leftToRefund && context.session.may('core-sales:refund', s.locationId);
    const soldAt: readonly (readonly [string, string])[] = s.source
      ? [['Sold on', channelName(s.source.channel)]]
      : [
          ['Till', tillName(known, s.deviceId)],
          ['Cashier', personName(known, s.cashierId)],
        ];

    return (
      <>
        <PageHeader
          title={title}
          subtitle={<DateTime value={s.occurredAt} timeZone={shop?.timezone} />}
          back={{ href: context.href('sales'), label: 'Sales' }}
          actions={
            <>
              {mayRefund && (
                <Button variant="secondary" onClick={() => setRefunding(true)}>
                  Refund items…
                </Button>
              )}
              <SaleActions sale={{ id: s.id, title }} reload={reload} />
            </>
          }
        />
        <div class="k-split">
          <div class="k-split__main k-stack k-gap-4">
            <Card title="Sale">
              <DescriptionList
                items={[
                  ['Status', <SaleStatusBadge sale={s} />],
                  ['Location', shop?.name ?? context.session.locations.find((l) => l.id === s.locationId)?.name ?? '—'],
                  ...soldAt,
                  [
                    'Customer',
                    customerId ? (
                      <a href={context.href(`customers/${customerId}`)}>{customer.data?.name ?? 'Customer'}</a>
                    ) : (
                      'No customer named'
                    ),
                  ],
                  ...(s.shiftId ? ([['Shift', <a href={context.href(`shifts/${s.shiftId}`)}>Shift report</a>]] as const) : []),
                  ['Total', <Money amount={s.total} currency={s.currency} />],
                  ...(s.refunded > 0 ? ([['Refunded', <Money amount={-s.refunded} currency={s.currency} />]] as const) : []),
                ]}
              />
            </Card>
            <Card title={`Items (${s.lines.length})`}>
              <DataTable<SaleLine>
                label="Items sold"
                columns={lineColumns(s.currency, s.lines)}
                rows={s.lines}
                rowKey={(l) => String(l.lineNo)}
                height={tableHeight(s.lines.length)}
              />
            </Card>
            <Card title="Payments">
              <DescriptionList
                items={[
                  ...s.tenders.map(
                    (t) =>
                      [
                        tenderName(t.method),
                        <>
                          <Money amount={t.amount} currency={s.currency} />
                          {t.tendered > t.amount && (
                            <span class="k-muted">
                              {' '}
                              (given <Money amount={t.tendered} currency={s.currency} />)
                            </span>
                          )}
                          <CardPayment tender={t} />
                        </>,
                      ] as const,
                  ),
                  ['Change', <Money amount={s.change} currency={s.currency} />],
                ]}
              />
            </Card>
            <Card title="Refunds">
              {refunds.error !== undefined && !refunds.data ? (
                <ProblemNotice error={refunds.error} what="Loading the refunds" onRetry={refunds.reload} />
              ) : (
                <RefundHistory refunds={refunds.data?.items ?? []} sale={s} directory={known} />
              )}
            </Card>
          </div>
          <div class="k-split__aside">
            <Card title="Receipt">
              <ReceiptPreview
                sale={s}
                facts={{
                  shop: shop ?? { name: '', addressLines: [], taxId: null },
                  till: s.source ? channelName(s.source.channel) : tillName(known, s.deviceId),
                  cashier: personName(known, s.cashierId),
                }}
              />
            </Card>
          </div>
        </div>
        {mayRefund && (
          <RefundDialog
            context={context}
            sale={s}
            open={refunding}
            onClose={() => setRefunding(false)}
            onRefunded={(refund) => {
              setRefunding(false);
              context.toasts.show(`Refund of ${formatMoney(refund.total, s.currency, context.session.locale)} given`, 'success');
              reload();
            }}
          />
        )}
      </>
    );
  };
}
