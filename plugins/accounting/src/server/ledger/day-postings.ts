import type { LedgerRole, TenantTransaction } from '@kits/plugin-sdk';

/** A signed posting of the day ledger: debit > 0, credit < 0, integer minor units. */
export interface DayPosting {
  readonly role: LedgerRole;
  readonly key: string;
  readonly amount: number;
}

/** What one event adds to one (location, day). */
export interface DayAddition {
  readonly locationId: string;
  readonly day: string;
  readonly currency: string;
  readonly postings: readonly DayPosting[];
}

/**
 * Adds an event's postings to the day ledger and marks each day it touched dirty — one statement,
 * however many lines and days (postings summed per key first, so a key twice in one event is one row).
 */
export async function addToDayLedger(tx: TenantTransaction, additions: readonly DayAddition[]): Promise<void> {
  const rows = additions.flatMap((a) =>
    a.postings.map((p) => ({ location_id: a.locationId, day: a.day, currency: a.currency, role: p.role, key: p.key, amount: p.amount })),
  );
  const days = additions.map((a) => ({ location_id: a.locationId, day: a.day, currency: a.currency }));
  if (days.length === 0) return;
  await tx.query(
    `with added as (
       select location_id, day, role, key, sum(amount)::bigint as amount
         from jsonb_to_recordset($2::jsonb) as p(location_id uuid, day date, currency text, role text, key text, amount bigint)
        group by location_id, day, role, key),
     posted as (
       insert into accounting.day_postings as d (tenant_id, location_id, day, role, key, amount)
       select $1, location_id, day, role, key, amount from added
       on conflict (tenant_id, location_id, day, role, key) do update set amount = d.amount + excluded.amount
       returning 1)
     insert into accounting.days as d (tenant_id, location_id, day, currency)
     select distinct on (location_id, day) $1::uuid, location_id, day, currency
       from jsonb_to_recordset($3::jsonb) as x(location_id uuid, day date, currency text)
      order by location_id, day
     on conflict (tenant_id, location_id, day) do update set dirty = true, changed_at = now()`,
    [tx.tenantId, JSON.stringify(rows), JSON.stringify(days)],
  );
}

/** The day ledger of one (location, day): its summed postings, zeros included (the model drops them). */
export async function dayPostings(tx: TenantTransaction, locationId: string, day: string): Promise<DayPosting[]> {
  const rows = await tx.query<{ role: LedgerRole; key: string; amount: string }>(
    'select role, key, amount from accounting.day_postings where location_id = $1 and day = $2 order by role, key',
    [locationId, day],
  );
  return rows.map((r) => ({ role: r.role, key: r.key, amount: Number(r.amount) }));
}
