/**
 * What names an export outside KiTS: the idempotency key the provider dedupes on, and the reference
 * the merchant (and `findJournal`) sees. Both are deterministic per (tenant, location, day, sequence).
 */

/**
 * `kits-<tenant 8 hex>-<location 8 hex>-<YYYYMMDD>-<sequence>` (≤ 50 characters of [A-Za-z0-9-]).
 * The 8 hex are the ids' *last* 8: ids are UUIDv7, whose first 8 hex are a timestamp that two
 * locations created within the same minute share; the last 8 are random (see README, Decisions).
 */
export function exportIdempotencyKey(tenantId: string, locationId: string, day: string, sequence: number): string {
  const tail = (id: string) => id.replace(/-/g, '').slice(-8).toLowerCase();
  return `kits-${tail(tenantId)}-${tail(locationId)}-${day.replace(/-/g, '')}-${sequence}`;
}

/** `KiTS Front Street 2026-12-06`, and ` adj 1` for the first adjusting journal. */
export function exportReference(locationName: string, day: string, sequence: number): string {
  const name = locationName.replace(/\s+/g, ' ').trim().slice(0, 60);
  return `KiTS ${name} ${day}${sequence > 0 ? ` adj ${sequence}` : ''}`;
}

export function exportMemo(locationName: string, day: string, sequence: number, key: string): string {
  return sequence === 0
    ? `KiTS POS day journal: ${locationName}, ${day} (${key})`
    : `KiTS POS adjusting journal ${sequence} for ${locationName}, ${day}: sales and stock that reached KiTS after the day was posted (${key})`;
}
