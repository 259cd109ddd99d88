import type { OfficeLocation, OfficePluginContext } from '@kits/plugin-sdk/office';
import { useEffect, useState } from 'preact/hooks';

/** The location chosen in the office's switcher (undefined: all), following the switcher as it changes. */
export function useChosenLocation(context: OfficePluginContext): OfficeLocation | undefined {
  const [location, setLocation] = useState(context.location.current);
  useEffect(() => context.location.watch(setLocation), [context]);
  return location;
}

/** A location's name as the person knows it (their session lists the locations they work at). */
export function locationNamer(context: OfficePluginContext): (id: string | null | undefined) => string {
  const names = new Map(context.session.locations.map((location) => [location.id, location.name]));
  return (id) => (id ? (names.get(id) ?? 'Another location') : '—');
}

/** The locations as Select options, optionally led by "All locations" (value ''). */
export function locationOptions(context: OfficePluginContext, all?: string): { value: string; label: string }[] {
  const options = context.session.locations.map((location) => ({ value: location.id, label: location.name }));
  return all ? [{ value: '', label: all }, ...options] : options;
}

/**
 * The value of an `<input type="datetime-local">` (the person's wall clock) as an ISO instant, and
 * back: the as-of picker and the ledger's period speak local time, the API speaks UTC.
 */
export const localInputToIso = (value: string): string | undefined => {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

export const isoToLocalInput = (iso: string): string => {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};
