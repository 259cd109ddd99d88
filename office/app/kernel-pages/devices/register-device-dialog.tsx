import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Field, FormDialog, Select, TextInput, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { DeviceLocationField, useDeviceLocation } from './device-location-field.tsx';
import { TENANT, type Device, type DeviceKind, type Location } from '../kernel-api.ts';
import { KIND_NAMES } from './device-words.tsx';

const KINDS: readonly DeviceKind[] = ['receipt-printer', 'label-printer', 'card-reader', 'scanner', 'customer-display'];

/** Adds a printer, card reader, scanner or customer display to a location: what it is, its model, where it is reached. */
export function RegisterDeviceDialog({
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
  const [kind, setKind] = useState<DeviceKind>('label-printer');
  const [model, setModel] = useState('');
  const [address, setAddress] = useState('');
  const [locationId, setLocationId] = useDeviceLocation(context, locations);
  const register = useSubmit(() =>
    context.api.post<Device>(`${TENANT}/devices`, {
      name,
      locationId,
      kind,
      ...(model.trim() ? { model: model.trim() } : {}),
      ...(address.trim() ? { address: address.trim() } : {}),
    }),
  );
  const send = () => void register.submit().then((device) => device && onRegistered(device));
  return (
    <FormDialog
      title="Add a printer or reader"
      submitLabel="Add"
      busy={register.busy}
      problem={register.problems['']}
      onSubmit={send}
      onClose={onClose}
    >
      <Field label="Kind" name="deviceKind">
        <Select
          name="deviceKind"
          value={kind}
          onValue={(value) => setKind(value as DeviceKind)}
          options={KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] }))}
        />
      </Field>
      <Field
        label="Name"
        name="deviceName"
        hint="As staff call it: Back room labels, Counter reader."
        problem={register.problems.name}
        required
      >
        <TextInput name="deviceName" value={name} onValue={setName} />
      </Field>
      <Field label="Model" name="deviceModel" hint="Zebra ZD421 (203 dpi), Epson TM-T20III." problem={register.problems.model}>
        <TextInput name="deviceModel" value={model} onValue={setModel} />
      </Field>
      <Field
        label="Address"
        name="deviceAddress"
        hint="host:port for a network device (10.0.0.7:9100), or a serial port."
        problem={register.problems.address}
      >
        <TextInput name="deviceAddress" value={address} onValue={setAddress} />
      </Field>
      <DeviceLocationField
        name="deviceLocation"
        locations={locations}
        value={locationId}
        onValue={setLocationId}
        problem={register.problems.locationId}
      />
      <button type="submit" hidden />
    </FormDialog>
  );
}
