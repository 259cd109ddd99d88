import type { TenantTransaction } from '@kits/plugin-sdk';
import { addDays, daysBetween, localDate } from '../local-days.ts';

/** How far back a forecast looks: a year of days. */
export const HISTORY_DAYS = 365;

/** The local days a forecast reads: the last HISTORY_DAYS whole days, up to yesterday (today is not over). */
export interface HistoryWindow {
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  /** Today, the day between the history and the forecast (its sales so far are not read). */
  readonly today: string;
}

export function historyWindow(now: Date, timezone: string): HistoryWindow {
  const today = localDate(now, timezone);
  return { timezone, today, from: addDays(today, -HISTORY_DAYS), to: addDays(today, -1) };
}

export interface DemandItem {
  readonly variantId: string;
  readonly locationId: string;
}

/** A variant's net units sold per local day at a location, from its first day that sold to the window's end. */
export interface DemandHistory extends DemandItem {
  readonly days: readonly string[];
  readonly quantities: readonly number[];
}

export const itemKey = (item: DemandItem) => `${item.variantId}@${item.locationId}`;

/**
 * Daily net units (quantity − refunded quantity, by the hour the sale happened, grouped into the
 * tenant's local days) of each item from `reports.variant_hours` over the window. Each history
 * starts on the item's first day with net sales in the window (before it the variant may not
 * have been on the shelf) and has a 0 for every later day without any; items that sold nothing
 * in the window are left out.
 */
export async function readDemandHistory(
  tx: TenantTransaction,
  items: readonly DemandItem[],
  window: HistoryWindow,
): Promise<Map<string, DemandHistory>> {
  const histories = new Map<string, DemandHistory>();
  if (items.length === 0) return histories;
  const rows = await tx.query<{ variant_id: string; location_id: string; day: string; net: number }>(
    `select h.variant_id, h.location_id, to_char((h.hour at time zone $2::text)::date, 'YYYY-MM-DD') as day,
            sum(h.quantity - h.refunded_quantity)::integer as net
       from reports.variant_hours h
       join unnest($5::uuid[], $6::uuid[]) as i (variant_id, location_id)
         on i.variant_id = h.variant_id and i.location_id = h.location_id
      where h.tenant_id = $1
        and h.hour >= $3::date::timestamp at time zone $2::text
        and h.hour < ($4::date + 1)::timestamp at time zone $2::text
      group by 1, 2, 3`,
    [tx.tenantId, window.timezone, window.from, window.to, items.map((i) => i.variantId), items.map((i) => i.locationId)],
  );
  const byItem = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const key = itemKey({ variantId: row.variant_id, locationId: row.location_id });
    let days = byItem.get(key);
    if (!days) byItem.set(key, (days = new Map()));
    days.set(row.day, Number(row.net));
  }
  for (const item of items) {
    const key = itemKey(item);
    const sold = byItem.get(key);
    if (!sold) continue;
    const firstSale = [...sold.entries()]
      .filter(([, net]) => net > 0)
      .map(([day]) => day)
      .sort()[0];
    if (!firstSale) continue;
    const days = daysBetween(firstSale, window.to);
    histories.set(key, { ...item, days, quantities: days.map((day) => sold.get(day) ?? 0) });
  }
  return histories;
}
