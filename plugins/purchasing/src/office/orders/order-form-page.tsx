import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  EmptyState,
  Field,
  LinkButton,
  Money,
  MoneyInput,
  NumberInput,
  PageHeader,
  ProblemNotice,
  Select,
  Spinner,
  TextArea,
  useResource,
  useSubmit,
  Columns,
  FormProblem,
  Row,
  SearchPicker,
  Stack,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import {
  API,
  variantLabel,
  variantPicker,
  type VariantHit,
  type Order,
  type Page,
  type Supplier,
  type SupplierItem,
  type SupplierSummary,
} from '../purchasing-api.ts';

interface DraftLine {
  readonly variantId: string;
  readonly label: string;
  readonly sku: string;
  packs: number | undefined;
  packSize: number | undefined;
  unitCost: number | undefined;
}

const linesOf = (order: Order): DraftLine[] =>
  order.lines.map((l) => ({
    variantId: l.variantId,
    label: l.name,
    sku: l.sku,
    packs: l.packs,
    packSize: l.packSize,
    unitCost: l.unitCost ?? undefined,
  }));

/**
 * A purchase order by hand (`purchase-orders/new`): the supplier, where it is delivered, and the
 * items in the supplier's packs and costs; or a draft under review (`purchase-orders/:orderId/edit`,
 * a reorder draft's quantities), which keeps its supplier and location.
 */
export function orderFormPage(context: OfficePluginContext) {
  function OrderForm({ order, preset }: { order?: Order; preset?: string }) {
    const [supplierId, setSupplierId] = useState(order?.supplierId ?? preset ?? '');
    const [locationId, setLocationId] = useState(
      order?.locationId ?? context.location.current?.id ?? context.session.locations[0]?.id ?? '',
    );
    const [expectedOn, setExpectedOn] = useState(order?.expectedOn ?? '');
    const [notes, setNotes] = useState(order?.notes ?? '');
    const [lines, setLines] = useState<DraftLine[]>(() => (order ? linesOf(order) : []));
    const suppliers = useResource(
      (signal) => context.api.get<Page<SupplierSummary>>(`${API}/suppliers`, { query: { status: 'active', limit: 100 }, signal }),
      [],
    );
    const supplier = useResource(
      (signal) => (supplierId ? context.api.get<Supplier>(`${API}/suppliers/${supplierId}`, { signal }) : Promise.resolve(undefined)),
      [supplierId],
    );
    // The draft's currency is its supplier's; a new order's is known once the supplier is chosen.
    const currency = supplier.data?.currency ?? order?.currency ?? '';

    const save = useSubmit(async () => {
      const common = {
        ...(expectedOn ? { expectedOn } : {}),
        ...(notes.trim() ? { notes } : {}),
        lines: lines.map((l) => ({
          variantId: l.variantId,
          packs: l.packs,
          ...(l.packSize !== undefined ? { packSize: l.packSize } : {}),
          ...(l.unitCost !== undefined ? { unitCost: { amount: l.unitCost, currency } } : {}),
        })),
      };
      const saved = order
        ? await context.api.put<Order>(`${API}/purchase-orders/${order.id}`, common)
        : await context.api.post<Order>(`${API}/purchase-orders`, {
            supplierId: supplierId || undefined,
            locationId: locationId || undefined,
            ...common,
          });
      context.toasts.show(order ? `${saved.number} saved` : `${saved.number} drafted`, 'success');
      context.navigate(`/${context.plugin.id}/purchase-orders/${saved.id}`);
      return saved;
    });
    const problems = save.problems;

    const itemOf = (variantId: string): SupplierItem | undefined => supplier.data?.items.find((i) => i.variantId === variantId);
    const add = (variantId: string, label: string, sku: string) => {
      const item = itemOf(variantId);
      setLines((before) => [
        ...before,
        { variantId, label, sku, packs: 1, packSize: item?.packSize ?? 1, unitCost: item?.unitCost.amount },
      ]);
    };
    const change = (index: number, patch: Partial<DraftLine>) =>
      setLines((before) => before.map((line, i) => (i === index ? { ...line, ...patch } : line)));
    const onList = lines.map((l) => l.variantId);
    const total = lines.reduce((sum, l) => sum + (l.unitCost ?? 0) * (l.packs ?? 0) * (l.packSize ?? 0), 0);

    const supplierOptions = [
      { value: '', label: 'Choose a supplier' },
      ...(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.currency})` })),
    ];
    const locationOptions = context.session.locations.map((l) => ({ value: l.id, label: l.name }));
    return (
      <Stack space={4}>
        <PageHeader
          title={order ? `Edit draft ${order.number}` : 'New purchase order'}
          back={
            order
              ? { href: context.href(`purchase-orders/${order.id}`), label: `Purchase order ${order.number}` }
              : { href: context.href('purchase-orders'), label: 'Purchase orders' }
          }
        />
        <form
          class="k-stack k-gap-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save.submit();
          }}
        >
          {suppliers.error ? <ProblemNotice error={suppliers.error} what="Loading suppliers" onRetry={suppliers.reload} /> : null}
          <FormProblem>{problems['']}</FormProblem>
          <Card title="Order">
            <Columns>
              <Field
                label="Supplier"
                name="supplierId"
                required
                hint={order ? 'A draft keeps its supplier: cancel it and draft anew for another' : undefined}
                problem={problems['supplierId']}
              >
                <Select name="supplierId" value={supplierId} options={supplierOptions} onValue={setSupplierId} disabled={!!order} />
              </Field>
              <Field label="Deliver to" name="locationId" required problem={problems['locationId']}>
                <Select name="locationId" value={locationId} options={locationOptions} onValue={setLocationId} disabled={!!order} />
              </Field>
              <Field label="Expected delivery" name="expectedOn" hint="Optional" problem={problems['expectedOn']}>
                <input
                  class="k-input"
                  name="expectedOn"
                  type="date"
                  value={expectedOn}
                  onInput={(event) => setExpectedOn(event.currentTarget.value)}
                />
              </Field>
              <Field label="Notes for the supplier" name="notes" problem={problems['notes']}>
                <TextArea name="notes" value={notes} onValue={setNotes} rows={2} />
              </Field>
            </Columns>
          </Card>
          <Card
            title="Items"
            actions={
              currency ? (
                <span>
                  Total <Money amount={total} currency={currency} />
                </span>
              ) : undefined
            }
          >
            <Stack>
              <FormProblem>{problems['lines']}</FormProblem>
              {lines.length === 0 ? <EmptyState title="No items yet">Find the items to order below.</EmptyState> : null}
              {lines.map((line, index) => {
                const problem = (field: string) => problems[`lines.${index}.${field}`];
                return (
                  <fieldset key={line.variantId} class="k-fieldset" aria-label={line.label}>
                    <legend>
                      {line.label} <span class="k-muted">· {line.sku}</span>
                    </legend>
                    <FormProblem>{problems[`lines.${index}`] ?? problems[`lines.${index}.variantId`]}</FormProblem>
                    <Columns min="narrow">
                      <Field label="Packs" name={`lines.${index}.packs`} problem={problem('packs')}>
                        <NumberInput name={`lines.${index}.packs`} value={line.packs} onValue={(packs) => change(index, { packs })} />
                      </Field>
                      <Field label="Units per pack" name={`lines.${index}.packSize`} problem={problem('packSize')}>
                        <NumberInput
                          name={`lines.${index}.packSize`}
                          value={line.packSize}
                          onValue={(packSize) => change(index, { packSize })}
                        />
                      </Field>
                      <Field
                        label="Unit cost"
                        name={`lines.${index}.unitCost`}
                        hint={itemOf(line.variantId) ? "The supplier's cost unless you change it" : 'This supplier has no cost for it yet'}
                        problem={problem('unitCost') ?? problem('unitCost.amount')}
                      >
                        {currency ? (
                          <MoneyInput
                            name={`lines.${index}.unitCost`}
                            currency={currency}
                            value={line.unitCost}
                            onValue={(unitCost) => change(index, { unitCost })}
                          />
                        ) : (
                          <input class="k-input" name={`lines.${index}.unitCost`} disabled placeholder="Choose the supplier first" />
                        )}
                      </Field>
                      <Row justify="between">
                        <span>{(line.packs ?? 0) * (line.packSize ?? 0)} units</span>
                        <Button
                          type="button"
                          variant="ghost"
                          size="sm"
                          onClick={() => setLines((before) => before.filter((_, i) => i !== index))}
                        >
                          Remove {line.label}
                        </Button>
                      </Row>
                    </Columns>
                  </fieldset>
                );
              })}
              {supplier.data && supplier.data.items.length > 0 ? (
                <Stack space={2}>
                  <strong>Items {supplier.data.name} sells</strong>
                  <Row>
                    {supplier.data.items.map((item) => (
                      <Button
                        type="button"
                        key={item.variantId}
                        size="sm"
                        variant="secondary"
                        disabled={onList.includes(item.variantId)}
                        onClick={() => add(item.variantId, item.name, item.sku)}
                      >
                        + {item.name}
                      </Button>
                    ))}
                  </Row>
                </Stack>
              ) : null}
              <SearchPicker
                {...variantPicker(context, onList)}
                label="Add any product"
                onPick={(hit: VariantHit) => add(hit.variantId, variantLabel(hit), hit.sku)}
              />
            </Stack>
          </Card>
          <div class="k-form__actions">
            <Button type="submit" variant="primary" busy={save.busy}>
              Save draft
            </Button>
            {order ? (
              <LinkButton href={context.href(`purchase-orders/${order.id}`)} variant="ghost">
                Cancel
              </LinkButton>
            ) : null}
          </div>
        </form>
      </Stack>
    );
  }

  function EditDraft({ orderId }: { orderId: string }) {
    const order = useResource((signal) => context.api.get<Order>(`${API}/purchase-orders/${orderId}`, { signal }), [orderId]);
    if (order.error) return <ProblemNotice error={order.error} what="Loading the purchase order" onRetry={order.reload} />;
    if (!order.data) return <Spinner label="Loading the purchase order" />;
    if (order.data.status !== 'draft')
      return (
        <EmptyState
          title={`${order.data.number} is no longer a draft`}
          action={<LinkButton href={context.href(`purchase-orders/${orderId}`)}>Open the order</LinkButton>}
        >
          Only a draft can be changed.
        </EmptyState>
      );
    return <OrderForm key={order.data.id} order={order.data} />;
  }

  return function OrderFormPage({ params, query }: OfficePageProps) {
    return params['orderId'] ? <EditDraft orderId={params['orderId']} /> : <OrderForm preset={query.get('supplierId') ?? undefined} />;
  };
}
