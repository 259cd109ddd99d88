import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  Field,
  LinkButton,
  NumberInput,
  PageHeader,
  ProblemNotice,
  Select,
  Spinner,
  TextArea,
  TextInput,
  useResource,
  useSubmit,
  Columns,
  FormProblem,
  Stack,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, type Supplier } from '../purchasing-api.ts';

interface Draft {
  name: string;
  currency: string;
  paymentTermsDays: number | undefined;
  leadTimeDays: number | undefined;
  email: string;
  phone: string;
  address: string;
  notes: string;
  status: 'active' | 'archived';
}

const blank = (currency: string): Draft => ({
  name: '',
  currency,
  paymentTermsDays: 30,
  leadTimeDays: 7,
  email: '',
  phone: '',
  address: '',
  notes: '',
  status: 'active',
});

const fromSupplier = (s: Supplier): Draft => ({
  name: s.name,
  currency: s.currency,
  paymentTermsDays: s.paymentTermsDays,
  leadTimeDays: s.leadTimeDays,
  email: s.email ?? '',
  phone: s.phone ?? '',
  address: s.address,
  notes: s.notes,
  status: s.status,
});

/** What the API takes: empty optional text is left out (an empty email is no email, not a bad one). */
function body(draft: Draft) {
  return {
    name: draft.name,
    currency: draft.currency.trim().toUpperCase(),
    ...(draft.paymentTermsDays !== undefined ? { paymentTermsDays: draft.paymentTermsDays } : {}),
    ...(draft.leadTimeDays !== undefined ? { leadTimeDays: draft.leadTimeDays } : {}),
    ...(draft.email.trim() ? { email: draft.email.trim() } : {}),
    ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
    address: draft.address,
    notes: draft.notes,
  };
}

/** A new supplier (`suppliers/new`) or a change to one (`suppliers/:supplierId/edit`). */
export function supplierFormPage(context: OfficePluginContext) {
  const homeCurrency = () => context.location.current?.currency ?? context.session.locations.find((l) => l.currency)?.currency ?? '';

  function SupplierForm({ supplier }: { supplier?: Supplier }) {
    const [draft, setDraft] = useState<Draft>(() => (supplier ? fromSupplier(supplier) : blank(homeCurrency())));
    const set =
      <Key extends keyof Draft>(key: Key) =>
      (value: Draft[Key]) =>
        setDraft((d) => ({ ...d, [key]: value }));
    const save = useSubmit(async () => {
      const saved = supplier
        ? await context.api.put<Supplier>(`${API}/suppliers/${supplier.id}`, {
            ...body(draft),
            status: draft.status,
            revision: supplier.revision,
          })
        : await context.api.post<Supplier>(`${API}/suppliers`, body(draft));
      context.toasts.show(supplier ? `${saved.name} saved` : `${saved.name} added`, 'success');
      context.navigate(`/${context.plugin.id}/suppliers/${saved.id}`);
      return saved;
    });
    const problems = save.problems;
    const back = supplier
      ? { href: context.href(`suppliers/${supplier.id}`), label: supplier.name }
      : { href: context.href('suppliers'), label: 'Suppliers' };
    return (
      <Stack space={4}>
        <PageHeader title={supplier ? `Edit ${supplier.name}` : 'New supplier'} back={back} />
        <form
          class="k-stack k-gap-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save.submit();
          }}
        >
          <FormProblem>{problems['']}</FormProblem>
          <Card title="Supplier">
            <Columns>
              <Field label="Name" name="name" required problem={problems['name']}>
                <TextInput name="name" value={draft.name} onValue={set('name')} invalid={!!problems['name']} autoFocus />
              </Field>
              <Field
                label="Currency"
                name="currency"
                hint="The currency the supplier invoices in (ISO code, e.g. EUR)"
                problem={problems['currency']}
              >
                <TextInput
                  name="currency"
                  value={draft.currency}
                  onValue={(v) => set('currency')(v.toUpperCase())}
                  maxLength={3}
                  invalid={!!problems['currency']}
                />
              </Field>
              <Field
                label="Payment terms (days)"
                name="paymentTermsDays"
                hint="0 means payment on receipt"
                problem={problems['paymentTermsDays']}
              >
                <NumberInput name="paymentTermsDays" value={draft.paymentTermsDays} onValue={set('paymentTermsDays')} min={0} max={365} />
              </Field>
              <Field
                label="Lead time (days)"
                name="leadTimeDays"
                hint="From sending an order to its delivery"
                problem={problems['leadTimeDays']}
              >
                <NumberInput name="leadTimeDays" value={draft.leadTimeDays} onValue={set('leadTimeDays')} min={0} max={365} />
              </Field>
              <Field label="Email" name="email" hint="Where purchase orders go" problem={problems['email']}>
                <TextInput name="email" type="email" value={draft.email} onValue={set('email')} invalid={!!problems['email']} />
              </Field>
              <Field label="Phone" name="phone" problem={problems['phone']}>
                <TextInput name="phone" type="tel" value={draft.phone} onValue={set('phone')} invalid={!!problems['phone']} />
              </Field>
              <Field label="Address" name="address" problem={problems['address']}>
                <TextArea name="address" value={draft.address} onValue={set('address')} rows={3} />
              </Field>
              <Field label="Notes" name="notes" problem={problems['notes']}>
                <TextArea name="notes" value={draft.notes} onValue={set('notes')} rows={3} />
              </Field>
              {supplier ? (
                <Field
                  label="Status"
                  name="status"
                  hint="Archived suppliers are left out of lists and reorders"
                  problem={problems['status']}
                >
                  <Select
                    name="status"
                    value={draft.status}
                    options={[
                      { value: 'active', label: 'Active' },
                      { value: 'archived', label: 'Archived' },
                    ]}
                    onValue={(v) => set('status')(v as Draft['status'])}
                  />
                </Field>
              ) : null}
            </Columns>
          </Card>
          <div class="k-form__actions">
            <Button type="submit" variant="primary" busy={save.busy}>
              {supplier ? 'Save supplier' : 'Add supplier'}
            </Button>
            <LinkButton href={back.href} variant="ghost">
              Cancel
            </LinkButton>
          </div>
        </form>
      </Stack>
    );
  }

  function EditSupplier({ supplierId }: { supplierId: string }) {
    const supplier = useResource((signal) => context.api.get<Supplier>(`${API}/suppliers/${supplierId}`, { signal }), [supplierId]);
    if (supplier.error) return <ProblemNotice error={supplier.error} what="Loading the supplier" onRetry={supplier.reload} />;
    if (!supplier.data) return <Spinner label="Loading the supplier" />;
    return <SupplierForm key={supplier.data.id} supplier={supplier.data} />;
  }

  return function SupplierFormPage({ params }: OfficePageProps) {
    return params['supplierId'] ? <EditSupplier supplierId={params['supplierId']} /> : <SupplierForm />;
  };
}
