import { SqlConditions } from '@kits/plugin-sdk';
import type { SalesBucket } from '../../shared/report-types.ts';

/**
 * Which rollup rows a report reads, and how it cuts them into the tenant's local buckets. A
 * report's dates are the tenant's local dates. Hour rollups key UTC hours: the window is
 * [from 00:00, to + 1 00:00) in its time zone, and a bucket is the local hour, day, ISO week
 * (Monday) or month an hour starts in. On the night clocks go back, two UTC hours start at the same
 * local hour and share its bucket; in a zone half an hour off UTC, an hour belongs to the local day
 * and hour it starts in (rollups cannot split it). Day rollups key those local days already
 * (days/day-rollups.ts: the day an hour starts in), so the same report reads days from `from` to
 * `to` and gets the same buckets and sums from far fewer rows.
 */
export interface RollupWindow {
  readonly tenantId: string;
  readonly timezone: string;
  /** Local dates, inclusive. */
  readonly from: string;
  readonly to: string;
  readonly locationIds: readonly string[];
  /** Which rollups: hours (any bucket), or days cut in `timezone` (day, week, month). */
  readonly grain: RollupGrain;
}

export type RollupGrain = 'hour' | 'day';

/** The rollups a report reads from: per location, category, variant, till and cashier, or tender. */
export type RollupKind = 'location' | 'category' | 'variant' | 'basket' | 'tender';

/** The table of `kind` at `grain`: `reports.location_hours`, `reports.location_days`, … */
export const rollupTable = (kind: RollupKind, grain: RollupGrain): string => `reports.${kind}_${grain === 'day' ? 'days' : 'hours'}`;

/** How a bucket of each size is written: '2026-12-01T09:00', '2026-12-01', '2026-W49', '2026-12'. */
export const BUCKET_FORMAT: Readonly<Record<SalesBucket, string>> = {
  hour: 'YYYY-MM-DD"T"HH24:MI',
  day: 'YYYY-MM-DD',
  week: 'IYYY-"W"IW',
  month: 'YYYY-MM',
};

/** A statement over one rollup table, its parameters numbered as conditions are added. */
export class RollupStatement extends SqlConditions {
  readonly #timezone: string;
  readonly #grain: RollupGrain;

  constructor(window: RollupWindow) {
    super();
    this.#grain = window.grain;
    this.and(`tenant_id = ${this.param(window.tenantId)}`);
    this.and(`location_id = any(${this.param(window.locationIds)}::uuid[])`);
    if (window.grain === 'day') {
      this.#timezone = '';
      this.and(`day >= ${this.param(window.from)}::date`);
      this.and(`day <= ${this.param(window.to)}::date`);
      return;
    }
    this.#timezone = this.param(window.timezone);
    this.and(`hour >= (${this.param(window.from)}::date)::timestamp at time zone ${this.#timezone}`);
    this.and(`hour < (${this.param(window.to)}::date + 1)::timestamp at time zone ${this.#timezone}`);
  }

  /** The local bucket (a timestamp without zone) a row's hour starts in, or its day is in. */
  bucket(by: SalesBucket): string {
    if (this.#grain === 'day') {
      if (by === 'hour') throw new RangeError('day rollups have no hours: a report by the hour reads hour rollups');
      return `date_trunc('${by}', day::timestamp)`;
    }
    const local = `(hour at time zone ${this.#timezone})`;
    return by === 'hour' ? local : `date_trunc('${by}', ${local})`;
  }
}

/** An integer a statement answered (PostgreSQL's bigint and numeric arrive as text); 0 for null. */
export function integer(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const number = typeof value === 'number' ? value : Number(value as string | bigint);
  if (!Number.isSafeInteger(number)) throw new RangeError(`expected a whole number from the database, got ${String(value)}`);
  return number;
}
