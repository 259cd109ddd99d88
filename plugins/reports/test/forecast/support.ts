import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { firstPartyPlugin } from '../../../../testing/first-party-plugins.ts';
import { addDays, localDate } from '../../src/server/local-days.ts';

export const REPORTS = fileURLToPath(new URL('../..', import.meta.url));
export const INVENTORY = firstPartyPlugin('core-inventory');
export const FORECAST_PROBE = fileURLToPath(new URL('./fixtures/forecast-probe', import.meta.url));

export { DATABASE_KINDS };

/** A kernel with reports (and core-inventory, which it reads reorder levels through), plus `more`. */
export const reportsKit = (db: (typeof DATABASE_KINDS)[number], more: readonly string[] = []) =>
  createTestKernel({ plugins: [INVENTORY, REPORTS, ...more], db });

/** The tenant's yesterday: the last day a forecast's history holds. */
export async function yesterday(kit: TestKernel, tenantId = kit.tenant.id): Promise<string> {
  return addDays(localDate(new Date(), await timezoneOf(kit, tenantId)), -1);
}

export async function timezoneOf(kit: TestKernel, tenantId = kit.tenant.id): Promise<string> {
  const [row] = await kit.kernel.db.query<{ timezone: string }>('select timezone from kernel.tenants where tenant_id = $1', [tenantId]);
  return row!.timezone;
}

export interface SoldDay {
  readonly day: string;
  readonly quantity: number;
  readonly refunded?: number;
}

/**
 * Puts daily sales into reports' hourly rollup as the ingest would have (at `hour` o'clock local
 * time, noon by default): history older than the test, which no sale made now could create.
 */
export async function seedVariantDays(
  kit: TestKernel,
  item: { variantId: string; locationId: string; tenantId?: string },
  days: readonly SoldDay[],
  hour = 12,
): Promise<void> {
  const tenantId = item.tenantId ?? kit.tenant.id;
  await kit.kernel.db.query(
    `insert into reports.variant_hours (tenant_id, location_id, variant_id, hour, quantity, refunded_quantity)
     select $1, $2, $3, (d.day + make_time($5, 0, 0)) at time zone $4, d.quantity, d.refunded
       from unnest($6::date[], $7::int[], $8::int[]) as d (day, quantity, refunded)
     on conflict (tenant_id, location_id, variant_id, hour) do update
       set quantity = reports.variant_hours.quantity + excluded.quantity,
           refunded_quantity = reports.variant_hours.refunded_quantity + excluded.refunded_quantity`,
    [
      tenantId,
      item.locationId,
      item.variantId,
      await timezoneOf(kit, tenantId),
      hour,
      days.map((d) => d.day),
      days.map((d) => d.quantity),
      days.map((d) => d.refunded ?? 0),
    ],
  );
}

/** `values` as consecutive days ending on `lastDay` (rounded to whole units, never below zero). */
export const daysEndingOn = (lastDay: string, values: readonly number[]): SoldDay[] =>
  values.map((value, i) => ({ day: addDays(lastDay, i - values.length + 1), quantity: Math.max(0, Math.round(value)) }));
