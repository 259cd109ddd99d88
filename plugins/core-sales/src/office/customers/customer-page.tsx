import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  DateTime,
  EmptyState,
  LinkButton,
  Money,
  PageHeader,
  ProblemNotice,
  Spinner,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { outlet } from '../outlets.ts';
import { SALES_API, type Customer, type PageOf, type SaleSummary } from '../sales-api.ts';
import { SaleStatusBadge } from '../sales/sale-status.tsx';
import { CustomerFields, customerBody, draftOf, EMPTY_CUSTOMER, type CustomerDraft } from './customer-fields.tsx';

const SALE_COLUMNS: Column<SaleSummary>[] = [
  { key: 'receipt', title: 'Receipt', width: '100px', render: (s) => (s.receiptNumber === null ? '—' : `#${s.receiptNumber}`) },
  { key: 'time', title: 'Date', width: '2fr', render: (s) => <DateTime value={s.occurredAt} /> },
  { key: 'status', title: 'Status', width: '1.2fr', render: (s) => <SaleStatusBadge sale={s} /> },
  { key: 'total', title: 'Total', width: '1fr', align: 'end', render: (s) => <Money amount={s.total} currency={s.currency} /> },
];

/** One customer: their details to edit (problems beside fields), archive or restore, their recent sales, other plugins' actions. */
export function customerPage(context: OfficePluginContext) {
  const CustomerActions = outlet(context, 'office.customer.actions');
  return function CustomerPage({ params }: OfficePageProps) {
    const customerId = params['customerId']!;
    const customer = useResource((signal) => context.api.get<Customer>(`${SALES_API}/customers/${customerId}`, { signal }), [customerId]);
    const mayReport = context.session.may('core-sales:reports');
    const sales = useResource(
      (signal) =>
        mayReport
          ? context.api.get<PageOf<SaleSummary>>(`${SALES_API}/sales`, { query: { customerId, limit: 20 }, signal })
          : Promise.resolve({ items: [], nextCursor: null }),
      [customerId],
    );
    const [draft, setDraft] = useState<CustomerDraft>(EMPTY_CUSTOMER);
    const [confirmArchive, setConfirmArchive] = useState(false);
    useEffect(() => {
      if (customer.data) setDraft(draftOf(customer.data));
    }, [customer.data]);
    const save = useSubmit(() => context.api.patch<Customer>(`${SALES_API}/customers/${customerId}`, customerBody(draft)));
    const archive = useSubmit((archived: boolean) => context.api.patch<Customer>(`${SALES_API}/customers/${customerId}`, { archived }));
    const mayWrite = context.session.may('core-sales:customers.write');

    if (customer.error !== undefined && !customer.data)
      return (
        <>
          <PageHeader title="Customer" back={{ href: context.href('customers'), label: 'Customers' }} />
          <ProblemNotice error={customer.error} what="Loading the customer" onRetry={customer.reload} />
        </>
      );
    if (!customer.data) return <Spinner label="Loading the customer…" />;
    const c = customer.data;
    const changed = JSON.stringify(customerBody(draft)) !== JSON.stringify(customerBody(draftOf(c)));

    return (
      <>
        <PageHeader
          title={c.name}
          subtitle={c.archived ? <Badge>Archived</Badge> : (c.email ?? c.phone ?? undefined)}
          back={{ href: context.href('customers'), label: 'Customers' }}
          actions={
            <>
              {mayWrite &&
                (c.archived ? (
                  <Button
                    variant="secondary"
                    busy={archive.busy}
                    onClick={() => void archive.submit(false).then((done) => done && customer.reload())}
                  >
                    Restore
                  </Button>
                ) : (
                  <Button variant="ghost" onClick={() => setConfirmArchive(true)}>
                    Archive
                  </Button>
                ))}
              <CustomerActions customer={{ id: c.id, title: c.name }} reload={customer.reload} />
            </>
          }
        />
        {archive.problems[''] && <ProblemNotice error={archive.error} what="Archiving" />}
        <div class="k-columns k-columns--wide">
          <Card title="Details">
            <form
              noValidate
              class="k-form"
              onSubmit={(event) => {
                event.preventDefault();
                void save.submit().then((saved) => {
                  if (!saved) return;
                  context.toasts.show('Customer saved', 'success');
                  customer.reload();
                });
              }}
            >
              {save.problems[''] && (
                <p role="alert" class="k-field__problem">
                  {save.problems['']}
                </p>
              )}
              <CustomerFields draft={draft} onDraft={setDraft} problems={save.problems} disabled={!mayWrite} />
              {mayWrite && (
                <div>
                  <Button type="submit" variant="primary" busy={save.busy} disabled={!changed}>
                    Save changes
                  </Button>
                </div>
              )}
            </form>
          </Card>
          {mayReport && (
            <Card
              title="Recent sales"
              actions={
                <LinkButton href={`${context.href('sales')}?customerId=${c.id}`} variant="ghost" size="sm">
                  All their sales
                </LinkButton>
              }
            >
              {sales.error !== undefined && !sales.data ? (
                <ProblemNotice error={sales.error} what="Loading their sales" onRetry={sales.reload} />
              ) : sales.data?.items.length === 0 ? (
                <EmptyState title="No sales yet">Sales that name {c.name} show here.</EmptyState>
              ) : (
                <DataTable<SaleSummary>
                  label="Recent sales"
                  columns={SALE_COLUMNS}
                  rows={sales.data?.items ?? []}
                  rowKey={(s) => s.id}
                  rowHref={(s) => context.href(`sales/${s.id}`)}
                  loading={sales.loading}
                  height={36 + Math.max(1, Math.min(sales.data?.items.length ?? 3, 10)) * 40 + 2}
                  empty={<EmptyState title="No sales yet">Sales that name {c.name} show here.</EmptyState>}
                />
              )}
            </Card>
          )}
        </div>
        <ConfirmDialog
          open={confirmArchive}
          title={`Archive ${c.name}?`}
          message="Archived customers are no longer offered at the till; their past sales keep their name. You can restore them."
          confirmLabel="Archive"
          tone="danger"
          busy={archive.busy}
          onConfirm={() =>
            void archive.submit(true).then((done) => {
              setConfirmArchive(false);
              if (done) customer.reload();
            })
          }
          onCancel={() => setConfirmArchive(false)}
        />
      </>
    );
  };
}
