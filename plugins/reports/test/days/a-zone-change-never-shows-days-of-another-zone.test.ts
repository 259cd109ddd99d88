import type { TestKernel, TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesReport } from '../../src/shared/report-types.ts';
import { salesReportOf, type SalesAnswer } from '../../src/shared/sales-answer.ts';
import { generateHistory, inBatches } from './generated-history.ts';
import {
  cutSomeDays,
  cutTenantDays,
  DATABASE_KINDS,
  dayCutOf,
  daysUnlikeHours,
  figuresFrom,
  ingestAll,
  queriesKit,
  setTimezone,
  type FiguresQuery,
} from './support.ts';

const BY_DAY: FiguresQuery = { from: '2026-10-22', to: '2026-10-28', by: 'day', group: 'location', basis: 'happened' };

/**
 * A shop's days are cut in the zone it had; when its zone changes, a report is made in the new
 * zone from the hours until the days are cut again in it — never from days of the old zone.
 */
describe.each(DATABASE_KINDS)('a shop whose time zone changes, on %s', (db) => {
  let kit: TestKernel;
  let shop: TestTenant;

  const report = async () => {
    const answer = await kit.request<SalesAnswer>(
      'GET',
      `/api/v1/reports/sales?from=${BY_DAY.from}&to=${BY_DAY.to}&by=day&group=location&compare=previous`,
      { token: shop.admin.token },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return salesReportOf(answer.body);
  };
  /** What the report must say in `timezone`: the hours cut there (rows and totals of both periods). */
  const fromHours = async (timezone: string) => {
    const window = { timezone, locationIds: [shop.locationId] };
    const previous: FiguresQuery = { ...BY_DAY, from: '2026-10-15', to: '2026-10-21' };
    return {
      current: await figuresFrom(kit, shop, 'hour', window, BY_DAY),
      previous: await figuresFrom(kit, shop, 'hour', window, previous),
    };
  };
  const figures = (answer: SalesReport) => ({
    current: { totals: answer.totals, rows: answer.rows.map(({ bucket, key, label: _label, ...measures }) => ({ bucket, key, measures })) },
    previous: {
      totals: answer.previous,
      rows: answer.previousRows!.map(({ bucket, key, label: _label, ...measures }) => ({ bucket, key, measures })),
    },
  });

  /** Two years by product and month: served from day rollups, more than the 366 days allowed from hours. */
  const twoYearsByProduct = () =>
    kit.request<SalesAnswer & { code?: string; maxDays?: number }>(
      'GET',
      '/api/v1/reports/sales?from=2025-01-01&to=2026-12-31&by=month&group=product',
      { token: shop.admin.token },
    );

  beforeAll(async () => {
    kit = await queriesKit(db);
    shop = await kit.createTenant();
    await setTimezone(kit, 'Europe/Berlin', shop);
    const events = generateHistory({
      tenantId: shop.id,
      locationIds: [shop.locationId],
      stretches: [{ from: '2026-10-14T00:00:00Z', to: '2026-10-30T00:00:00Z' }],
      salesPerDay: 12,
      seed: 7,
    });
    await ingestAll(kit, shop, inBatches(events, 50, 7));
    await cutTenantDays(kit, shop, 'Europe/Berlin');
  });
  afterAll(async () => kit?.close());

  it('reads its days while they are cut in its zone', async () => {
    expect(await dayCutOf(kit, shop)).toEqual({ timezone: 'Europe/Berlin', state: 'ready' });
    expect(figures(await report())).toEqual(await fromHours('Europe/Berlin'));
    const byProduct = await twoYearsByProduct();
    expect(byProduct.status).toBe(200);
    expect(byProduct.body.rows.length).toBeGreaterThan(0);
    // A figure only the days hold shows in the report: it is read from them.
    await kit.kernel.db.query(
      `update reports.location_days set net = net + 1000000 where tenant_id = $1 and location_id = $2 and day = '2026-10-25'`,
      [shop.id, shop.locationId],
    );
    const marked = await report();
    expect(marked.rows.find((row) => row.bucket === '2026-10-25')!.net).toBe(
      (await fromHours('Europe/Berlin')).current.rows.find((row) => row.bucket === '2026-10-25')!.measures.net! + 1_000_000,
    );
  });

  it('once its zone changes, reports are made from the hours in the new zone, while the days are cleared, filled and when they are cut again', async () => {
    await setTimezone(kit, 'Asia/Kolkata', shop);
    const inKolkata = await fromHours('Asia/Kolkata');
    // The zone changed: Berlin's days (and the figure only they hold) are not read.
    const now = await report();
    expect(now.meta.timezone).toBe('Asia/Kolkata');
    expect(figures(now)).toEqual(inKolkata);
    expect(inKolkata).not.toEqual(await fromHours('Europe/Berlin'));
    // From hours, a product report covers a year at most.
    const refused = await twoYearsByProduct();
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'reports.range_too_large', maxDays: 366 });

    // Cut again, a step at a time: the same answer at every stage (clearing, filling, ready — the
    // job may take a few of the steps itself meanwhile).
    for (;;) {
      const cut = await cutSomeDays(kit, shop, 'Asia/Kolkata', () => true);
      expect(figures(await report()), cut.state).toEqual(inKolkata);
      if (cut.state === 'ready') break;
    }
    expect(await dayCutOf(kit, shop)).toEqual({ timezone: 'Asia/Kolkata', state: 'ready' });
    expect((await twoYearsByProduct()).status).toBe(200);
    // The days are the hours cut in Kolkata, nothing of Berlin's left.
    expect(await daysUnlikeHours(kit, shop, 'Asia/Kolkata')).toEqual({});
  });
});
