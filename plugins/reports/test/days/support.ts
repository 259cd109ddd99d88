import type { TestKernel, TestTenant } from '@kits/kernel/test-kit';
import type { EventEnvelope, TenantTransaction } from '@kits/plugin-sdk';
import { cutDays, ingestEvents, type DayCut } from '../../src/server/ingest/index.ts';
import { cutDaysFor } from '../../src/server/days/cut-days.ts';
import { DAY_ROLLUPS } from '../../src/server/days/day-rollups.ts';
import type { CutStepOptions } from '../../src/server/days/cut-steps.ts';
import { salesFigures, type SalesFigures } from '../../src/server/queries/sales-figures.ts';
import type { RollupGrain } from '../../src/server/queries/rollup-window.ts';
import type { SalesBasis, SalesBucket, SalesGrouping } from '../../src/shared/report-types.ts';
import { reportsTransaction } from '../ingest/support.ts';

export { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
export { addLocation, queriesKit, setTimezone } from '../queries/support.ts';

/** Feeds events through the live path (ingestEvents), a batch per transaction of the tenant. */
export async function ingestAll(kit: TestKernel, tenant: TestTenant, batches: readonly EventEnvelope[][]): Promise<void> {
  const run = reportsTransaction(kit, tenant.id);
  for (const batch of batches) await run((sql) => ingestEvents(sql, batch));
}

/** Cuts the tenant's days in `timezone` to the end (small steps by default, so a cut takes many). */
export const cutTenantDays = (
  kit: TestKernel,
  tenant: TestTenant,
  timezone: string,
  step: CutStepOptions = { clearRows: 7, targetRows: 40 },
): Promise<DayCut & { steps: number }> => cutDays({ transaction: reportsTransaction(kit, tenant.id), timezone, step });

/** Steps of cutting, one per transaction, until `enough` says so (or the cut is done): what the job does a tick at a time. */
export async function cutSomeDays(
  kit: TestKernel,
  tenant: TestTenant,
  timezone: string,
  enough: (cut: DayCut) => boolean,
): Promise<DayCut> {
  for (;;) {
    const cut = await reportsTransaction(
      kit,
      tenant.id,
    )((sql) => cutDaysFor(sql, timezone, { budgetMs: 0, step: { clearRows: 7, targetRows: 40 } }));
    if (cut === 'rebuilding') throw new Error('a rebuild is running');
    if (cut.state === 'ready' || enough(cut)) return cut;
  }
}

/** The tenant's cut as day_zones keeps it. */
export async function dayCutOf(kit: TestKernel, tenant: TestTenant): Promise<{ timezone: string; state: string } | undefined> {
  const [row] = await kit.kernel.db.query<{ timezone: string; state: string }>(
    'select timezone, state from reports.day_zones where tenant_id = $1',
    [tenant.id],
  );
  return row;
}

/**
 * Each day table against its hour table summed per local day of `timezone` (the day an hour starts
 * in): the rows that differ or are missing on either side, as JSON text (empty when the days are
 * exactly the hours).
 */
export async function daysUnlikeHours(kit: TestKernel, tenant: TestTenant, timezone: string): Promise<Record<string, string[]>> {
  const differences: Record<string, string[]> = {};
  for (const rollup of DAY_ROLLUPS) {
    const key = rollup.key.map((column) => (column === 'day' ? `(hour at time zone $2::text)::date as day` : column)).join(', ');
    const sums = rollup.sums.map((sum) => `sum(${sum})::bigint as ${sum}`).join(', ');
    const keyColumns = rollup.key.join(', ');
    const rows = await kit.kernel.db.query<{ row: string }>(
      `with from_hours as (
         select ${key}, ${sums} from reports.${rollup.hours} where tenant_id = $1 group by ${rollup.key.map((_, i) => i + 1).join(', ')}),
       days as (select ${keyColumns}, ${rollup.sums.join(', ')} from reports.${rollup.days} where tenant_id = $1)
       select coalesce(to_jsonb(h), to_jsonb(d))::text || case when h is null then ' only in days' when d is null then ' only in hours'
              else ' differs: days ' || to_jsonb(d)::text end as row
         from from_hours h full join days d using (${keyColumns})
        where h is null or d is null or to_jsonb(h) <> to_jsonb(d)
        order by 1`,
      [tenant.id, timezone],
    );
    if (rows.length > 0) differences[rollup.days] = rows.map((r) => r.row);
  }
  return differences;
}

/** How many rows the tenant's day tables hold (a test asserts the live path or the cut wrote some). */
export async function dayRowCount(kit: TestKernel, tenant: TestTenant): Promise<number> {
  let count = 0;
  for (const rollup of DAY_ROLLUPS)
    count += (
      await kit.kernel.db.query<{ n: number }>(`select count(*)::int as n from reports.${rollup.days} where tenant_id = $1`, [tenant.id])
    )[0]!.n;
  return count;
}

export interface FiguresQuery {
  readonly from: string;
  readonly to: string;
  readonly by: SalesBucket;
  readonly group: SalesGrouping;
  readonly basis: SalesBasis;
}

/** A report's figures (rows and totals, unlabelled) read from the hour or the day rollups, over every location given. */
export async function figuresFrom(
  kit: TestKernel,
  tenant: TestTenant,
  grain: RollupGrain,
  window: { readonly timezone: string; readonly locationIds: readonly string[] },
  query: FiguresQuery,
): Promise<SalesFigures> {
  return reportsTransaction(
    kit,
    tenant.id,
  )((sql) =>
    salesFigures(sql as unknown as TenantTransaction, { tenantId: tenant.id, ...window, from: query.from, to: query.to, grain }, query),
  );
}

/** Every grouping by every basis it can be counted by (arrived: baskets only). */
export const GROUPED_BY: ReadonlyArray<{ group: SalesGrouping; basis: SalesBasis }> = [
  ...(['none', 'location', 'till', 'cashier', 'category', 'product', 'tender'] as const).map((group) => ({
    group,
    basis: 'happened' as const,
  })),
  ...(['none', 'location', 'till', 'cashier'] as const).map((group) => ({ group, basis: 'arrived' as const })),
];
