import type { OfficePageProps, OfficePluginContext, OfficeSlotProps } from '@kits/plugin-sdk/office';
import type { FunctionComponent } from 'preact';
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  DateTime,
  DescriptionList,
  EmptyState,
  LinkButton,
  Money,
  PageHeader,
  ProblemNotice,
  Spinner,
  useResource,
  type Column,
  Columns,
  Row,
  Stack,
  tableHeight,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { ORDER_STATUS } from '../order-status.ts';
import { API, type OrderSummary, type Page, type Supplier, type SupplierItem } from '../purchasing-api.ts';
import { days } from './supplier-list-page.tsx';
import { SupplierItemDialog } from './supplier-item-dialog.tsx';

/** One supplier: details, the items they sell us at which cost, their recent orders, other plugins' actions. */
export function supplierPage(context: OfficePluginContext) {
  // The SDK types components loosely (it does not depend on Preact); this one is a Preact component.
  const Actions = context.slots.outlet('office.supplier.actions') as unknown as FunctionComponent<
    OfficeSlotProps['office.supplier.actions']
  >;

  return function SupplierPage({ params }: OfficePageProps) {
    const supplierId = params['supplierId']!;
    const supplier = useResource((signal) => context.api.get<Supplier>(`${API}/suppliers/${supplierId}`, { signal }), [supplierId]);
    const orders = useResource(
      (signal) => context.api.get<Page<OrderSummary>>(`${API}/purchase-orders`, { query: { supplierId, limit: 10 }, signal }),
      [supplierId],
    );
    const [editing, setEditing] = useState<SupplierItem | 'new' | undefined>();
    const [removing, setRemoving] = useState<SupplierItem | undefined>();

    if (supplier.error)
      return (
        <Stack space={4}>
          <PageHeader title="Supplier" back={{ href: context.href('suppliers'), label: 'Suppliers' }} />
          <ProblemNotice error={supplier.error} what="Loading the supplier" onRetry={supplier.reload} />
        </Stack>
      );
    if (!supplier.data) return <Spinner label="Loading the supplier" />;
    const s = supplier.data;
    const mayWrite = context.session.may('purchasing:suppliers.write');
    const mayOrder = context.session.may('purchasing:orders.write');

    const itemColumns: Column<SupplierItem>[] = [
      {
        key: 'name',
        title: 'Item',
        width: '2fr',
        sortValue: (i) => i.name,
        render: (i) => (
          <span>
            {i.name} <span class="k-muted">· {i.sku}</span> {i.preferred ? <Badge tone="success">Preferred</Badge> : null}
          </span>
        ),
      },
      { key: 'supplierSku', title: "Supplier's SKU", width: '1fr', sortValue: (i) => i.supplierSku },
      { key: 'packSize', title: 'Pack size', width: '110px', align: 'end', sortValue: (i) => i.packSize, render: (i) => i.packSize },
      {
        key: 'unitCost',
        title: 'Unit cost',
        width: '130px',
        align: 'end',
        sortValue: (i) => i.unitCost.amount,
        render: (i) => <Money amount={i.unitCost.amount} currency={i.unitCost.currency} />,
      },
      ...(mayWrite
        ? [
            {
              key: 'actions',
              title: 'Actions',
              width: '180px',
              render: (i: SupplierItem) => (
                <Row>
                  <Button size="sm" variant="secondary" onClick={() => setEditing(i)} aria-label={`Change ${i.name}`}>
                    Change
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setRemoving(i)} aria-label={`Remove ${i.name}`}>
                    Remove
                  </Button>
                </Row>
              ),
            } satisfies Column<SupplierItem>,
          ]
        : []),
    ];

    const orderColumns: Column<OrderSummary>[] = [
      { key: 'number', title: 'Number', width: '140px' },
      {
        key: 'status',
        title: 'Status',
        width: '150px',
        render: (o) => <Badge tone={ORDER_STATUS[o.status].tone}>{ORDER_STATUS[o.status].label}</Badge>,
      },
      {
        key: 'expectedOn',
        title: 'Expected',
        width: '1fr',
        render: (o) => (o.expectedOn ? <DateTime value={o.expectedOn} dateOnly /> : '—'),
      },
      { key: 'createdAt', title: 'Created', width: '1fr', render: (o) => <DateTime value={o.createdAt} /> },
    ];

    return (
      <Stack space={4}>
        <PageHeader
          title={s.name}
          subtitle={s.status === 'archived' ? 'Archived supplier' : `Supplier · paid in ${s.currency}`}
          back={{ href: context.href('suppliers'), label: 'Suppliers' }}
          actions={
            <>
              <Actions supplier={{ id: s.id, title: s.name }} reload={supplier.reload} />
              {mayOrder && s.status === 'active' ? (
                <LinkButton href={`${context.href('purchase-orders/new')}?supplierId=${s.id}`} variant="secondary">
                  New purchase order
                </LinkButton>
              ) : null}
              {mayWrite ? (
                <LinkButton href={context.href(`suppliers/${s.id}/edit`)} variant="primary">
                  Edit supplier
                </LinkButton>
              ) : null}
            </>
          }
        />
        <Columns min="wide">
          <Card title="Details">
            <DescriptionList
              items={[
                ['Currency', s.currency],
                ['Payment terms', s.paymentTermsDays === 0 ? 'On receipt' : `Net ${s.paymentTermsDays} days`],
                ['Lead time', days(s.leadTimeDays)],
                ['Email', s.email ? <a href={`mailto:${s.email}`}>{s.email}</a> : '—'],
                ['Phone', s.phone ?? '—'],
                ['Address', s.address || '—'],
                ['Notes', s.notes || '—'],
              ]}
            />
          </Card>
          <Card
            title="Recent purchase orders"
            actions={
              <LinkButton href={`${context.href('purchase-orders')}?supplierId=${s.id}`} variant="ghost">
                All orders
              </LinkButton>
            }
          >
            {orders.error ? (
              <ProblemNotice error={orders.error} what="Loading the orders" onRetry={orders.reload} />
            ) : (
              <DataTable
                label={`Purchase orders from ${s.name}`}
                columns={orderColumns}
                rows={orders.data?.items ?? []}
                rowKey={(o) => o.id}
                rowHref={(o) => context.href(`purchase-orders/${o.id}`)}
                loading={orders.loading}
                height={tableHeight(orders.data?.items.length ?? 0, 10)}
                empty={<EmptyState title="No orders yet" />}
              />
            )}
          </Card>
        </Columns>
        <Card
          title="Items and costs"
          actions={
            mayWrite ? (
              <Button variant="primary" onClick={() => setEditing('new')}>
                Add item
              </Button>
            ) : undefined
          }
        >
          <DataTable
            label={`Items ${s.name} sells`}
            columns={itemColumns}
            rows={s.items}
            rowKey={(i) => i.variantId}
            height={tableHeight(s.items.length)}
            empty={
              <EmptyState title="No items yet">Add what this supplier sells you, with their pack size and cost, to order it.</EmptyState>
            }
          />
        </Card>
        {editing ? (
          <SupplierItemDialog
            context={context}
            supplier={s}
            item={editing === 'new' ? undefined : editing}
            onClose={() => setEditing(undefined)}
            onSaved={() => {
              setEditing(undefined);
              supplier.reload();
            }}
          />
        ) : null}
        <ConfirmDialog
          open={removing !== undefined}
          title="Remove item"
          message={removing ? `Stop buying ${removing.name} from ${s.name}? Open orders keep their lines.` : ''}
          confirmLabel="Remove item"
          tone="danger"
          onCancel={() => setRemoving(undefined)}
          onConfirm={async () => {
            const item = removing!;
            setRemoving(undefined);
            try {
              await context.api.delete(`${API}/suppliers/${s.id}/items/${item.variantId}`);
              context.toasts.show(`${item.name} removed`, 'success');
            } catch (error) {
              context.toasts.show(`Removing ${item.name} failed: ${error instanceof Error ? error.message : String(error)}`, 'danger');
            }
            supplier.reload();
          }}
        />
      </Stack>
    );
  };
}
