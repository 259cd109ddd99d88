import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '@kits/plugin-sdk';
import { dayPostings, type DayPosting } from '../ledger/day-postings.ts';
import { dayJournal, journalTotals, postingsDifference } from '../journal-model.ts';

interface ExportRow {
  export_id: string;
  sequence: number;
  status: string;
  attempts: number;
  postings: DayPosting[];
}

/**
 * Brings a (location, day)'s exports up to its ledger: what the exports hold already is subtracted
 * from the day's journal, and the difference goes into the day's last export if it was never sent
 * (its content may still change), else into a new one — sequence 0 the day's journal, 1.. adjusting
 * journals. A sent journal is never edited. Answers the export that now carries the latest change,
 * or the day's last export when nothing changed (undefined when the day has none).
 * The caller holds the day's row (`for update`), so two runs never plan one day at once.
 */
export async function planDayExport(
  tx: TenantTransaction,
  day: { locationId: string; day: string; currency: string },
  now: Date,
): Promise<string | undefined> {
  const current = dayJournal(await dayPostings(tx, day.locationId, day.day));
  const exports = await tx.query<ExportRow>(
    `select export_id, sequence, status, attempts, postings from accounting.exports
      where location_id = $1 and day = $2 order by sequence for update`,
    [day.locationId, day.day],
  );
  const last = exports.at(-1);
  const open = last && last.status !== 'posted' && last.attempts === 0 ? last : undefined;
  const sent = exports.filter((e) => e !== open).flatMap((e) => e.postings);
  const difference = postingsDifference(current, sent);
  const debitTotal = journalTotals(difference).debit;
  if (open) {
    if (difference.length === 0) {
      await tx.query('delete from accounting.exports where export_id = $1', [open.export_id]);
      return exports.at(-2)?.export_id;
    }
    await tx.query(
      `update accounting.exports set postings = $2, debit_total = $3, currency = $4, updated_at = $5,
              unmapped = null, next_attempt_at = least(next_attempt_at, $5), status = case when status = 'paused' then status else 'waiting' end
        where export_id = $1`,
      [open.export_id, JSON.stringify(difference), debitTotal, day.currency, now],
    );
    return open.export_id;
  }
  if (difference.length === 0) return last?.export_id;
  const exportId = uuidv7();
  await tx.query(
    `insert into accounting.exports (tenant_id, export_id, location_id, day, sequence, currency, postings, debit_total, status, next_attempt_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, 'waiting', $9, $9, $9)`,
    [tx.tenantId, exportId, day.locationId, day.day, (last?.sequence ?? -1) + 1, day.currency, JSON.stringify(difference), debitTotal, now],
  );
  return exportId;
}
