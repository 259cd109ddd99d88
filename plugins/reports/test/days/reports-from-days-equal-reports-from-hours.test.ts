import type { TestKernel, TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesBucket, SalesReport } from '../../src/shared/report-types.ts';
import { salesReportOf, type SalesAnswer } from '../../src/shared/sales-answer.ts';
import { generateHistory, inBatches, salesAt } from './generated-history.ts';
import {
  addLocation,
  cutSomeDays,
  cutTenantDays,
  DATABASE_KINDS,
  dayCutOf,
  dayRowCount,
  daysUnlikeHours,
  figuresFrom,
  GROUPED_BY,
  ingestAll,
  queriesKit,
  setTimezone,
  type FiguresQuery,
} from './support.ts';

/**
 * Day rollups are the hour rollups summed per local day, so every report by day, week or month —
 * and its previous period — must come out of them exactly as out of the hours. Proved over a
 * generated history fed through the live path while the days are being cut (before the cut, during
 * it and after it), in three zones:
 * - Europe/Berlin: clocks go forward on 29 March 2026 (a 23-hour day) and back on 25 October (25 hours);
 * - America/Santiago: clocks change at midnight — back on 5 April 2026 (23:00 on the 4th happens
 *   twice), forward on 6 September (its midnight never happens);
 * - Asia/Kolkata: half an hour off UTC, so every UTC hour starts at half past a local hour.
 */
const ZONES = ['Europe/Berlin', 'America/Santiago', 'Asia/Kolkata'] as const;

const STRETCHES = [
  { from: '2026-03-24T00:00:00Z', to: '2026-04-09T00:00:00Z' },
  { from: '2026-09-02T00:00:00Z', to: '2026-09-09T00:00:00Z' },
  { from: '2026-10-21T00:00:00Z', to: '2026-10-29T00:00:00Z' },
];

/** Periods over the changes of clocks, and a long one by week and month. */
const PERIODS: ReadonlyArray<{ from: string; to: string; by: readonly SalesBucket[] }> = [
  { from: '2026-03-28', to: '2026-04-06', by: ['day', 'week', 'month'] },
  { from: '2026-09-05', to: '2026-09-07', by: ['day', 'week'] },
  { from: '2026-10-24', to: '2026-10-27', by: ['day', 'week', 'month'] },
  { from: '2026-03-01', to: '2026-10-31', by: ['week', 'month'] },
];

const QUERIES: FiguresQuery[] = PERIODS.flatMap((period) =>
  period.by.flatMap((by) => GROUPED_BY.map(({ group, basis }) => ({ from: period.from, to: period.to, by, group, basis }))),
);

/** The period of the same length just before (what compare=previous reports beside it). */
function previousOf(query: FiguresQuery): FiguresQuery {
  const day = (date: string, move: number) => new Date(Date.parse(`${date}T00:00:00Z`) + move * 86_400_000).toISOString().slice(0, 10);
  const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
  return { ...query, from: day(query.from, -days), to: day(query.from, -1) };
}

describe.each(DATABASE_KINDS)('reports read from day rollups equal the same reports from hour rollups, on %s', (db) => {
  let kit: TestKernel;
  const shops = new Map<string, { tenant: TestTenant; locationIds: string[] }>();

  beforeAll(async () => {
    kit = await queriesKit(db);
    for (const [n, timezone] of ZONES.entries()) {
      const tenant = await kit.createTenant();
      await setTimezone(kit, timezone, tenant);
      const locationIds = [tenant.locationId, await addLocation(kit, 'Harbour Store', tenant.admin.token)];
      const events = generateHistory({ tenantId: tenant.id, locationIds, stretches: STRETCHES, salesPerDay: 8, seed: 22 + n });
      const batches = inBatches(events, 40, n);
      const half = Math.floor(batches.length / 2);
      // Half the history (from any time) before the days are cut: the cut copies it. A quarter while
      // they are being cut, half-way through the history: the live path adds to the days only the
      // hours the cut has passed — sales in the hour before the one it copies next, in that hour and
      // the hour after too. The rest once they are cut.
      await ingestAll(kit, tenant, batches.slice(0, half));
      const cutting = await cutSomeDays(kit, tenant, timezone, (cut) => cut.state === 'filling' && cut.fillHour! > '2026-04-01T00:00:00Z');
      expect(cutting.state).toBe('filling');
      const edge = Date.parse(cutting.fillHour!);
      for (const [i, minutes] of [-50, 0, 10, 70].entries())
        await ingestAll(kit, tenant, [salesAt(tenant.id, locationIds, new Date(edge + minutes * 60_000).toISOString(), 100 + i)]);
      await ingestAll(kit, tenant, batches.slice(half, half + Math.floor(half / 2)));
      await cutTenantDays(kit, tenant, timezone);
      await ingestAll(kit, tenant, batches.slice(half + Math.floor(half / 2)));
      shops.set(timezone, { tenant, locationIds });
    }
  }, 240_000);
  afterAll(async () => kit?.close());

  it.each(ZONES)(
    'in %s the day rollups hold exactly the hours summed per local day, cut before, during and after the live path wrote them',
    async (timezone) => {
      const { tenant } = shops.get(timezone)!;
      expect(await dayCutOf(kit, tenant)).toEqual({ timezone, state: 'ready' });
      expect(await dayRowCount(kit, tenant)).toBeGreaterThan(500);
      expect(await daysUnlikeHours(kit, tenant, timezone)).toEqual({});
    },
  );

  it.each(ZONES)(
    'in %s every report by day, week and month, and its previous period, reads the same from days as from hours',
    async (timezone) => {
      const { tenant, locationIds } = shops.get(timezone)!;
      let nonEmpty = 0;
      for (const query of QUERIES)
        for (const asked of [query, previousOf(query)]) {
          const fromHours = await figuresFrom(kit, tenant, 'hour', { timezone, locationIds }, asked);
          const fromDays = await figuresFrom(kit, tenant, 'day', { timezone, locationIds }, asked);
          expect(fromDays, JSON.stringify(asked)).toEqual(fromHours);
          if (fromHours.rows.length > 0) nonEmpty += 1;
        }
      // The periods hold sales: the comparison is of figures, not of empty reports.
      expect(nonEmpty).toBeGreaterThan(QUERIES.length);
    },
  );

  it.each(ZONES)(
    'in %s every report of one location by day, whose buckets are one day row each, reads the same from days as from hours',
    async (timezone) => {
      const { tenant, locationIds } = shops.get(timezone)!;
      for (const query of QUERIES.filter((asked) => asked.by === 'day'))
        for (const locationId of locationIds) {
          const window = { timezone, locationIds: [locationId] };
          const fromHours = await figuresFrom(kit, tenant, 'hour', window, query);
          expect(fromHours.rows.length, JSON.stringify(query)).toBeGreaterThan(0);
          expect(await figuresFrom(kit, tenant, 'day', window, query), JSON.stringify(query)).toEqual(fromHours);
        }
    },
  );

  it.each(ZONES)('in %s the sales route answers with compare=previous from the days what the hours say', async (timezone) => {
    const { tenant, locationIds } = shops.get(timezone)!;
    const asked = QUERIES.filter((query) => query.from !== '2026-03-01' && (query.by === 'day' || query.group === 'none'));
    for (const query of asked) {
      const answer = await kit.request<SalesAnswer>(
        'GET',
        `/api/v1/reports/sales?from=${query.from}&to=${query.to}&by=${query.by}&group=${query.group}&basis=${query.basis}&compare=previous`,
        { token: tenant.admin.token },
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const report = salesReportOf(answer.body);
      const figures = ({ bucket, key, label: _label, ...measures }: SalesReport['rows'][number]) => ({ bucket, key, measures });
      const current = await figuresFrom(kit, tenant, 'hour', { timezone, locationIds }, query);
      const previous = await figuresFrom(kit, tenant, 'hour', { timezone, locationIds }, previousOf(query));
      expect({ totals: report.totals, rows: report.rows.map(figures) }, JSON.stringify(query)).toEqual(current);
      expect({ totals: report.previous, rows: report.previousRows!.map(figures) }, JSON.stringify(query)).toEqual(previous);
    }
  });
});
