import type { Tone } from '@kits/ui-kit';
import { EXPORT_STATUSES, type AccountingStatus, type DayExport, type ExportStatus } from './accounting-api.ts';

/** An export's status as the merchant reads it. */
export const STATUS_LABELS: Readonly<Record<ExportStatus, string>> = {
  waiting: 'Waiting',
  posting: 'Posting',
  posted: 'Posted',
  failed: 'Failed',
  paused: 'Paused',
};

/** Its badge's colour: posted is done, failed needs the merchant, paused waits for a reconnect. */
export const STATUS_TONES: Readonly<Record<ExportStatus, Tone>> = {
  waiting: 'neutral',
  posting: 'info',
  posted: 'success',
  failed: 'danger',
  paused: 'warning',
};

/** Whether the merchant may send it again now (POST /exports/:id/retry). */
export const retryable = (item: Pick<DayExport, 'status'>): boolean => item.status === 'failed' || item.status === 'paused';

/** "Day" for a day's journal, "Adjustment 2" for the second adjusting journal of late sales. */
export const kindText = (item: Pick<DayExport, 'kind' | 'sequence'>): string =>
  item.kind === 'day' ? 'Day' : `Adjustment ${item.sequence}`;

/** The list's filters, as the page's address holds them (`?status=failed&location=…`). */
export interface ExportFilters {
  readonly status: ExportStatus | '';
  readonly locationId: string;
}

/** The filters in a page's query; an unknown status is no filter. */
export function filtersOf(query: URLSearchParams): ExportFilters {
  const status = query.get('status') ?? '';
  return {
    status: (EXPORT_STATUSES as readonly string[]).includes(status) ? (status as ExportStatus) : '',
    locationId: query.get('location') ?? '',
  };
}

/** The query of a filtered list (`?status=failed`), '' when nothing is filtered. */
export function filtersQuery(filters: ExportFilters): string {
  const query = new URLSearchParams();
  if (filters.status) query.set('status', filters.status);
  if (filters.locationId) query.set('location', filters.locationId);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** "1 account to map", "3 accounts to map". */
export const toMapText = (count: number): string => (count === 1 ? 'Map 1 account' : `Map ${count} accounts`);

/** The counts the status strip shows, with the total the page uses to tell "nothing exported yet". */
export function countsOf(status: AccountingStatus): { readonly status: ExportStatus; readonly count: number }[] {
  return EXPORT_STATUSES.map((each) => ({ status: each, count: status.counts[each] ?? 0 }));
}

/** What the connection badge says, and how it looks. */
export function connectionBadge(status: AccountingStatus): { readonly text: string; readonly tone: Tone } {
  const connection = status.provider?.connection;
  if (!connection) return { text: 'None enabled', tone: 'neutral' };
  if (connection.status === 'connected') return { text: 'Connected', tone: 'success' };
  if (connection.status === 'reconnect_required') return { text: 'Reconnect needed', tone: 'danger' };
  return { text: 'Not connected', tone: 'warning' };
}
