import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Checkbox,
  DataTable,
  DateTime,
  Dialog,
  EmptyState,
  PageHeader,
  ProblemNotice,
  SearchInput,
  Toolbar,
  useSubmit,
  type Column,
  usePagedList,
  type ListPage,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { SALES_API, type Customer } from '../sales-api.ts';
import { CustomerFields, customerBody, EMPTY_CUSTOMER, type CustomerDraft } from './customer-fields.tsx';

/** Rows asked for at a time as the table scrolls. */
const PAGE_SIZE = 50;

const COLUMNS: Column<Customer>[] = [
  {
    key: 'name',
    title: 'Name',
    width: '2fr',
    render: (c) => (
      <span>
        {c.name} {c.archived && <Badge>Archived</Badge>}
      </span>
    ),
  },
  { key: 'email', title: 'E-mail', width: '2fr', render: (c) => c.email ?? '' },
  { key: 'phone', title: 'Phone', width: 'minmax(140px, 1fr)', render: (c) => c.phone ?? '' },
  { key: 'updated', title: 'Last changed', width: '130px', render: (c) => <DateTime value={c.updatedAt} dateOnly /> },
];

/** A customer added from the office: name and contacts, problems beside their fields. */
function AddCustomerDialog({ context, open, onClose }: { context: OfficePluginContext; open: boolean; onClose(): void }) {
  const [draft, setDraft] = useState<CustomerDraft>(EMPTY_CUSTOMER);
  const { submit, busy, problems } = useSubmit(() => context.api.post<Customer>(`${SALES_API}/customers`, customerBody(draft)));
  const save = async () => {
    const customer = await submit();
    if (!customer) return;
    setDraft(EMPTY_CUSTOMER);
    context.toasts.show(`${customer.name} added`, 'success');
    context.navigate(`/${context.plugin.id}/customers/${customer.id}`);
  };
  return (
    <Dialog
      open={open}
      title="Add a customer"
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" busy={busy} onClick={() => void save()}>
            Add customer
          </Button>
        </>
      }
    >
      <form
        noValidate
        class="k-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {problems[''] && (
          <p role="alert" class="k-field__problem">
            {problems['']}
          </p>
        )}
        <CustomerFields draft={draft} onDraft={setDraft} problems={problems} />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

/** Customers by name: search by name, e-mail or phone; add one. */
export function customerListPage(context: OfficePluginContext) {
  return function CustomerListPage(_props: OfficePageProps) {
    const [text, setText] = useState('');
    const [archived, setArchived] = useState(false);
    const [adding, setAdding] = useState(false);
    const query = {
      q: text.trim() || undefined,
      archived: archived || undefined,
    };
    const customers = usePagedList<Customer>(
      (cursor, signal) =>
        context.api.get<ListPage<Customer>>(`${SALES_API}/customers`, { query: { ...query, limit: PAGE_SIZE, cursor }, signal }),
      [JSON.stringify(query)],
    );
    const mayWrite = context.session.may('core-sales:customers.write');
    return (
      <>
        <PageHeader
          title="Customers"
          subtitle="The people your sales can name: for receipts by e-mail, returns and reports"
          actions={
            mayWrite && (
              <Button variant="primary" onClick={() => setAdding(true)}>
                Add customer
              </Button>
            )
          }
        />
        <Toolbar>
          <SearchInput label="Search customers" value={text} onValue={setText} placeholder="Name, e-mail or phone" />
          <Checkbox name="archived" checked={archived} onValue={setArchived} label="Show archived customers" />
        </Toolbar>
        {customers.error !== undefined && customers.items.length === 0 ? (
          <ProblemNotice error={customers.error} what="Loading customers" onRetry={customers.reload} />
        ) : (
          <DataTable<Customer>
            label="Customers"
            columns={COLUMNS}
            rows={customers.items}
            rowKey={(c) => c.id}
            rowHref={(c) => context.href(`customers/${c.id}`)}
            onEndReached={customers.loadMore}
            loading={customers.loading}
            height="calc(100vh - 280px)"
            empty={
              <EmptyState title={text ? `No customer matches “${text}”` : 'No customers yet'}>
                {text ? 'Check the spelling, or search by e-mail or phone.' : 'Add your regulars to find them at the till.'}
              </EmptyState>
            }
          />
        )}
        {mayWrite && <AddCustomerDialog context={context} open={adding} onClose={() => setAdding(false)} />}
      </>
    );
  };
}
