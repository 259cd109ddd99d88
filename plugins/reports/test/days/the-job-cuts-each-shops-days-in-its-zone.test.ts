import type { TestKernel, TestTenant } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_CUT_TICK_MS } from '../../src/server/days/register-day-cut.ts';
import { generateHistory, inBatches } from './generated-history.ts';
import { dayCutOf, dayRowCount, daysUnlikeHours, ingestAll, queriesKit, setTimezone } from './support.ts';

// The job ticks every DAY_CUT_TICK_MS; these tests wait for real ticks (PostgreSQL only: the cut's
// steps run on PGlite in the other tests of days/).
const TICKS = (n: number) => n * DAY_CUT_TICK_MS + 20_000;

describe('the day rollups job', () => {
  let kit: TestKernel;
  let shop: TestTenant;

  beforeAll(async () => {
    kit = await queriesKit('postgres');
    shop = await kit.createTenant();
    await setTimezone(kit, 'America/New_York', shop);
    const events = generateHistory({
      tenantId: shop.id,
      locationIds: [shop.locationId],
      stretches: [{ from: '2026-10-26T00:00:00Z', to: '2026-11-06T00:00:00Z' }],
      salesPerDay: 10,
      seed: 3,
    });
    await ingestAll(kit, shop, inBatches(events, 50, 3));
  });
  afterAll(async () => kit?.close());

  it("cuts a shop's hours into days in its zone without being asked, across the night its clocks go back", async () => {
    const cut = await eventually(
      () => dayCutOf(kit, shop),
      (found) => found?.state === 'ready' && found.timezone === 'America/New_York',
      TICKS(3),
    );
    expect(cut).toEqual({ timezone: 'America/New_York', state: 'ready' });
    expect(await dayRowCount(kit, shop)).toBeGreaterThan(50);
    expect(await daysUnlikeHours(kit, shop, 'America/New_York')).toEqual({});
  });

  it("cuts them again when the shop's zone changes", async () => {
    await setTimezone(kit, 'Europe/Lisbon', shop);
    const cut = await eventually(
      () => dayCutOf(kit, shop),
      (found) => found?.state === 'ready' && found.timezone === 'Europe/Lisbon',
      TICKS(3),
    );
    expect(cut).toEqual({ timezone: 'Europe/Lisbon', state: 'ready' });
    expect(await daysUnlikeHours(kit, shop, 'Europe/Lisbon')).toEqual({});
  });
});
