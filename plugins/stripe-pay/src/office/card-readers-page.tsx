import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  EmptyState,
  Field,
  FormDialog,
  Muted,
  PageHeader,
  ProblemNotice,
  Select,
  Stack,
  Subheading,
  TextInput,
  TwoLine,
  problemText,
  tableHeight,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, type CardReader, type ReaderList, type Till } from './stripe-pay-api.ts';
import { STRIPE_WEBHOOK_EVENTS } from '../shared/webhook-events.ts';

const NO_TILL = '';
/** Rows hold two lines: the reader's name over its model and software. */
const ROW_HEIGHT = 52;

/**
 * Card readers: the shop's Stripe Terminal readers by location, each paired with a till (or not);
 * register one with the code it shows, pair it, remove it. The webhook URL to paste into Stripe is
 * shown at the top, so payments settle even when the till stops asking.
 */
export function cardReadersPage(context: OfficePluginContext) {
  const mayWrite = () => context.session.may('stripe-pay:readers.write');

  return function CardReadersPage(_props: OfficePageProps) {
    const readers = useResource((signal) => context.api.get<ReaderList>(`${API}/readers`, { signal }), []);
    // The tills, to pair readers with; a person who may not manage devices still sees the readers.
    const tills = useResource(
      (signal) =>
        context.api
          .get<{ items: Till[] }>('/api/v1/tenants/current/devices', { signal })
          .then((list) => list.items.filter((t) => t.revokedAt === null))
          .catch(() => [] as Till[]),
      [],
    );
    const [registering, setRegistering] = useState(false);
    const [editing, setEditing] = useState<CardReader | undefined>();
    const [removing, setRemoving] = useState<CardReader | undefined>();
    const tillName = (id: string | null) => (id ? (tills.data?.find((t) => t.id === id)?.name ?? 'A till no longer registered') : null);

    const columns: Column<CardReader>[] = [
      {
        key: 'label',
        title: 'Reader',
        width: '2fr',
        render: (r) => <TwoLine primary={<strong>{r.label}</strong>} secondary={readerDetail(r)} />,
        sortValue: (r) => r.label,
      },
      {
        key: 'till',
        title: 'Paired till',
        width: '1.2fr',
        render: (r) => tillName(r.deviceId) ?? <Muted>Any till of the location</Muted>,
      },
      { key: 'serial', title: 'Serial number', width: '1fr', render: (r) => <Muted>{r.serialNumber}</Muted> },
      {
        key: 'actions',
        title: '',
        width: '170px',
        align: 'end',
        render: (r) =>
          mayWrite() ? (
            <span>
              <Button size="sm" variant="ghost" onClick={() => setEditing(r)}>
                Change
              </Button>{' '}
              <Button size="sm" variant="ghost" onClick={() => setRemoving(r)}>
                Remove
              </Button>
            </span>
          ) : null,
      },
    ];

    const webhookUrl = readers.data ? `${window.location.origin}${readers.data.webhookPath}` : '';
    const byLocation = groupByLocation(readers.data?.items ?? []);

    return (
      <Stack>
        <PageHeader
          title="Card readers"
          subtitle="Stripe Terminal readers that take card payments at the tills"
          actions={
            mayWrite() ? (
              <Button variant="primary" onClick={() => setRegistering(true)}>
                Register a reader
              </Button>
            ) : null
          }
        />
        {readers.error ? <ProblemNotice error={readers.error} what="The card readers" onRetry={readers.reload} /> : null}
        {readers.data ? (
          <Card>
            <Stack>
              <Subheading>Webhook URL for Stripe</Subheading>
              <Muted>
                In the Stripe Dashboard (Developers → Webhooks) add an endpoint with this URL for the events{' '}
                {STRIPE_WEBHOOK_EVENTS.join(', ')}, and put its signing secret in the webhookSecret setting of Stripe card payments.
              </Muted>
              <code class="stripe-pay-webhook-url" data-testid="webhook-url" style={{ wordBreak: 'break-all', userSelect: 'all' }}>
                {webhookUrl}
              </code>
            </Stack>
          </Card>
        ) : null}
        {readers.data && readers.data.items.length === 0 ? (
          <EmptyState
            title="No card readers yet"
            action={
              mayWrite() ? (
                <Button variant="primary" onClick={() => setRegistering(true)}>
                  Register a reader
                </Button>
              ) : undefined
            }
          >
            On the reader, open Settings and generate a pairing code; register it here with a name the cashiers will see.
          </EmptyState>
        ) : null}
        {byLocation.map(([locationName, rows]) => (
          <Stack key={locationName}>
            <Subheading>{locationName}</Subheading>
            <DataTable
              label={`Card readers at ${locationName}`}
              columns={columns}
              rows={rows}
              rowKey={(r) => r.id}
              rowHeight={ROW_HEIGHT}
              height={tableHeight(rows.length, 12, ROW_HEIGHT)}
            />
          </Stack>
        ))}
        {registering && readers.data ? (
          <RegisterDialog
            context={context}
            list={readers.data}
            tills={tills.data ?? []}
            onClose={() => setRegistering(false)}
            onSaved={() => {
              setRegistering(false);
              readers.reload();
            }}
          />
        ) : null}
        {editing ? (
          <ChangeDialog
            context={context}
            reader={editing}
            tills={(tills.data ?? []).filter((t) => t.locationId === editing.locationId)}
            onClose={() => setEditing(undefined)}
            onSaved={() => {
              setEditing(undefined);
              readers.reload();
            }}
          />
        ) : null}
        <RemoveDialog
          context={context}
          reader={removing}
          onClose={() => setRemoving(undefined)}
          onRemoved={() => {
            setRemoving(undefined);
            readers.reload();
          }}
        />
      </Stack>
    );
  };
}

function groupByLocation(readers: readonly CardReader[]): [string, CardReader[]][] {
  const groups = new Map<string, CardReader[]>();
  for (const r of readers) groups.set(r.locationName, [...(groups.get(r.locationName) ?? []), r]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The reader's model and the software it last reported: "BBPOS WisePOS E · software 2.30.0.0". */
function readerDetail(reader: CardReader): string {
  const model = deviceName(reader.deviceType);
  return reader.softwareVersion ? `${model} · software ${reader.softwareVersion}` : model;
}

function deviceName(type: string): string {
  const names: Record<string, string> = {
    bbpos_wisepos_e: 'BBPOS WisePOS E',
    simulated_wisepos_e: 'Simulated WisePOS E',
    stripe_s700: 'Stripe Reader S700',
    simulated_stripe_s700: 'Simulated S700',
    stripe_m2: 'Stripe Reader M2',
    verifone_P400: 'Verifone P400',
  };
  return names[type] ?? type;
}

function tillOptions(tills: readonly Till[]) {
  return [{ value: NO_TILL, label: 'Any till of the location' }, ...tills.map((t) => ({ value: t.id, label: t.name }))];
}

function RegisterDialog({
  context,
  list,
  tills,
  onClose,
  onSaved,
}: {
  context: OfficePluginContext;
  list: ReaderList;
  tills: readonly Till[];
  onClose(): void;
  onSaved(): void;
}) {
  const locations = context.session.locations.filter((l) => l.kind === 'store');
  const [locationId, setLocationId] = useState(context.location.current?.id ?? locations[0]?.id ?? '');
  const [registrationCode, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [deviceId, setDeviceId] = useState(NO_TILL);
  const [address, setAddress] = useState({ line1: '', city: '', postalCode: '', country: '' });
  const needsAddress = !list.locations.some((l) => l.locationId === locationId);
  const save = useSubmit(async () => {
    const reader = await context.api.post<CardReader>(`${API}/readers`, {
      registrationCode,
      label,
      locationId,
      ...(deviceId !== NO_TILL ? { deviceId } : {}),
      ...(needsAddress ? { address: { ...address, country: address.country.trim().toUpperCase() } } : {}),
    });
    context.toasts.show(`Reader ${reader.label} registered`, 'success');
    onSaved();
    return reader;
  });
  const problems = save.problems;
  const field = (name: string) => problems[name] ?? problems[`body.${name}`];
  const here = tills.filter((t) => t.locationId === locationId);
  return (
    <FormDialog
      title="Register a card reader"
      submitLabel="Register reader"
      busy={save.busy}
      problem={save.error ? (problems[''] ?? problemText(save.error)) : undefined}
      onSubmit={() => void save.submit()}
      onClose={onClose}
    >
      <Field
        label="Registration code"
        name="registrationCode"
        hint="On the reader: Settings → Generate pairing code"
        problem={field('registrationCode')}
      >
        <TextInput name="registrationCode" value={registrationCode} onValue={setCode} invalid={!!field('registrationCode')} autoFocus />
      </Field>
      <Field label="Name" name="label" hint="What the cashier sees: “Present card on reader Front-1”" problem={field('label')}>
        <TextInput name="label" value={label} onValue={setLabel} invalid={!!field('label')} />
      </Field>
      <Field label="Location" name="locationId" problem={field('locationId')}>
        <Select
          name="locationId"
          value={locationId}
          options={locations.map((l) => ({ value: l.id, label: l.name }))}
          onValue={(value) => {
            setLocationId(value);
            setDeviceId(NO_TILL);
          }}
        />
      </Field>
      <Field label="Paired till" name="deviceId" hint="Card payments on this till go to this reader" problem={field('deviceId')}>
        <Select name="deviceId" value={deviceId} options={tillOptions(here)} onValue={setDeviceId} />
      </Field>
      {needsAddress ? (
        <Stack>
          <Muted>The first reader of a location needs its address: Stripe keeps one per location.</Muted>
          <Field label="Street" name="address.line1" problem={field('address.line1') ?? field('address')}>
            <TextInput name="address.line1" value={address.line1} onValue={(line1) => setAddress({ ...address, line1 })} />
          </Field>
          <Field label="Postal code" name="address.postalCode" problem={field('address.postalCode')}>
            <TextInput
              name="address.postalCode"
              value={address.postalCode}
              onValue={(postalCode) => setAddress({ ...address, postalCode })}
            />
          </Field>
          <Field label="City" name="address.city" problem={field('address.city')}>
            <TextInput name="address.city" value={address.city} onValue={(city) => setAddress({ ...address, city })} />
          </Field>
          <Field label="Country" name="address.country" hint="Two letters: DE, FR, US" problem={field('address.country')}>
            <TextInput
              name="address.country"
              value={address.country}
              maxLength={2}
              onValue={(country) => setAddress({ ...address, country })}
            />
          </Field>
        </Stack>
      ) : null}
    </FormDialog>
  );
}

function ChangeDialog({
  context,
  reader,
  tills,
  onClose,
  onSaved,
}: {
  context: OfficePluginContext;
  reader: CardReader;
  tills: readonly Till[];
  onClose(): void;
  onSaved(): void;
}) {
  const [label, setLabel] = useState(reader.label);
  const [deviceId, setDeviceId] = useState(reader.deviceId ?? NO_TILL);
  const save = useSubmit(async () => {
    const saved = await context.api.patch<CardReader>(`${API}/readers/${reader.id}`, {
      label,
      deviceId: deviceId === NO_TILL ? null : deviceId,
    });
    context.toasts.show(`Reader ${saved.label} saved`, 'success');
    onSaved();
    return saved;
  });
  const field = (name: string) => save.problems[name] ?? save.problems[`body.${name}`];
  return (
    <FormDialog
      title={`Change reader ${reader.label}`}
      submitLabel="Save reader"
      busy={save.busy}
      problem={save.error ? (save.problems[''] ?? problemText(save.error)) : undefined}
      onSubmit={() => void save.submit()}
      onClose={onClose}
    >
      <Field label="Name" name="label" problem={field('label')}>
        <TextInput name="label" value={label} onValue={setLabel} invalid={!!field('label')} />
      </Field>
      <Field label="Paired till" name="deviceId" hint={`Tills of ${reader.locationName}`} problem={field('deviceId')}>
        <Select name="deviceId" value={deviceId} options={tillOptions(tills)} onValue={setDeviceId} />
      </Field>
    </FormDialog>
  );
}

function RemoveDialog({
  context,
  reader,
  onClose,
  onRemoved,
}: {
  context: OfficePluginContext;
  reader: CardReader | undefined;
  onClose(): void;
  onRemoved(): void;
}) {
  const remove = useSubmit(async () => {
    await context.api.delete(`${API}/readers/${reader!.id}`);
    context.toasts.show(`Reader ${reader!.label} removed`, 'success');
    onRemoved();
  });
  return (
    <ConfirmDialog
      open={reader !== undefined}
      title={`Remove reader ${reader?.label ?? ''}`}
      message={
        <Stack>
          <span>The reader is removed from this shop and from the Stripe account; to use it again, register it with a new code.</span>
          {remove.error ? <ProblemNotice error={remove.error} what="Removing the reader" /> : null}
        </Stack>
      }
      confirmLabel="Remove reader"
      tone="danger"
      busy={remove.busy}
      onConfirm={() => void remove.submit()}
      onCancel={onClose}
    />
  );
}
