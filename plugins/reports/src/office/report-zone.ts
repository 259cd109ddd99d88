import type { OfficePluginContext } from '@kits/plugin-sdk/office';

/**
 * The time zone "today" is read in before a report answered (the answer's `meta.timezone` is the
 * tenant's): the chosen location's, else the first of the person's locations that has one, else
 * the browser's. A shop's locations share its zone in practice; near midnight in a shop spread
 * over zones, a preset may start a day early or late, and the answer's dates say which days it covers.
 */
export function reportZone(context: OfficePluginContext, locationId: string | undefined): string | undefined {
  const chosen = context.session.locations.find((location) => location.id === locationId);
  return chosen?.timeZone ?? context.session.locations.find((location) => location.timeZone)?.timeZone;
}

/** The options of a location filter: every location the person may see reports of, or all of them. */
export function locationOptions(context: OfficePluginContext): { value: string; label: string }[] {
  const visible = context.session.locations.filter((location) => context.session.may('reports:view', location.id));
  return [{ value: '', label: 'All locations' }, ...visible.map((location) => ({ value: location.id, label: location.name }))];
}

/** A location's name as the person's session knows it. */
export function locationName(context: OfficePluginContext, locationId: string): string {
  return context.session.locations.find((location) => location.id === locationId)?.name ?? 'Another location';
}
