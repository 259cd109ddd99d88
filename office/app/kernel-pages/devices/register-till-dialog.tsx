import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Field, FormDialog, TextInput, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { DeviceLocationField, useDeviceLocation } from './device-location-field.tsx';
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
  const [locationId, setLocationId] = useDeviceLocation(context, locations);
  const register = useSubmit(() => context.api.post<Device>(`${TENANT}/devices`, { name, locationId }));
  const send = () => void register.submit().then((device) => device && onRegistered(device));
  return (
    <FormDialog
      title="Register a till"
      submitLabel="Register"
      busy={register.busy}
      problem={register.problems['']}
      onSubmit={send}
      onClose={onClose}
    >
      <Field label="Till name" name="tillName" hint="As staff call it: Front counter, Till 2." problem={register.problems.name} required>
        <TextInput name="tillName" value={name} onValue={setName} />
      </Field>
      <DeviceLocationField
        name="tillLocation"
        locations={locations}
        value={locationId}
        onValue={setLocationId}
        problem={register.problems.locationId}
      />
      <button type="submit" hidden />
    </FormDialog>
  );
}
