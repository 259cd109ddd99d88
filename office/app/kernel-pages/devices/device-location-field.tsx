import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Field, Select } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import type { Location } from '../kernel-api.ts';

/** Where a new device stands, chosen first as the office's current location (else the first store). */
export function useDeviceLocation(context: OfficePluginContext, locations: readonly Location[]) {
  return useState(context.location.current?.id ?? locations.find((l) => l.kind === 'store')?.id ?? locations[0]?.id ?? '');
}

/** The Location field of the dialogs that register a device. */
export function DeviceLocationField({
  name,
  locations,
  value,
  onValue,
  problem,
}: {
  name: string;
  locations: readonly Location[];
  value: string;
  onValue: (locationId: string) => void;
  problem: string | undefined;
}) {
  return (
    <Field label="Location" name={name} problem={problem}>
      <Select name={name} value={value} onValue={onValue} options={locations.map((l) => ({ value: l.id, label: l.name }))} />
    </Field>
  );
}
