import type { TenantTransaction } from '@kits/plugin-sdk';
import { locationZones } from '../ledger/location-days.ts';
import type { ExportView } from '../../shared/export-view.ts';

export type { ExportView } from '../../shared/export-view.ts';

export interface ExportRow {
  export_id: string;
  location_id: string;
  day: string;
  sequence: number;
  status: ExportView['status'];
  debit_total: string;
  currency: string;
  provider_journal_id: string | null;
  provider_url: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  posted_at: Date | null;
}

export const EXPORT_COLUMNS = `export_id, location_id, to_char(day, 'YYYY-MM-DD') as day, sequence, status, debit_total, currency,
  provider_journal_id, provider_url, attempts, last_error, next_attempt_at, posted_at`;

const iso = (at: Date | null) => (at ? new Date(at).toISOString() : null);

export async function exportViews(tx: TenantTransaction, rows: readonly ExportRow[]): Promise<ExportView[]> {
  const zones = await locationZones(tx);
  return rows.map((row) => ({
    id: row.export_id,
    locationId: row.location_id,
    locationName: zones.get(row.location_id)?.name ?? 'A location no longer in KiTS',
    day: row.day,
    sequence: row.sequence,
    kind: row.sequence === 0 ? 'day' : 'adjustment',
    status: row.status,
    debitTotal: Number(row.debit_total),
    currency: row.currency,
    providerJournalId: row.provider_journal_id,
    providerUrl: row.provider_url,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'posted' || row.status === 'failed' ? null : iso(row.next_attempt_at),
    postedAt: iso(row.posted_at),
  }));
}

/** One export by id, or undefined. */
export async function exportById(tx: TenantTransaction, exportId: string): Promise<ExportView | undefined> {
  const rows = await tx.query<ExportRow>(`select ${EXPORT_COLUMNS} from accounting.exports where export_id = $1`, [exportId]);
  return (await exportViews(tx, rows))[0];
}
