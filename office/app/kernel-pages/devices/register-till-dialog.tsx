import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Dialog, Field, Select, TextInput, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { TENANT, type Device, type Location } from '../kernel-api.ts';

/** Registers a till at a store: a name the staff know it by, and where it stands. */
export function RegisterTillDialog({
  context,
  locations,
  onClose,
  onRegistered,
}: {
  context: OfficePluginContext;
  locations: readonly Location[];
  onClose: () => void;
  onRegistered: (device: Device) => void;
}) {
  const [name, setName] = useState('');
  const [locationId, setLocationId] = useState(
    context.location.current?.id ?? locations.find((l) => l.kind === 'store')?.id ?? locations[0]?.id ?? '',
  );
  const register = useSubmit(() => context.api.post<Device>(`${TENANT}/devices`, { name, locationId }));
  const send = () => void register.submit().then((device) => device && onRegistered(device));
  return (
    <Dialog
      open
      title="Register a till"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={register.busy} onClick={send}>
            Register
          </Button>
        </>
      }
    >
      <form noValidate class="k-stack k-gap-4" aria-label="Register a till" onSubmit={(event) => (event.preventDefault(), send())}>
        {register.problems[''] && (
          <p class="k-form__problems" role="alert">
            {register.problems['']}
          </p>
        )}
        <Field label="Till name" name="tillName" hint="As staff call it: Front counter, Till 2." problem={register.problems.name} required>
          <TextInput name="tillName" value={name} onValue={setName} />
        </Field>
        <Field label="Location" name="tillLocation" problem={register.problems.locationId}>
          <Select
            name="tillLocation"
            value={locationId}
            onValue={setLocationId}
            options={locations.map((l) => ({ value: l.id, label: l.name }))}
          />
        </Field>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
