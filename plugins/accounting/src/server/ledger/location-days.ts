import type { TenantTransaction } from '@kits/plugin-sdk';

/**
 * Business days as a location counts them: the local date in the location's time zone (its own, or
 * the tenant's), and when a day is closed.
 */

/** The local date (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDate(at: Date | string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    typeof at === 'string' ? new Date(at) : at,
  );
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The tenant's locations by id, with their zones: read once per transaction. */
export async function locationZones(tx: TenantTransaction): Promise<ReadonlyMap<string, { name: string; timezone: string }>> {
  return tx.memo('accounting:location-zones', async () => {
    const locations = await tx.directory.allLocations();
    return new Map(locations.map((l) => [l.id, { name: l.name, timezone: l.timezone }]));
  });
}

/**
 * `dayOf(locationId, at)` for the ledger model: the business day of an instant at a location. A
 * location the directory does not know (deleted since) counts in the tenant's zone.
 */
export async function dayResolver(tx: TenantTransaction): Promise<(locationId: string, at: string) => string> {
  const zones = await locationZones(tx);
  const { timezone: tenantZone } = await tx.directory.tenant();
  return (locationId, at) => localDate(at, zones.get(locationId)?.timezone ?? tenantZone);
}

/** A shift opened before `day` ended at the location (its opening's local date is `day` or earlier) keeps the day open. */
export const shiftHoldsDay = (openedAt: string, day: string, timeZone: string): boolean => localDate(openedAt, timeZone) <= day;
