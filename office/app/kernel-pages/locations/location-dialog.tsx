import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Field, Select, TextArea, TextInput, useSubmit, FormDialog } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { TENANT, type Location } from '../kernel-api.ts';

/** The time zones the browser knows, for the picker (the kernel checks again). */
const TIME_ZONES = (() => {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
})();

/** Adds a location (`location` null) or changes one: name, kind, address, time zone, tax number. */
export function LocationDialog({
  context,
  location,
  onClose,
  onSaved,
}: {
  context: OfficePluginContext;
  location: Location | null;
  onClose: () => void;
  onSaved: (location: Location) => void;
}) {
  const [name, setName] = useState(location?.name ?? '');
  const [kind, setKind] = useState(location?.kind ?? 'store');
  const [address, setAddress] = useState(location?.addressLines.join('\n') ?? '');
  const [timezone, setTimezone] = useState(location?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC');
  const [taxId, setTaxId] = useState(location?.taxId ?? '');
  const save = useSubmit(() => {
    const addressLines = address
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (location)
      return context.api.patch<Location>(`${TENANT}/locations/${location.id}`, {
        name,
        addressLines,
        timezone: timezone || null,
        taxId: taxId.trim() || null,
      });
    return context.api.post<Location>(`${TENANT}/locations`, {
      name,
      kind,
      addressLines,
      ...(timezone ? { timezone } : {}),
      ...(taxId.trim() ? { taxId: taxId.trim() } : {}),
    });
  });
  const problem = (field: string) => save.problems[field];
  const addressProblem = Object.entries(save.problems).find(([field]) => field.startsWith('addressLines'))?.[1];

  return (
    <FormDialog
      title={location ? `Edit ${location.name}` : 'New location'}
      formLabel={location ? 'Location' : 'New location'}
      submitLabel={location ? 'Save changes' : 'Add location'}
      busy={save.busy}
      problem={save.problems['']}
      onSubmit={() => void save.submit().then((saved) => saved && onSaved(saved))}
      onClose={onClose}
    >
      <Field label="Name" name="name" problem={problem('name')} required>
        <TextInput name="name" value={name} onValue={setName} placeholder="Main Street Store" />
      </Field>
      {!location && (
        <Field label="Kind" name="kind" problem={problem('kind')}>
          <Select
            name="kind"
            value={kind}
            onValue={setKind}
            options={[
              { value: 'store', label: 'Store (sells at tills)' },
              { value: 'warehouse', label: 'Warehouse (holds stock)' },
            ]}
          />
        </Field>
      )}
      <Field label="Address" name="addressLines" hint="As receipts print it, a line each (at most 6)." problem={addressProblem}>
        <TextArea name="addressLines" value={address} onValue={setAddress} rows={3} />
      </Field>
      <Field
        label="Time zone"
        name="timezone"
        hint="Receipts and reports of this location tell the time in it."
        problem={problem('timezone')}
      >
        <Select
          name="timezone"
          value={timezone}
          onValue={setTimezone}
          options={TIME_ZONES.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))}
        />
      </Field>
      <Field label="Tax number" name="taxId" hint="The VAT or tax number printed on receipts." problem={problem('taxId')}>
        <TextInput name="taxId" value={taxId} onValue={setTaxId} placeholder="DE123456789" />
      </Field>
      <button type="submit" hidden />
    </FormDialog>
  );
}
