import type { OfficePluginContext, OfficeSlot, OfficeSlotProps } from '@kits/plugin-sdk/office';
import type { FunctionComponent } from 'preact';

/**
 * Another plugins' contributions to a slot as a Preact component (the SDK types components loosely,
 * so it need not depend on Preact; the office renders them with the one Preact every bundle shares).
 */
export function outlet<Slot extends Exclude<OfficeSlot, 'office.page'>>(
  context: OfficePluginContext,
  slot: Slot,
): FunctionComponent<OfficeSlotProps[Slot]> {
  return context.slots.outlet(slot) as FunctionComponent<OfficeSlotProps[Slot]>;
}
