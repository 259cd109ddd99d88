import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  DataTable,
  LinkButton,
  PageHeader,
  ProblemNotice,
  SearchInput,
  Select,
  Toolbar,
  EmptyState,
  type Column,
  Stack,
  usePagedList,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, type Page, type SupplierSummary } from '../purchasing-api.ts';

const STATUS_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All suppliers' },
];

/** Suppliers by name: search, active or archived, one click to a supplier. */
export function supplierListPage(context: OfficePluginContext) {
  const columns: Column<SupplierSummary>[] = [
    {
      key: 'name',
      title: 'Name',
      width: '2fr',
      render: (s) => (
        <span>
          {s.name} {s.status === 'archived' ? <Badge tone="neutral">Archived</Badge> : null}
        </span>
      ),
    },
    { key: 'currency', title: 'Currency', width: '100px' },
    { key: 'leadTime', title: 'Lead time', width: '120px', align: 'end', render: (s) => days(s.leadTimeDays) },
    {
      key: 'terms',
      title: 'Payment terms',
      width: '150px',
      render: (s) => (s.paymentTermsDays === 0 ? 'On receipt' : `Net ${s.paymentTermsDays} days`),
    },
    { key: 'email', title: 'Email', width: '2fr', render: (s) => s.email ?? '—' },
    { key: 'phone', title: 'Phone', width: '1fr', render: (s) => s.phone ?? '—' },
  ];

  return function SupplierListPage(_props: OfficePageProps) {
    const [text, setText] = useState('');
    const [status, setStatus] = useState('active');
    const list = usePagedList<SupplierSummary>(
      (cursor, signal) =>
        context.api.get<Page<SupplierSummary>>(`${API}/suppliers`, {
          query: {
            q: text.trim() || undefined,
            ...(status === 'all' ? { archived: true } : { status }),
            limit: 50,
            cursor,
          },
          signal,
        }),
      [text, status],
    );
    const mayWrite = context.session.may('purchasing:suppliers.write');
    return (
      <Stack space={4}>
        <PageHeader
          title="Suppliers"
          subtitle="Who you buy from, in which currency and on what terms"
          actions={
            mayWrite ? (
              <LinkButton href={context.href('suppliers/new')} variant="primary">
                New supplier
              </LinkButton>
            ) : undefined
          }
        />
        <Toolbar>
          <SearchInput label="Search suppliers" placeholder="Name, email or phone" value={text} onValue={setText} />
          <Select name="status" aria-label="Show" value={status} options={STATUS_OPTIONS} onValue={setStatus} />
        </Toolbar>
        {list.error ? (
          <ProblemNotice error={list.error} what="Loading suppliers" onRetry={list.reload} />
        ) : (
          <DataTable
            label="Suppliers"
            columns={columns}
            rows={list.items}
            rowKey={(s) => s.id}
            rowHref={(s) => context.href(`suppliers/${s.id}`)}
            onEndReached={list.loadMore}
            loading={list.loading}
            height="calc(100vh - 260px)"
            empty={
              <EmptyState title={text ? 'No supplier matches' : 'No suppliers yet'}>
                {text ? 'Try another name, email or phone.' : 'Add the companies you buy stock from to order from them.'}
              </EmptyState>
            }
          />
        )}
      </Stack>
    );
  };
}

export const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);
